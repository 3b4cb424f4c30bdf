"""Word tokens with character offsets, by one regular expression (no model, ~MB/s)."""
from __future__ import annotations

import re

from .model import Token

__all__ = ["tokenize", "WORD"]

# Words keep inner hyphens, apostrophes and dots ("cease-fire", "O'Brien", "U.S."); "n't" is a token
# of its own ("didn't" -> "did", "n't") because negation is read from it; any other non-space
# character is a token by itself.
WORD = re.compile(r"\w+(?=n['’]t\b)|n['’]t\b|\w+(?:[-'’.&]\w+)*\.?(?<=[A-Z]\.)|\w+(?:[-'’&]\w+)*|[^\w\s]")

# The same tokens, faster. WORD's first three branches (n't and abbreviations) cost most of its time
# and can only match in a run of non-space characters that holds "n't" or a capital and a dot. No
# branch of WORD consumes or looks across white space, so the tokens of a text are the tokens of its
# runs of non-space characters, each taken alone: FAST takes such a run whole (group 1) and hands it
# to WORD; every other run is tokenised by WORD's last two branches alone, which are all that could
# match there. tests/events/test_tokens.py checks the two against each other.
_FAST = re.compile(r"(\S*?(?:[A-Z]\.|n['’]t)\S*)|\w+(?:[-'’&]\w+)*|[^\w\s]")
_tuple_new = tuple.__new__  # Token(...) goes through a Python-level __new__; this does not


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of text[start:end], offsets into `text`."""
    end = len(text) if end is None else end
    tokens: list[Token] = []
    append = tokens.append
    for m in _FAST.finditer(text, start, end):
        if m.lastindex:
            for w in WORD.finditer(text, m.start(), m.end()):
                word = w.group()
                append(_tuple_new(Token, (w.start(), w.end(), word, word.lower())))
        else:
            word = m.group()
            append(_tuple_new(Token, (m.start(), m.end(), word, word.lower())))
    return tokens
