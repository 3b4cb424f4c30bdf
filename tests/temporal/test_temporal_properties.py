"""Property-based: any text is tagged without error, and every offset slices out its text."""
from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.temporal import GRANULARITIES, tag

_PIECES = st.sampled_from([
    "24 February", "Feb. 27", "2022", "20222", "31 February", "on Thursday", "we", "may", "May", "1000 km",
    "5 a.m.", "the late 1980s", "last autumn", "two years ago", "Seven years later", "09/05/2024", "16/05/2024",
    "every Monday", "the past three months", "January–February", "now", "today", "Q3 2021", "the 1st of May",
    "from 2014 to 2016", " ", ", ", ".", "\n", "’s", "the", "in", "3:45", "99/99/9999", "0/0/0000", "AD 12", "12 BC",
    "a year and a half ago", "April 24 and 25", "4 in the morning", "the night of 10 August 1792", "later in the year",
    "146 B.C", "03:00hrs", "agreed to buy", "(1790)", "since 1614", "rising",
])
_TEXT = st.one_of(st.text(max_size=200), st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=30).map("".join))


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, doc=st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))))
def test_never_raises_and_offsets_slice_exactly(text, doc):
    r = tag(text, doc)
    last_end = -1
    for m in r.mentions:
        assert text[m.start:m.end] == m.text
        assert m.start >= last_end  # sorted, non-overlapping
        last_end = m.end
        assert m.type in ("DATE", "TIME", "DURATION", "SET")
        assert m.granularity is None or m.granularity in GRANULARITIES
        assert (m.date_start is None) == (m.date_end is None)
        if m.date_start:
            assert m.date_start <= m.date_end
    for p in r.problems:
        assert text[p.start:p.end] == p.text and p.reason
    assert r.date_order in ("DMY", "MDY")
    assert r.anchor_source in ("metadata", "inferred", "reference", "unknown")
