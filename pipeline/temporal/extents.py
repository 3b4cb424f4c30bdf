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
# Words that place a period by reference to another and keep its "the" when they open a temporal phrase
# ("the current year", "the year-ago quarter": TimeBank+AQUAINT 35 of 42; the 7 others are the
# adjective "current" alone, which is not such a phrase).
_DETERMINED_REFERENCE_WORDS = frozenset({"current", "year-ago", "year-earlier", "comparable", "corresponding"})
_DETERMINED_GRANULARITIES = frozenset({"season", "decade", "century", "quarter", "half"})
_THE_BEFORE = re.compile(r"(?<![\w-])(?:the|The|THE)[^\S\n]+$")
_PART_OF_PERIOD = re.compile(r"(?:end|beginning|start|middle)\s+of\b", re.IGNORECASE)
# "the end of" right before a date read without it ("the end of the 1990s", "the start of the second
# quarter", "the middle of summer"): TimeML keeps the part inside the extent and says which in mod.
# Also the larger parts: "the last half of the '80s", "a good part of 1990", "the latter half of 2008",
# "the early part of the next decade", "the rest of 496" (in the gold of both corpora, 9 of 9).
_PART_OF_BEFORE = re.compile(
    r"(?<![\w-])(?:(?:the|The|THE)[^\S\n]+(?P<part>end|beginning|start|middle"
    r"|(?:first|last|second|latter)[^\S\n]+half|(?:early|late|latter)[^\S\n]+part|rest)"
    r"|(?:a|A)[^\S\n]+(?P<good>good)[^\S\n]+part)[^\S\n]+of[^\S\n]+$", re.IGNORECASE)
_PART_MOD = {"end": "END", "beginning": "START", "start": "START", "middle": "MID", "early part": "START",
             "late part": "END", "latter part": "END"}
# "the previous April", "the following spring": the month or season of a year told by reference.
_REFERENCE_BEFORE = re.compile(r"(?<![\w-])(?:the|The)[^\S\n]+(?:previous|following)[^\S\n]+$")
# "early in 1914", "later in the summer", "early in the morning of 29 April": the adverb and its "in"
# belong to the expression (WikiWars 12 of 12; TimeBank+AQUAINT has one each way, "later in the day").
_EARLY_IN_BEFORE = re.compile(r"(?<![\w-])(?P<early>early|late|later|earlier)[^\S\n]+in[^\S\n]+$", re.IGNORECASE)
_EARLY_MOD = {"early": "START", "earlier": "START", "late": "END", "later": "END"}
_YEAR_WORD = re.compile(r"(?<![\w-])(?:the|The)[^\S\n]+years?[^\S\n]+$")
_REFERRED_DAY = re.compile(r"(?:the[^\S\n]+(?:next|following|same|previous)|that)[^\S\n]+(?:day|morning|afternoon|evening|night)\b",
                           re.IGNORECASE)
_EARLY_BEFORE = re.compile(r"(?<![\w-])(?P<early>early|late)[^\S\n]+$", re.IGNORECASE)
_ARTICLE_BEFORE = re.compile(r"(?<![\w-])(?:a|an|A|An)[^\S\n]+$")
_THIS_BEFORE = re.compile(r"(?<![\w-])(?:this|This)[^\S\n]+$")
# "that same day" (TimeBank+AQUAINT 1 of 1, WikiWars 4 of 4 include "that").
_THAT_BEFORE = re.compile(r"(?<![\w-])(?:that|That|this|This)[^\S\n]+$")

# Quantifying modifiers TimeML keeps in the extent (its mod attribute says which): "nearly four
# years", "more than a week", "less than a year later", "at least 30 days", "ca. 466 BC".
_MODIFIER_BEFORE = re.compile(
    r"(?<![\w-])(?P<mod>nearly|almost|more\s+than|less\s+than|fewer\s+than|at\s+least|no\s+more\s+than"
    r"|up\s+to|a\s+little\s+(?:more|less)\s+than|ca\.|circa|some|roughly|approximately|a\s+mere|another"
    r"|sometime\s+(?:after|before))[^\S\n]+$", re.IGNORECASE)
_MOD_OF = {"nearly": "APPROX", "almost": "APPROX", "ca.": "APPROX", "circa": "APPROX", "more than": "MORE_THAN",
           "less than": "LESS_THAN", "fewer than": "LESS_THAN", "at least": "EQUAL_OR_MORE",
           "no more than": "EQUAL_OR_LESS", "up to": "EQUAL_OR_LESS", "a little more than": "MORE_THAN",
           "a little less than": "LESS_THAN", "some": "APPROX", "roughly": "APPROX", "approximately": "APPROX",
           "sometime after": "AFTER", "sometime before": "BEFORE"}
# ("some 19 days", "another seven months", "roughly four years", "a mere two years later": WikiWars keeps
# these in the extent 10 times of 10, TimeBank+AQUAINT 1 of 1. Not "over", "about", "just", "only":
# the two corpora disagree on those.)
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
        if _takes_determiner(spec, text) and not (
                (_bare_name(spec, text) and _modifies_a_noun(text, spec.end))
                or (_day_first(spec, text) and _modifies_a_noun(text, spec.end)
                    and not _CLAUSE_GOES_ON.match(text, spec.end))):
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
                kind = re.sub(r"\s+", " ", (part["part"] or "").lower())
                widened = replace(widened, start=part.start(), mod=_PART_MOD.get(kind))
            else:
                early = _EARLY_IN_BEFORE.search(text, max(prev_end, widened.start - _LOOK_BACK), widened.start)
                if early:
                    widened = replace(widened, start=early.start(), mod=_EARLY_MOD[early["early"].lower()])
        if _bare_name(widened, text) and not _modifies_a_noun(text, widened.end):
            ref = _REFERENCE_BEFORE.search(text, max(prev_end, widened.start - 16), widened.start)
            if ref:
                widened = replace(widened, start=ref.start())
        if text.startswith(("couple ", "hundred ", "thousand ", "dozen "), widened.start):
            article = _ARTICLE_BEFORE.search(text, max(prev_end, widened.start - 4), widened.start)
            if article:  # "a couple of years", "a hundred years": the article is the number's
                widened = replace(widened, start=article.start())
                if widened.type == "DURATION" and widened.mod is None:
                    modifier = _MODIFIER_BEFORE.search(text, max(prev_end, widened.start - _LOOK_BACK), widened.start)
                    if modifier and not modifier["mod"].lower().startswith("up"):
                        widened = replace(widened, start=modifier.start(),
                                          mod=_MOD_OF.get(re.sub(r"\s+", " ", modifier["mod"].lower())))
        if text.startswith("past ", widened.start) and widened.type == "DATE":
            this = _THIS_BEFORE.search(text, max(prev_end, widened.start - 6), widened.start)
            if this:  # "this past spring"
                widened = replace(widened, start=this.start())
        if widened.type in ("DATE", "TIME") and widened.mod is None and _REFERRED_DAY.match(text, widened.start):
            early = _EARLY_BEFORE.search(text, max(prev_end, widened.start - 8), widened.start)
            if early:  # "early the next morning", "late that night"
                widened = replace(widened, start=early.start(), mod=_EARLY_MOD[early["early"].lower()])
        if text.startswith(("same ", "Same "), widened.start):
            that = _THAT_BEFORE.search(text, max(prev_end, widened.start - 8), widened.start)
            if that:
                widened = replace(widened, start=that.start())  # "that same day": one expression
        if widened.type == "DATE" and widened.point is not None and widened.point.gran == "year" \
                and text[widened.start:widened.start + 1].isdigit():
            # "the year 1950", "the years 1955-1957": one expression with the year it names.
            named = _YEAR_WORD.search(text, max(0, widened.start - 12), widened.start)
            if named and out and out[-1].start == named.start() and out[-1].end <= widened.start:
                out.pop()  # "the year" read on its own
                widened = replace(widened, start=named.start())
            elif named and named.start() >= prev_end:
                widened = replace(widened, start=named.start())
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
    if _PART_OF_PERIOD.match(surface):
        return False  # "the end of June civilians were ...": a part of a period modifies no noun
    return spec.point is not None and spec.point.gran in ("season", "month") and not any(c.isdigit() for c in surface)


# After a day-first date, a verb in the past ("the 25th of August concluded") or a capitalised word ("on the
# 14 September Austria sent") goes on with the clause: the date is no noun's modifier.
_CLAUSE_GOES_ON = re.compile(r"[^\S\n]+(?:[a-z]+ed\b|[A-Z][a-z]+\b)")


def _day_first(spec: Spec, text: str) -> bool:
    """A day written before its month ("24 February", "the 25th of August"): its "the" belongs to it
    (WikiWars includes it 10 times of 11; TimeBank+AQUAINT has no such "the"), unless the date only
    modifies a noun ("the 15 September attack")."""
    return spec.family == "date_dmy" and text[spec.start:spec.start + 1].isdigit()


def _modifies_a_noun(text: str, end: int) -> bool:
    return _PHRASE_ENDS_AFTER.match(text, end) is None


def _takes_determiner(spec: Spec, text: str) -> bool:
    if spec.type not in ("DATE", "TIME"):
        return False  # "the past three years": TimeBank has it with and without "the" alike; left as read
    surface = text[spec.start:spec.end]
    first = surface.split(None, 1)[0].lower() if surface.strip() else ""
    if first in _DETERMINED_REFERENCE_WORDS and " " in surface.strip():
        return True  # "the current fiscal year", "the year-ago third quarter"; not "the current market"
    if "-" in first and not first.startswith("mid-"):
        return False  # "the third-quarter results": an adjective of the noun after it
    if first in _DETERMINED_FIRST_WORDS or _PART_OF_PERIOD.match(surface) or _day_first(spec, text):
        return True
    point = spec.point
    return point is not None and point.gran in _DETERMINED_GRANULARITIES
