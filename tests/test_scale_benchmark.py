"""The scale benchmark's corpus generator and its reading of a run's timings line."""
from __future__ import annotations

import hashlib
import json
import os

import pytest

from benchmarks.make_scale_corpus import REPO_ROOT, generate
from benchmarks.make_scale_corpus import main as make_corpus
from benchmarks.scale_benchmark import parse_timings
from pipeline.workers import RunStats


@pytest.mark.corpus
def test_generated_documents_are_distinct_dated_and_unique_by_id(shared_corpus, tmp_path):
    made = generate(tmp_path / "c", 1200, shared_corpus, per_file=500)
    assert made["documents"] == 1200 and made["files"] == 3
    records = [json.loads(line) for path in sorted((tmp_path / "c").glob("*.jsonl"))
               for line in path.read_text().splitlines()]
    assert len(records) == 1200
    assert len({r["id"] for r in records}) == 1200
    # Distinct content, so dedup by content hash keeps every document.
    assert len({hashlib.sha256(r["text"].encode()).hexdigest() for r in records}) == 1200
    assert all(r["published"][:2] == "20" and r["text"].startswith(r["title"]) for r in records)
    sizes = sorted(len(r["text"]) for r in records)
    assert 1000 < sizes[len(sizes) // 2] < 4000  # TimeBank-sized articles
    # The same seed gives the same corpus.
    generate(tmp_path / "again", 1200, shared_corpus, per_file=500)
    assert (tmp_path / "c" / "scale-0001.jsonl").read_bytes() == (tmp_path / "again" / "scale-0001.jsonl").read_bytes()


@pytest.mark.corpus
def test_text_files_one_per_document(shared_corpus, tmp_path):
    made = generate(tmp_path / "t", 30, shared_corpus, fmt="txt")
    files = sorted((tmp_path / "t").rglob("*.txt"))
    assert made["files"] == 30 and len(files) == 30 and files[0].name == "scale-0000000.txt"


def test_the_generator_refuses_to_write_into_the_repository():
    with pytest.raises(SystemExit):
        make_corpus([str(REPO_ROOT / "data" / "scale-corpus"), "-n", "1"])
    assert not (REPO_ROOT / "data" / "scale-corpus").exists()


def test_the_benchmark_reads_the_timings_line_a_run_prints():
    stats = RunStats(workers=2, plan_seconds=1.25, extract_validate_seconds=61.0, extract_seconds=100.4,
                     validate_seconds=20.0, load_seconds=5.5, parent_peak_rss_kb=400 * 1024,
                     worker_peak_rss_kb={11: 512 * 1024, 12: 530 * 1024})
    parsed = parse_timings("run x: 3 input files\n" + stats.line() + "\n")
    assert parsed["extract_validate"] == 61.0 and parsed["load"] == 5.5 and parsed["plan"] == 1.2
    assert parsed["main_rss_mb"] == 400 and parsed["workers_rss_mb"] == [512, 530]
    single = RunStats(workers=1, load_seconds=2.0, parent_peak_rss_kb=300 * 1024)
    assert parse_timings(single.line())["workers_rss_mb"] == []


def test_dag_runs_render_per_stage_spans_peaks_and_the_speed_up():
    from benchmarks.scale_dag import render_dag_runs

    def run(parallelism, seconds):
        stage = {"span_seconds": seconds / 2, "summed_seconds": seconds, "peak_rss_mb": 400 + parallelism}
        return {"parallelism": parallelism, "state": "success", "run_seconds": seconds, "peak_tree_rss_mb": 900,
                "warehouse_mb": 11.0, "stages": {"plan": {**stage, "span_seconds": 0.3}, "extract": stage,
                                                 "validate": stage, "load": {**stage, "span_seconds": 8.0}}}

    lines = render_dag_runs({"sizes": [{"documents": 1000, "dag_runs": [run(1, 100.0), run(2, 60.0)]}]})
    table = [line for line in lines if line.startswith("| 1,000 |")]
    assert table[0].startswith("| 1,000 | 1 | success | 100 | 10 | 0.3 | 50 / 100 | 50 / 100 | 8.0 | - | 401 / 401 / 401 |")
    assert "| 1,000 | 2 | success | 60 | 17 |" in table[1]
    assert any("1.67× (target 1.8×)" in line for line in lines)
    assert render_dag_runs({"sizes": [{"documents": 10, "runs": []}]}) == []


def test_the_report_states_the_priority_the_benchmark_really_ran_at():
    from benchmarks.scale_benchmark import _command_prefix, _priority

    assert _priority({"niceness": 0}) == "The whole benchmark ran at the default priority (niceness 0)."
    assert _priority({"niceness": 10}) == "The whole benchmark ran at `nice -n 10`."
    # Results recorded before the niceness was: those runs were started with nice -n 10.
    assert _priority({}) == "The whole benchmark ran at `nice -n 10`."
    prefix = _command_prefix()
    assert prefix.endswith(".venv/bin/python ")
    assert prefix.startswith("nice -n ") == (os.nice(0) > 0)


def test_the_report_accounts_for_documents_a_run_rejected():
    from benchmarks.scale_benchmark import _accounting

    def results(loaded, rejected):
        return {"sizes": [{"documents": 100, "runs": [{"workers": 2, "documents_loaded": loaded,
                                                       "inputs_rejected": rejected}]}]}

    assert _accounting(results(100, 0)) == "Every document loaded in every run (`documents loaded` = N)."
    assert _accounting(results(98, 2)) == ("Not every document loaded: 100 documents, 2 worker(s): 98 loaded, "
                                           "2 rejected with their reason (`rejections`).")
