from datetime import date

from pipeline.report import format_table, run_summary_text
from pipeline.runner import RunSummary


def test_format_table_aligns_and_cuts_long_cells():
    table = format_table(["day", "sentence"], [(date(2024, 5, 3), "x" * 100), (None, "short")], max_width=10)
    lines = table.splitlines()
    assert lines[0] == "day        | sentence"
    assert lines[2] == "2024-05-03 | xxxxxxxxx…"
    assert lines[3] == "NULL       | short"
    assert lines[-1] == "(2 rows)"


def test_run_summary_warns_when_the_counts_do_not_add_up():
    good = RunSummary("r", "success", 5, 3, 1, 1, 10, 4, 1, [])
    assert "do not add up" not in run_summary_text(good)
    bad = RunSummary("r", "partial", 5, 3, 0, 1, 10, 4, 1, ["batch 2 failed"])
    text = run_summary_text(bad)
    assert "do not add up" in text and "failed: batch 2 failed" in text
