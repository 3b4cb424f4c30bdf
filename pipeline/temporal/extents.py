"""Span extents after selection: what a TIMEX3 includes besides the temporal words themselves.

TimeML's TIMEX3 extent is the whole temporal noun phrase: the determiner of a phrase whose head is a
temporal noun ("the third quarter", "the next day", "the 1990s", "the spring of 1916") and a
quantifying modifier of a duration or date ("nearly four years", "more than a week", "at least 30
days", "ca. 466 BC"). It leaves out prepositions ("in", "on", "over", "within", "up to" before a
date) and the determiner of a phrase the date only modifies ("the 1998 budget", "the Aug. 7
bombing", "the third-quarter results", "the Christmas holiday"): those are not widened here.

The readers find the temporal words; this pass widens a selected span leftwards over such words when
they stand right before it and belong to no other mention.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .spec import Spec

__all__ = ["widen_extents"]

# Temporal heads that take "the" inside the TIMEX3: a following/previous period, an ordinal period,
# seasons and parts of the day, and the part of a period ("the end of March", "the beginning of 1916"):
# TimeBank+AQUAINT includes "the end/beginning/middle of" with its "the" in 9 of 9 TIMEX3, WikiWars in 64
# of 65 (the other is "the beginning of Year One of the French Republican Calendar").
_DETERMINED_FIRST_WORDS = frozenset({
    "next", "following", "same", "previous", "preceding", "prior",
    "first", "second", "third", "fourth", "final",
    "early", "late", "mid",
    "spring", "summer", "autumn", "fall", "winter",
    "night", "morning", "afternoon", "evening",
})
_DETERMINED_GRANULARITIES = frozenset({"season", "decade", "century", "quarter", "half"})
_THE_BEFORE = re.compile(r"(?<![\w-])(?:the|The|THE)[^\S\n]+$")
_PART_OF_PERIOD = re.compile(r"(?:end|beginning|start|middle)\s+of\b", re.IGNORECASE)
# "the end of" right before a date read without it ("the end of the 1990s", "the start of the second
# quarter", "the middle of summer"): TimeML keeps the part inside the extent and says which in mod.
_PART_OF_BEFORE = re.compile(
    r"(?<![\w-])(?:the|The|THE)[^\S\n]+(?P<part>end|beginning|start|middle)[^\S\n]+of[^\S\n]+$", re.IGNORECASE)
_PART_MOD = {"end": "END", "beginning": "START", "start": "START", "middle": "MID"}

# Quantifying modifiers TimeML keeps in the extent (its mod attribute says which): "nearly four
# years", "more than a week", "less than a year later", "at least 30 days", "ca. 466 BC".
_MODIFIER_BEFORE = re.compile(
    r"(?<![\w-])(?P<mod>nearly|almost|more\s+than|less\s+than|fewer\s+than|at\s+least|no\s+more\s+than"
    r"|up\s+to|a\s+little\s+(?:more|less)\s+than|ca\.|circa)[^\S\n]+$", re.IGNORECASE)
_MOD_OF = {"nearly": "APPROX", "almost": "APPROX", "ca.": "APPROX", "circa": "APPROX", "more than": "MORE_THAN",
           "less than": "LESS_THAN", "fewer than": "LESS_THAN", "at least": "EQUAL_OR_MORE",
           "no more than": "EQUAL_OR_LESS", "up to": "EQUAL_OR_LESS", "a little more than": "MORE_THAN",
           "a little less than": "LESS_THAN"}
_LOOK_BACK = 24


def widen_extents(specs: list[Spec], text: str) -> list[Spec]:
    """The selected specs (sorted, disjoint) with their starts moved left over a determiner or a
    quantifying modifier that belongs to the expression, never into the previous spec."""
    out: list[Spec] = []
    prev_end = 0
    for spec in specs:
        floor = max(prev_end, spec.start - _LOOK_BACK)
        left = text[floor:spec.start]
        widened = spec
        if _takes_determiner(spec, text) and not (_bare_name(spec, text) and _modifies_a_noun(text, spec.end)):
            m = _THE_BEFORE.search(left)
            if m:
                widened = replace(spec, start=floor + m.start())
        elif spec.type in ("DURATION", "DATE", "TIME"):
            m = _MODIFIER_BEFORE.search(left)
            if m and (spec.type == "DURATION" or not m["mod"].lower().startswith("up")):
                mod = _MOD_OF.get(re.sub(r"\s+", " ", m["mod"].lower()))
                widened = replace(spec, start=floor + m.start(), mod=spec.mod or mod)
        if widened.type in ("DATE", "TIME") and widened.mod is None:
            part = _PART_OF_BEFORE.search(text, max(prev_end, widened.start - _LOOK_BACK), widened.start)
            if part:
                widened = replace(widened, start=part.start(), mod=_PART_MOD[part["part"].lower()])
        out.append(widened)
        prev_end = spec.end
    return out


# After the expression: punctuation, the end, or a word that cannot be the noun it modifies. Any
# other word ("the summer offensive", "the Spring Offensive", "the early October battle") makes the
# date a modifier of that noun, and the determiner belongs to the noun's phrase.
_PHRASE_ENDS_AFTER = re.compile(
    r"(?:\s*(?:[^\w\s]|$)|\s+(?:of|and|or|but|in|on|at|to|for|with|from|by|as|when|after|before|until|"
    r"while|since|than|that|which|who|the|a|an|this|its|their|his|her|it|he|she|they|we|there|"
    r"is|are|was|were|be|been|had|has|have|will|would|could|should|did|saw|brought|came|began|ended|"
    r"also|again|then|alone|itself|ago|later|earlier)\b)")


def _bare_name(spec: Spec, text: str) -> bool:
    """A season or month named alone ("summer", "early October"): the kind of date that also serves
    as a noun's modifier. A phrase with a year, an ordinal or a relative word does not."""
    surface = text[spec.start:spec.end]
    return spec.point is not None and spec.point.gran in ("season", "month") and not any(c.isdigit() for c in surface)


def _modifies_a_noun(text: str, end: int) -> bool:
    return _PHRASE_ENDS_AFTER.match(text, end) is None


def _takes_determiner(spec: Spec, text: str) -> bool:
    if spec.type not in ("DATE", "TIME"):
        return False  # "the past three years": TimeBank has it with and without "the" alike; left as read
    surface = text[spec.start:spec.end]
    first = surface.split(None, 1)[0].lower() if surface.strip() else ""
    if "-" in first and not first.startswith("mid-"):
        return False  # "the third-quarter results": an adjective of the noun after it
    if first in _DETERMINED_FIRST_WORDS or _PART_OF_PERIOD.match(surface):
        return True
    point = spec.point
    return point is not None and point.gran in _DETERMINED_GRANULARITIES
