"""The events benchmark writes its own section of a Markdown file, with the targets computed from the run
(the measures themselves are tested in tests/evaluation/)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent / "evaluation"))

from test_evaluation_events_report import write_corpus  # noqa: E402

from benchmarks.events_benchmark import main  # noqa: E402


def test_benchmark_writes_the_events_section_and_keeps_the_others(tmp_path):
    root = write_corpus(tmp_path / "corpus")
    page = tmp_path / "BENCHMARKS.md"
    page.write_text("# Benchmarks\n\n<!-- temporal:start -->\nkept\n<!-- temporal:end -->\n", encoding="utf-8")
    assert main(["--corpus", str(root), "--write", str(page)]) == 0
    text = page.read_text(encoding="utf-8")
    assert "<!-- temporal:start -->\nkept\n<!-- temporal:end -->" in text
    section = text.split("<!-- events:start -->", 1)[1].split("<!-- events:end -->", 1)[0]
    assert "benchmarks/events_benchmark.py --write BENCHMARKS.md" in section
    assert "| extraction stage MB/s (one core) |" in section and "anchoring on TimeBank" in section


def test_benchmark_without_the_corpus_says_so(tmp_path, capsys):
    assert main(["--corpus", str(tmp_path)]) == 2
    assert "corpus not found" in capsys.readouterr().err
