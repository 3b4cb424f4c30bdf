"""The `datewire` command, called as a user would (in-process main() and a real subprocess)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT, SAMPLES

from pipeline.cli import main

CONTRACT_KEYS = {"doc_id", "start", "end", "text", "type", "timex", "date_start", "date_end", "granularity",
                 "in_body", "sentence"}


def test_extract_prints_the_json_lines_contract(capsys):
    assert main(["extract", str(SAMPLES / "harbour-strike.txt")]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert records and all(set(r) == CONTRACT_KEYS for r in records)
    text = (SAMPLES / "harbour-strike.txt").read_text()
    assert all(text[r["start"]:r["end"]] == r["text"] for r in records)
    by_text = {r["text"]: r for r in records}
    assert by_text["28 February"]["timex"] == "2024-02-28"
    assert by_text["28 February"]["date_start"] == by_text["28 February"]["date_end"] == "2024-02-28"
    assert by_text["28 February"]["sentence"].startswith("The union said its members")
    assert by_text["eleven days"]["type"] == "DURATION" and by_text["eleven days"]["date_start"] is None


def test_extract_offsets_index_the_jsonl_records_text(capsys):
    assert main(["extract", str(SAMPLES / "wire.jsonl")]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    texts = {json.loads(line)["id"]: json.loads(line)["text"] for line in (SAMPLES / "wire.jsonl").open()}
    assert {r["doc_id"] for r in records} == set(texts)
    assert all(texts[r["doc_id"]][r["start"]:r["end"]] == r["text"] for r in records)


def test_extract_reference_date_anchors_undated_text(capsys):
    assert main(["extract", str(SAMPLES / "undated-feature.txt"), "--reference-date", "2025-06-15"]) == 0
    records = {r["text"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert records["two years ago"]["timex"] == "2023"


def test_a_bad_reference_date_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", str(SAMPLES), "--reference-date", "24/02/2022"])
    assert exit_info.value.code == 2
    assert "is not a date in the form YYYY-MM-DD" in capsys.readouterr().err


def test_run_then_query_and_summary(settings, capsys):
    warehouse = str(settings.warehouse)
    assert main(["run", str(SAMPLES), "--warehouse", warehouse, "--preview", "3"]) == 0
    out = capsys.readouterr().out
    assert "documents loaded   8" in out and "First rows of the timeline" in out
    assert main(["query", "SELECT count(*) AS n FROM documents", "--warehouse", warehouse,
                 "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"n": 8}
    assert main(["summary", "--warehouse", warehouse]) == 0
    assert "inputs seen        8" in capsys.readouterr().out


def test_query_errors_are_one_line_not_a_traceback(settings, capsys):
    assert main(["query", "SELECT 1", "--warehouse", str(settings.warehouse)]) == 1
    assert "no warehouse at" in capsys.readouterr().err
    main(["run", str(SAMPLES / "harbour-strike.txt"), "--warehouse", str(settings.warehouse), "--preview", "0"])
    capsys.readouterr()
    assert main(["query", "SELEC nonsense", "--warehouse", str(settings.warehouse)]) == 1
    assert "syntax error" in capsys.readouterr().err.lower()


def test_the_installed_command_has_help():
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "datewire"), "--help"], capture_output=True, text=True)
    if result.returncode != 0 and not (ROOT / ".venv" / "bin" / "datewire").exists():
        result = subprocess.run([sys.executable, "-m", "pipeline.cli", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for command in ("run", "extract", "query", "summary", "evaluate", "quality-docs"):
        assert command in result.stdout
