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


_SENTENCE_END = ".!?:;\"'”’)»…"


def _blocks(text: str) -> list[tuple[int, int]]:
    """Split at line breaks that end a sentence or a heading.

    Scraped news puts headings, bylines and paragraphs on lines of their own, with no final full stop
    on the heading; the segmenter would run a heading into the next paragraph. A line that ends
    mid-sentence (a hard wrap: no closing punctuation, next line starts in lower case) is kept joined.
    """
    blocks, start, position = [], 0, 0
    for line in text.splitlines(keepends=True):
        position += len(line)
        stripped = line.rstrip()
        following = text[position:position + 1]
        wrapped = stripped and stripped[-1] not in _SENTENCE_END and following.islower()
        if not wrapped:
            blocks.append((start, position))
            start = position
    if start < len(text):
        blocks.append((start, len(text)))
    return blocks


def sentence_spans(text: str, language: str = "en") -> list[tuple[int, int]]:
    """Spans [start, end) of the sentences of `text`, trailing whitespace trimmed, paragraph breaks skipped."""
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text):
        spans.extend(_segment(text, block_start, block_end, language))
    return spans


def _segment(text: str, offset: int, stop: int, language: str) -> list[tuple[int, int]]:
    spans = []
    block = text[offset:stop]
    if not block.strip():
        return spans
    for boundary in get_sentence_boundaries(language, block):
        if boundary["is_paragraph_break"]:
            continue
        start, end = offset + boundary["start_index"], offset + boundary["end_index"]
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
    def of(cls, text: str) -> SentenceIndex:
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
