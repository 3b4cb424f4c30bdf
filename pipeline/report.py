"""What a run says back: its summary, the first rows of the timeline, and tables for the terminal."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

__all__ = ["format_table", "run_summary_text", "timeline_preview", "warehouse_totals"]


def _cell(value, width: int) -> str:
    if value is None:
        text = "NULL"
    elif isinstance(value, (date, datetime)):
        text = value.isoformat()
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(columns: Sequence[str], rows: Sequence[Sequence], max_width: int = 60) -> str:
    """A plain-text table, each cell cut at max_width characters."""
    cells = [[_cell(v, max_width) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    line = lambda values: " | ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip()  # noqa: E731
    out = [line(columns), "-+-".join("-" * w for w in widths)]
    out.extend(line(r) for r in cells)
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


_UNFINISHED = {
    "running": "its load has not finished: a load is in progress, or its process was killed (the next run "
               "will mark it abandoned)",
    "abandoned": "its process died before the load committed; a later run marked it abandoned",
    "failed": "its load failed and was rolled back; its staging folder is kept for inspection until the "
              "next run's load or `datewire clean`",
}


def run_summary_text(summary) -> str:
    """The run's accounting in a few lines: every input is either loaded, unchanged or rejected."""
    if not getattr(summary, "counts_recorded", True):
        why = _UNFINISHED.get(summary.status, "it did not finish its load")
        return "\n".join([f"Run {summary.run_id}: {summary.status}",
                          f"  nothing was loaded and nothing counted: {why}"]
                         + [f"  failed: {failure}" for failure in summary.failed_batches])
    lines = [
        f"Run {summary.run_id}: {summary.status}",
        f"  inputs seen        {summary.n_inputs}",
        f"  documents loaded   {summary.n_documents}",
        f"  unchanged, skipped {summary.n_unchanged}",
        f"  inputs rejected    {summary.n_rejected_inputs}",
        f"  mentions loaded    {summary.n_mentions}",
        f"  events loaded      {summary.n_events}",
        f"  rejection rows     {summary.n_rejections}   (see: datewire query \"SELECT * FROM rejections\")",
    ]
    if not summary.balanced:
        lines.append("  WARNING: the counts do not add up (inputs != loaded + unchanged + rejected)")
    for failure in summary.failed_batches:
        lines.append(f"  failed: {failure}")
    return "\n".join(lines)


def warehouse_totals(warehouse: Path) -> str:
    """One line: what the warehouse holds now, across all runs."""
    from pipeline.warehouse import query  # noqa: PLC0415

    counts = query(warehouse, "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM mentions), "
                              "(SELECT count(*) FROM events), (SELECT count(*) FROM rejections)")[1][0]
    return ("The warehouse holds {} documents, {} mentions, {} events and {} rejections."
            .format(*counts))


def timeline_preview(warehouse: Path, limit: int = 10, run_id: str | None = None) -> str:
    """The first rows of the timeline; with `run_id`, only of documents that run loaded."""
    from pipeline.warehouse import query  # noqa: PLC0415

    where = "WHERE doc_id IN (SELECT doc_id FROM documents WHERE run_id = $run_id) " if run_id else ""
    columns, rows = query(warehouse, "SELECT event_date_start, granularity, date_text, doc_id, sentence "
                                     f"FROM timeline {where}LIMIT {int(limit)}",
                          {"run_id": run_id} if run_id else None)
    if run_id and not rows:
        return "(this run loaded no dated events)"
    return format_table(columns, rows, max_width=70)
