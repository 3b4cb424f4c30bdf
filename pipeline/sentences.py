"""Sentence boundaries, as character spans of the document text.

We use sentencex (Wikimedia's rule-based segmenter, Rust core, ~300 languages, maintained): it knows
English abbreviations ("a.m.", "Feb.", "U.S.", "Mr.") that a naive splitter breaks on, and runs at
tens of MB/s, far faster than the tagging it serves.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from sentencex import get_sentence_boundaries

__all__ = ["SentenceIndex", "sentence_spans"]


def sentence_spans(text: str, language: str = "en") -> list[tuple[int, int]]:
    """Spans [start, end) of the sentences of `text`, trailing whitespace trimmed, paragraph breaks skipped."""
    spans: list[tuple[int, int]] = []
    for boundary in get_sentence_boundaries(language, text):
        if boundary["is_paragraph_break"]:
            continue
        start, end = boundary["start_index"], boundary["end_index"]
        # Trim whitespace so a span slices out exactly the sentence a reader sees.
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans


@dataclass
class SentenceIndex:
    """Finds the sentence that holds a character offset, in O(log n)."""

    text: str
    spans: list[tuple[int, int]]

    def __post_init__(self) -> None:
        self._starts = [start for start, _ in self.spans]

    @classmethod
    def of(cls, text: str) -> "SentenceIndex":
        return cls(text, sentence_spans(text))

    def span_at(self, start: int, end: int) -> tuple[int, int]:
        """The sentence containing [start, end); a mention crossing a boundary gets the union."""
        i = bisect.bisect_right(self._starts, start) - 1
        if i < 0:
            return (start, end)
        first_start, first_end = self.spans[i]
        if start >= first_end:  # in the whitespace between sentences
            return (start, end)
        j = i
        while self.spans[j][1] < end and j + 1 < len(self.spans):
            j += 1
        return (first_start, max(self.spans[j][1], end))
