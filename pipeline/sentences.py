"""Sentence boundaries, as character spans of the document text.

We use sentencex (Wikimedia's rule-based segmenter, Rust core, ~300 languages, maintained): it knows
English abbreviations ("a.m.", "Feb.", "U.S.", "Mr.") that a naive splitter breaks on, and runs at
tens of MB/s, far faster than the tagging it serves.

No sentence is longer than MAX_SENTENCE_CHARS. Text without sentence punctuation (a scraped page
flattened to one line, a list, a table) would otherwise be one "sentence" of any length, and every
later step that works per sentence (triggers, clauses, actors, dates) costs at least the square of a
sentence's length: 25 KB of such text took 40 s, 50 KB over 5 minutes. Capping here, once, keeps every
consumer linear in the size of the document.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sentencex import get_sentence_boundaries

__all__ = ["MAX_SENTENCE_CHARS", "SentenceIndex", "sentence_spans"]

# A longer span is cut into pieces of at most this many characters. 99.9 % of the sentences of
# TimeBank, AQUAINT, WikiWars and our seed articles are under 550 characters; 2 of 9,039 exceed 1,000.
MAX_SENTENCE_CHARS = 1000
# Where a piece may end, best first, within the last half of the window: after clause punctuation,
# then at any whitespace. A cut never falls inside a span the caller asks to keep whole (a date).
_CLAUSE_BREAK = re.compile(r"[;:,)\]](?=\s)|\s[—–-](?=\s)")
_WHITESPACE = re.compile(r"\s+")


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


def sentence_spans(text: str, language: str = "en",
                   keep_whole: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Spans [start, end) of the sentences of `text`, trailing whitespace trimmed, paragraph breaks skipped.

    A sentence longer than MAX_SENTENCE_CHARS is cut into pieces, never inside a span of `keep_whole`
    (the document's temporal mentions, so that a date stays in one sentence)."""
    guard = _Guard(keep_whole)
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text):
        for start, end in _segment(text, block_start, block_end, language):
            if end - start <= MAX_SENTENCE_CHARS:
                spans.append((start, end))
            else:
                spans.extend(_cap(text, start, end, guard))
    return spans


class _Guard:
    """Answers "does offset c fall strictly inside a kept span?" in O(log n)."""

    def __init__(self, keep_whole: Sequence[tuple[int, int]]):
        ordered = sorted(keep_whole)
        self._starts = [start for start, _ in ordered]
        self._reach, furthest = [], -1  # the furthest end among the spans starting at or before each one
        for _, end in ordered:
            furthest = max(furthest, end)
            self._reach.append(furthest)

    def inside(self, offset: int) -> bool:
        i = bisect.bisect_left(self._starts, offset) - 1  # the last span starting before offset
        return i >= 0 and self._reach[i] > offset

    def way_out(self, offset: int) -> int:
        """The first offset at or after `offset` that is not inside a kept span."""
        while self.inside(offset):
            offset = self._reach[bisect.bisect_left(self._starts, offset) - 1]
        return offset


def _cap(text: str, start: int, end: int, guard: _Guard) -> list[tuple[int, int]]:
    """Cut [start, end) into pieces of at most MAX_SENTENCE_CHARS (a kept span may stretch one a little)."""
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        window_start, window_end = start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS
        cut = None
        for pattern in (_CLAUSE_BREAK, _WHITESPACE):
            ends = [m.end() if pattern is _CLAUSE_BREAK else m.start()
                    for m in pattern.finditer(text, window_start, window_end)]
            cut = next((c for c in reversed(ends) if not guard.inside(c)), None)
            if cut is not None:
                break
        if cut is None:  # no break in half a window: one long token, or kept spans all along
            cut = guard.way_out(window_end)
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end > start:
            pieces.append((start, piece_end))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        pieces.append((start, end))
    return pieces


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
    def of(cls, text: str, keep_whole: Sequence[tuple[int, int]] = ()) -> SentenceIndex:
        return cls(text, sentence_spans(text, keep_whole=keep_whole))

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
