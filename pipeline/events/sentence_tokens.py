"""One document's sentences tokenised once, shared by triggers, actors, places, modality and dating.

Before, each layer tokenised every sentence again (triggers, actors, then places and the event
assembly through a small LRU cache that long documents overflowed): tokenising was the largest single
cost of the event stage. A `TokenIndex` holds, for each sentence span asked for, its tokens, and on
first use their clause segments, their end offsets (for bisection) and a start offset -> token index
map. Everything is derived from `tokenize(text, start, end)` alone, so a layer given the index sees
exactly the tokens it would have made itself.
"""
from __future__ import annotations

import bisect
from operator import itemgetter

from .clauses import segment_ids
from .model import Token
from .tokens import tokenize

__all__ = ["SentenceTokens", "TokenIndex"]

_start = itemgetter(0)  # Token.start


class SentenceTokens:
    """The tokens of text[start:end], with lazily derived clause segments, ends and a start index."""

    __slots__ = ("start", "end", "tokens", "_segments", "_ends", "_index")

    def __init__(self, start: int, end: int, tokens: list[Token]):
        self.start, self.end, self.tokens = start, end, tokens
        self._segments: list[int] | None = None
        self._ends: list[int] | None = None
        self._index: dict[int, int] | None = None

    @property
    def segments(self) -> list[int]:
        """`clauses.segment_ids` of the tokens."""
        if self._segments is None:
            self._segments = segment_ids(self.tokens)
        return self._segments

    @property
    def index(self) -> dict[int, int]:
        """Token start offset -> its index in `tokens`."""
        if self._index is None:
            self._index = dict(zip(map(_start, self.tokens), range(len(self.tokens))))
        return self._index

    def at(self, offset: int) -> int:
        """The first token ending after `offset` (the last token if none does)."""
        if self._ends is None:
            self._ends = [token.end for token in self.tokens]
        return min(bisect.bisect_right(self._ends, offset), len(self.tokens) - 1)


class TokenIndex:
    """Sentence spans of one text -> their `SentenceTokens`, each tokenised on first request."""

    __slots__ = ("text", "_sentences")

    def __init__(self, text: str):
        self.text = text
        self._sentences: dict[tuple[int, int], SentenceTokens] = {}

    def sentence(self, start: int, end: int) -> SentenceTokens:
        found = self._sentences.get((start, end))
        if found is None:
            found = self._sentences[(start, end)] = SentenceTokens(start, end, tokenize(self.text, start, end))
        return found

    def tokens(self, start: int, end: int) -> list[Token]:
        return self.sentence(start, end).tokens

    def words_after(self, sentence: SentenceTokens, i: int, reach: int, limit: int) -> list[str]:
        """`[t.lower for t in tokenize(text, end, min(sentence.end, end + reach))][:limit]` where `end` is
        token i's end, mostly from the sentence's tokens. A token never spans white space, so the tokens of
        that window are the sentence's own except in a run of non-space characters the window's end cuts:
        that run alone is tokenised again, up to the cut."""
        text, tokens = self.text, sentence.tokens
        begin = tokens[i].end
        cut = min(sentence.end, begin + reach)
        run = cut  # where the cut run starts, or `cut` when the window ends at white space or the sentence end
        if cut < sentence.end and not text[cut].isspace():
            while run > begin and not text[run - 1].isspace():
                run -= 1
        words: list[str] = []
        for token in tokens[i + 1:i + 1 + limit]:
            if token.start >= run:
                break
            words.append(token.lower)
        if len(words) < limit and run < cut:
            words.extend(t.lower for t in tokenize(text, run, cut))
        return words[:limit]

    def __len__(self) -> int:
        return len(self._sentences)
