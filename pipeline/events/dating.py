"""The date that governs an event: which of a sentence's date mentions its trigger takes.

A date governs the events of its own clause segment (see `clauses`); among several there, the one a
preposition attaches right after the trigger ("met on 11 April") wins, then the nearest. An event
whose segment holds no date takes the nearest date of the sentence, unless a quotation or a reporting
frame separates them: "On 1 March Lukashenka said: 'I learnt of it on 24 February'" dates the
statement by 1 March and the learning by 24 February. An event with no governing date is dated by
the publication date through its tense (`date_basis = 'publication'`), or not at all.

"Recently", "in the future", "now" (TIMEX3 PAST_REF, FUTURE_REF, PRESENT_REF) place an event only
before, after or at the publication date. They govern the events of their own clause segment like any
date, never across segments (`RELATIVE_VALUES`); the event keeps its publication-relative range, and
the expression is recorded as the words that date it.
"""
from __future__ import annotations

import bisect

from .clauses import QUOTES
from .model import Token

__all__ = ["governing_date", "DATABLE_TYPES", "RELATIVE_VALUES", "is_relative"]

DATABLE_TYPES = ("DATE", "TIME")
RELATIVE_VALUES = frozenset({"PAST_REF", "FUTURE_REF", "PRESENT_REF"})
# "the recent unrest": such a word dates only the noun it modifies, not the clause's verb.
_ATTRIBUTIVE = frozenset({"recent", "current", "present", "past", "latest", "future", "former", "upcoming",
                          "coming", "previous", "earlier", "later"})
_ATTACHING = frozenset({"on", "in", "at", "since", "by", "during", "until", "till", "from", "before", "after",
                        "throughout", "early", "late", "last", "this", "next", "earlier", "later", "of"})


def is_relative(mention) -> bool:
    """Whether a temporal mention only says before, after or at the time of writing ("recently")."""
    return mention is not None and getattr(mention, "value", None) in RELATIVE_VALUES


def _token_at(tokens: list[Token], offset: int) -> int:
    """The first token ending after `offset` (the last token if none does); tokens are in text order."""
    return min(bisect.bisect_right(tokens, offset, key=_token_end), len(tokens) - 1)


def _token_end(token: Token) -> int:
    return token.end


def governing_date(i: int, tokens: list[Token], segments: list[int], dates: list, framed: bool,
                   reporting: bool = False):
    """The governing mention for the trigger at token i, among the sentence's datable `dates`
    (pipeline.temporal.TemporalMention), or None. A reporting trigger ("said") takes a date after it
    only when the date is attached to it ("said on Tuesday"): a later date belongs to what was said."""
    if not dates:
        return None
    placed = [(mention, _token_at(tokens, mention.start)) for mention in dates]
    if reporting:
        placed = [(m, k) for m, k in placed if k < i or (k - i <= 6 and _attached(tokens, i, k))]
    same = [(m, k) for m, k in placed if segments[k] == segments[i]
            and not (is_relative(m) and m.text.lower() in _ATTRIBUTIVE and not 0 < i - k <= 2)
            and (reporting or k < i or not any(t.lower in _REPORTING_WORDS for t in tokens[i + 1:k]))]
    # "Recently" in another segment says nothing of this event: only a date proper reaches across.
    placed = [(m, k) for m, k in placed if not is_relative(m)]
    if same:
        after = [(m, k) for m, k in same if 0 < k - i <= 8 and _attached(tokens, i, k)]
        if after:
            return min(after, key=lambda mk: mk[1] - i)[0]
        return min(same, key=lambda mk: abs(mk[1] - i))[0]
    trigger_quoted = _quoted(tokens, i)
    reachable = [(m, k) for m, k in placed if _quoted(tokens, k) == trigger_quoted]
    if not reachable:
        return None
    if framed and not trigger_quoted:
        # A reported event in indirect speech keeps the frame's date only when the date sits in its part
        # of the sentence; the frame's own segment date belongs to the frame.
        return None
    return min(reachable, key=lambda mk: abs(mk[1] - i))[0]


# A reporting verb between an event and a date takes the date: "cut its dividend, officials said on Monday".
_REPORTING_WORDS = frozenset({"said", "says", "say", "told", "tells", "announced", "announces", "added", "stated",
                              "reported", "confirmed", "declared", "claimed"})


def _attached(tokens: list[Token], i: int, k: int) -> bool:
    """Whether only a preposition phrase's words lie between the trigger at i and the date at k."""
    between = [t.lower for t in tokens[i + 1:k]]
    if any(word in _REPORTING_WORDS for word in between):
        return False
    return not between or between[-1] in _ATTACHING or between[0] in _ATTACHING


def _quoted(tokens: list[Token], i: int) -> bool:
    return sum(1 for t in tokens[:i] if t.text in QUOTES) % 2 == 1
