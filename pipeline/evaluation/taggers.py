"""Taggers to evaluate: Datewire's own (`pipeline.temporal.tag`) and dateparser's `search_dates`, the
baseline it has to beat; `load_tagger` turns a command-line name into one."""

from __future__ import annotations

import importlib
from datetime import date, datetime

from .timex_scoring import SystemTimex, Tagger

__all__ = ["BASELINE_FALLBACK_BASE", "datewire_tagger", "load_tagger", "search_dates_baseline"]


# Used only when a document has no DCT at all: a fixed date keeps the baseline reproducible (never the
# wall clock). Every document of the shipped corpora has a DCT.
BASELINE_FALLBACK_BASE = datetime(2000, 1, 1)


def search_dates_baseline(text: str, document_date: date | None) -> list[SystemTimex]:
    """dateparser's `search_dates` as a tagger: English only, relative expressions resolved against
    document_date, every hit typed DATE with a day value YYYY-MM-DD.

    Spans: search_dates returns substrings, not offsets, so each is located by searching the text
    forward from the end of the previous hit (its hits come in text order).
    """
    from dateparser.search import search_dates  # imported here: slow to import, only the baseline needs it

    base = (
        datetime(document_date.year, document_date.month, document_date.day)
        if document_date is not None
        else BASELINE_FALLBACK_BASE
    )
    found = search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
    mentions = []
    cursor = 0
    for substring, when in found:
        start = text.find(substring, cursor)
        if start < 0:  # not where we expected: dateparser may reorder; look from the start once
            start = text.find(substring)
            if start < 0:
                continue
        end = start + len(substring)
        cursor = end
        # Format by hand: strftime("%Y") does not zero-pad years before 1000 on every platform.
        value = f"{when.year:04d}-{when.month:02d}-{when.day:02d}"
        mentions.append(SystemTimex(start, end, "DATE", value))
    return mentions


def datewire_tagger(text: str, document_date: date | None) -> list[SystemTimex]:
    """Adapter for Datewire's own tagger, `pipeline.temporal.tag`."""
    from pipeline.temporal import tag

    result = tag(text, document_date)
    return [SystemTimex(m.start, m.end, m.type, m.value) for m in result.mentions]


def load_tagger(spec: str) -> tuple[Tagger, str]:
    """A tagger from a name: 'datewire' (pipeline.temporal.tag), 'baseline' (search_dates), or
    'module:function' for any callable (text, document_date) -> list[SystemTimex] (or a TaggingResult,
    or a list of objects with start/end/type/value)."""
    if spec == "datewire":
        # Fail now, with ImportError, not once per document (the package may exist before `tag` does).
        from pipeline.temporal import tag  # noqa: F401

        return datewire_tagger, "datewire"
    if spec == "baseline":
        return search_dates_baseline, "search_dates"
    module_name, _, function_name = spec.partition(":")
    if not function_name:
        raise ValueError(f"tagger must be 'datewire', 'baseline' or 'module:function', not {spec!r}")
    function = getattr(importlib.import_module(module_name), function_name)

    def tagger(text: str, document_date: date | None) -> list[SystemTimex]:
        out = function(text, document_date)
        mentions = getattr(out, "mentions", out)
        return [SystemTimex(m.start, m.end, m.type, m.value) for m in mentions]

    return tagger, spec
