"""Reports of a TempEval-3 Task A evaluation: JSON summaries and Markdown tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict
from pathlib import Path

from .timex_scoring import EvaluationResult, TimexError

__all__ = [
    "format_errors", "format_per_type_table", "format_report", "format_scores_table", "md_cell",
    "pct", "result_to_dict",
]

def result_to_dict(result: EvaluationResult, errors: int = 5) -> dict:
    """A JSON-ready summary: figures, per-type breakdown, top error groups, failures."""
    return {
        "corpus": result.corpus,
        "tagger": result.tagger,
        "use_dct": result.use_dct,
        "documents": result.n_documents,
        "chars": result.n_chars,
        "seconds": round(result.seconds, 3),
        "chars_per_second": round(result.chars_per_second),
        "scores": result.counts.figures(),
        "per_type": result.per_type_rows(),
        "errors": {
            kind: [
                {"key": g.key, "count": g.count, "examples": [asdict(e) for e in g.examples]}
                for g in result.error_groups(kind, top=errors)
            ]
            for kind in ("wrong_value", "wrong_type", "missed", "spurious")
        },
        "notes": result.notes,
        "failures": [asdict(f) for f in result.failures],
    }


def pct(x: float) -> str:
    return f"{100 * x:.1f}"


def format_scores_table(results: Iterable[EvaluationResult]) -> str:
    """One Markdown row per (corpus, tagger): TempEval-3 Task A figures in percent."""
    lines = [
        (
            "| corpus | tagger | DCT | docs | gold | sys | strict P | strict R | strict F1 | relaxed P "
            "| relaxed R | relaxed F1 | type acc | value acc | value F1 |"
        ),
        "|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in results:
        c = r.counts
        lines.append(
            f"| {Path(r.corpus).name or r.corpus} | {r.tagger} | {'yes' if r.use_dct else 'no'} "
            f"| {r.n_documents} | {c.gold} | {c.system} "
            f"| {pct(c.strict_precision)} | {pct(c.strict_recall)} | {pct(c.strict_f1)} "
            f"| {pct(c.relaxed_precision)} | {pct(c.relaxed_recall)} | {pct(c.relaxed_f1)} "
            f"| {pct(c.type_accuracy)} | {pct(c.value_accuracy)} | {pct(c.value_f1)} |"
        )
    return "\n".join(lines)


def format_per_type_table(result: EvaluationResult) -> str:
    """Per gold type: recall and type/value accuracy; per system type: count and relaxed precision."""
    lines = [
        "| type | gold | strict R | relaxed R | type acc | value acc | sys (this type) | relaxed P |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for row in result.per_type_rows():
        lines.append(
            f"| {row['type'] or '?'} | {row['gold']} | {pct(row['strict_recall'])} | {pct(row['relaxed_recall'])} "
            f"| {pct(row['type_accuracy'])} | {pct(row['value_accuracy'])} | {row['system']} "
            f"| {pct(row['relaxed_precision'])} |"
        )
    return "\n".join(lines)


def md_cell(text: str | None) -> str:
    # Table cells: keep them on one line and do not let a '|' split the cell.
    return " ".join((text or "").split()).replace("|", "\\|")


_ERROR_TITLES = {
    "wrong_value": "Wrong values (span found, value differs)",
    "wrong_type": "Wrong types (span found, type differs)",
    "missed": "Missed (gold timex with no overlapping system mention)",
    "spurious": "Spurious (system mention overlapping no gold timex)",
}


def format_errors(result: EvaluationResult, top: int = 5, examples: int = 3) -> str:
    """The most frequent errors of each kind, each with a few examples (doc, gold and system)."""
    sections = []
    for kind, title in _ERROR_TITLES.items():
        groups = result.error_groups(kind, top=top, examples=examples)
        total = sum(1 for e in result.errors if e.kind == kind)
        lines = [f"**{title}**: {total}", ""]
        if groups:
            lines += [
                "| n | expression | examples (doc: gold text = value → system text = value) |",
                "|--:|---|---|",
            ]
            for g in groups:
                shown = "; ".join(_format_example(e) for e in g.examples)
                lines.append(f"| {g.count} | {md_cell(g.key)} | {shown} |")
            lines.append("")
        sections.append("\n".join(lines))
    return "\n".join(sections)


def _format_example(e: TimexError) -> str:
    gold = f"“{md_cell(e.gold_text)}” = {e.gold_type} {md_cell(e.gold_value)}" if e.gold_text is not None else "—"
    system = (
        f"“{md_cell(e.system_text)}” = {e.system_type} {md_cell(e.system_value)}"
        if e.system_text is not None
        else "—"
    )
    return f"{md_cell(e.doc_id)}: {gold} → {system}"


def format_report(results: Sequence[EvaluationResult], errors: int = 5) -> str:
    """The full Markdown report: overall table, then per corpus and tagger the breakdown and errors."""
    parts = ["## TempEval-3 Task A", "", format_scores_table(results), ""]
    for r in results:
        parts += [f"### {r.tagger} on {r.corpus} (DCT as document_date: {'yes' if r.use_dct else 'no'})", ""]
        parts += [format_per_type_table(r), ""]
        if errors > 0:
            parts += [format_errors(r, top=errors), ""]
        if r.notes:
            parts += ["Notes on the gold data: " + "; ".join(r.notes) + ".", ""]
        if r.failures:
            parts += [f"**Failures**: {len(r.failures)}", ""]
            parts += [f"- {md_cell(f.path)}: {md_cell(f.reason)}" for f in r.failures[:10]]
            if len(r.failures) > 10:
                parts.append(f"- … and {len(r.failures) - 10} more (see --json)")
            parts.append("")
    return "\n".join(parts)
