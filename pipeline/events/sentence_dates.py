"""From dated mentions to events: what happened, and when.

First version: an event is a sentence of the article body anchored by one absolute date mention
(DATE or TIME with a resolved range). Later versions add actors, places, types and modality to the
same rows and cluster them across sources; the key (one event per anchoring mention) stays.
"""
from __future__ import annotations

import re

from pipeline.sentences import SentenceIndex

__all__ = ["event_rows", "is_publication_stamp", "EVENT_TYPES_OF_TIMEX"]

# DURATION ("three years") and SET ("every Monday") say how long or how often, not when.
EVENT_TYPES_OF_TIMEX = ("DATE", "TIME")

# "KYIV, August 3, 2022 — ..." and "Published on 3 May 2024": the date the article was written, not
# the date of anything it reports.
_DATELINE_BEFORE = re.compile(r"^\s*[A-Z][\w.'’ ]{0,40}(?:\([^)]{0,30}\))?\s*[,—–-]\s*$")
_DATELINE_AFTER = re.compile(r"^\s*(?:\([^)]{0,30}\)\s*)?[—–-]")
_STAMP_BEFORE = re.compile(r"(?:published|updated|posted|last updated|first published)\s*(?:on|:)?\s*$",
                           re.IGNORECASE)


# Both patterns need only the last few dozen characters before the date. Looking no further keeps the
# check constant per mention: on one long line, searching back to the line start was quadratic.
_LOOK_BACK = 200


def is_publication_stamp(text: str, start: int, end: int) -> bool:
    """Whether the date at [start, end) is a dateline or a Published/Updated stamp."""
    window_start = max(0, start - _LOOK_BACK)
    line_start = text.rfind("\n", window_start, start) + 1
    before = text[max(line_start, window_start):start]
    if _STAMP_BEFORE.search(before):
        return True
    at_line_start = line_start > 0 or window_start == 0
    return bool(at_line_start and _DATELINE_BEFORE.match(before) and _DATELINE_AFTER.match(text[end:end + 40]))


def event_rows(doc_id: str, text: str, mention_rows: list[dict], sentences: SentenceIndex) -> list[dict]:
    """One event row per in-body mention that pins an absolute date, with the sentence that holds it."""
    events = []
    for mention in mention_rows:
        if not mention["in_body"] or mention["timex_type"] not in EVENT_TYPES_OF_TIMEX:
            continue
        if mention["date_start"] is None or mention["date_end"] is None or mention["granularity"] is None:
            continue
        if is_publication_stamp(text, mention["start"], mention["end"]):
            continue
        start, end = mention["sentence_start"], mention["sentence_end"]
        if start is None or end is None:
            start, end = sentences.span_at(mention["start"], mention["end"])
        events.append({
            "event_id": f"{doc_id}:e{mention['start']}",
            "doc_id": doc_id,
            "mention_id": mention["mention_id"],
            "sentence": " ".join(text[start:end].split()),  # one line, whatever the source's wrapping
            "event_date_start": mention["date_start"],
            "event_date_end": mention["date_end"],
            "granularity": mention["granularity"],
        })
    return events
