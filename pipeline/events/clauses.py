"""Clause segments of a sentence, from punctuation and subordinators (no parser).

A date, a negation or a speaker reaches the events of its own segment: quotation marks, semicolons,
colons, brackets and dashes close a segment, and so does a comma that opens a relative or
subordinate clause (", which", ", while", ", after"). Good enough to keep "On 1 March, X said: 'I
learnt of it on 24 February'" from dating the statement by the second date.
"""
from __future__ import annotations

from .model import Token

__all__ = ["segment_ids", "QUOTES"]

QUOTES = frozenset({'"', "“", "”", "«", "»", "„"})
_HARD = frozenset({";", ":", "(", ")", "[", "]", "—", "–"}) | QUOTES
_SUBORDINATORS = frozenset({"which", "who", "whom", "whose", "where", "while", "although", "though", "because",
                            "after", "before", "when", "but", "whereas", "since", "until", "as", "if", "unless"})


def segment_ids(tokens: list[Token]) -> list[int]:
    """For each token, the number of the clause segment it belongs to (punctuation takes the next one)."""
    ids, current = [], 0
    for i, token in enumerate(tokens):
        lower = token.lower
        if lower in _HARD or (lower == "'" and _is_quote_apostrophe(tokens, i)):
            current += 1
            ids.append(current)
            continue
        if lower == "," and i + 1 < len(tokens) and tokens[i + 1].lower in _SUBORDINATORS:
            current += 1
        ids.append(current)
    return ids


def _is_quote_apostrophe(tokens: list[Token], i: int) -> bool:
    # A lone ' opens or closes a quotation when it is not glued to a word on both sides.
    before = tokens[i - 1].end == tokens[i].start if i > 0 else False
    after = tokens[i + 1].start == tokens[i].end if i + 1 < len(tokens) else False
    return not (before and after)
