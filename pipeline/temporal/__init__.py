"""Temporal tagging: find date and time expressions in news text and give them TIMEX3 values.

`tag(text, document_date)` finds candidates with our own grammar (`grammar.py`), reads them into
TIMEX3 type/value/mod (`normalize.py` dispatches to `absolute.py`, `relative.py`, `durations.py` and
`holidays.py`; `counts.py` rejects counts read as years; dateparser reads written full dates), infers the document
date when metadata lacks it (`document_date.py`) and resolves underspecified and relative values
against the document date, the tense and previous mentions (`anchoring.py`).
"""
from .tagger import GRANULARITIES, TaggingResult, TemporalMention, TemporalProblem, tag

__all__ = ["GRANULARITIES", "TaggingResult", "TemporalMention", "TemporalProblem", "tag"]
