"""Why a bare four-digit number is a count, a measure or a reference number rather than a year.

Three rules read the words around the number (each has fixtures in tests/temporal/test_temporal_counts.py):

- A label before it makes it a reference number: "Record 1500", "item 2001", "No. 1999", "#2019",
  "page 2010", "room 2012", "flight 2020", "Resolution 1483". The label is a noun from `LABEL_NOUNS`
  directly before the number, on the same line.
- A counted noun after it makes it a count: "used by 1999 delegates", "2000 protesters". A count
  quantifies a plural noun; a year only qualifies one, and English marks that: a determiner or a
  possessive before it ("the 1992 protests", "its 2006 highs"), a time preposition ("in 1956
  demonstrations were held"), or a noun that names an occasion or a quantity a year dates ("1999
  elections", "below 1990 levels", `DATED_NOUNS`). So a number right before a plural noun is a count
  unless one of those marks is there. "By", "of", "for", "to" and "than" are left out of the time
  prepositions: they introduce counts as often ("used by 1999 delegates", "more than 1000 people").
  Where a determiner follows the -s word ("2022 marks the end"), that word is a verb and the
  number its subject, a year.
- A list of years is a list, not one long number: "2022 2023 2024", "2022, 2023 and 2024".
"""
from __future__ import annotations

import re

__all__ = ["DATED_NOUNS", "LABEL_NOUNS", "year_is_count"]



# Words after a number that make it a count or a measure, not a year.
_MEASURE_AFTER = re.compile(
    r"\s*(?:-\s*)?(?:km|kilomet(?:er|re)s?|miles?|met(?:er|re)s?|m\b|feet|foot|ft|yards?|kg|kilo(?:gram)?s?|tons?|tonnes?"
    r"|pounds?|lbs?|barrels?|acres?|hectares?|square|cubic|mw|gw|kw|people|persons?|troops|soldiers|men|women|children"
    r"|units?|vehicles?|tanks?|aircraft|planes?|members?|votes?|shares?|points?|residents|cases|deaths|dead|casualties"
    r"|prisoners|refugees|police|personnel|livestock|cattle|sheep|dollars?|euros?|rubles?|roubles?|yuan|yen|pesos?|percent|per\s*cent|%|times|hours?|minutes?"
    r"|seconds?|days?|weeks?|months?|years?|words|pages|copies|reads|views|comments|jobs|homes|houses|employees|workers"
    r"|students|signatures|rounds|missiles|drones|shells|artillery|guns|rifles|bombs)\b",
    re.IGNORECASE,
)


_MONEY_BEFORE = re.compile(r"(?:[$£€¥#№]|\bNo\.|\bnumber|\bpage|\bp\.|\bpp\.|\barticle|\broute|\bflight|\broom|\bbox|\bsuite|\bvol\.|\bcode|\bzip)\s*$", re.IGNORECASE)

# Nouns that label a reference number written after them ("Record 1500", "Gate 2010"). Not the words a
# year follows ("summer 2022", "fiscal 2022", "class of 1999"), nor names with a year ("Euro 2024").
LABEL_NOUNS = frozenset("""
    record records item items no nos number num ref reference id page p pp room rooms flight flights
    article section sections chapter clause paragraph para resolution proclamation decree amendment motion
    unit model route highway interstate bus train gate platform lot case file box table figure fig exhibit
    form bill ticket seat track block apartment apt suite code serial order row category batch version
    release build channel station lane building ward district precinct zone sector step stage phase
    episode issue vol volume part patient participant inmate prisoner account invoice claim tag slot bay
    pier dock terminal cell plot parcel extension ext tel phone fax pin
""".split())
_LABEL_BEFORE = re.compile(r"(?<![\w.])([A-Za-z]+)\.?[ \t]?$")

# Plural nouns a year dates rather than counts: occasions ("the 1999 elections") and quantities measured
# over a year ("1990 levels", "1989 sales").
DATED_NOUNS = frozenset("""
    elections polls votes games olympics championships finals playoffs talks negotiations summits
    protests demonstrations riots strikes campaigns offensives attacks celebrations festivities
    levels highs lows peaks prices rates figures sales earnings profits losses revenues results returns
    accounts budgets forecasts estimates targets emissions standards rules regulations laws reforms
    accords agreements primaries hearings
""".split())
# What a determiner or a possessive before the number looks like; and the time prepositions.
_ATTRIBUTIVE_BEFORE = re.compile(
    r"(?:\b(?:the|its|their|his|her|our|my|your|this|that|these|those|fiscal|whose)\s+|[\w'’]s\s+|\b(?:post|pre|mid)-)$",
    re.IGNORECASE)
_TIME_PREPOSITION_BEFORE = re.compile(r"\b(?:in|since|during|until|till|throughout)\s+$", re.IGNORECASE)
_PLURAL_AFTER = re.compile(r"[ \t]+([a-z]+s)\b(?:[ \t]+([a-z]+))?")
_DETERMINER = frozenset("the a an this that these those its their his her our my your another new".split())
# A year before this one in a list ("2022 2023", "2022, 2023 and"): the earlier number is a year too.
_YEAR_LIST_BEFORE = re.compile(r"(?<![\d,.])[12]\d{3}(?:\s*[,;/&]\s*|\s+(?:and|or)\s+|[ \t]+)$")


# Words ending in -s that are not plural nouns: function words, adverbs, nouns in -ics/-ss/-us/-is.
_NOT_PLURAL = frozenset("""
    its his hers ours yours theirs this thus is was has does as us always perhaps towards afterwards
    besides whereas sometimes nevertheless unless less news series species means politics economics
    physics ethics statistics
""".split())
_SINGULAR_ENDINGS = ("ss", "us", "is", "ics", "ous", "'s", "’s")


def _is_plural_noun(word: str) -> bool:
    """'delegates', 'troops', 'votes'; not 'its', 'news', 'politics', 'crisis', 'status'. A plural noun
    is told by its form: no dictionary is needed for the words that follow a number."""
    return len(word) > 3 and word not in _NOT_PLURAL and not word.endswith(_SINGULAR_ENDINGS)


def _counted_noun_after(text: str, start: int, end: int) -> bool:
    """True when the number quantifies the plural noun after it (see the module docstring)."""
    after = _PLURAL_AFTER.match(text, end, end + 40)
    if after is None:
        return False
    noun = after.group(1)
    if noun in DATED_NOUNS or not _is_plural_noun(noun):
        return False
    before = text[max(0, start - 16):start]
    if _ATTRIBUTIVE_BEFORE.search(before) or _TIME_PREPOSITION_BEFORE.search(before):
        return False
    # "2022 marks the end", "1999 sees a new law": a verb with its object after it, the year its subject
    # (a plural noun is seldom followed right away by a determiner).
    return after.group(2) not in _DETERMINER


# Words before a bare year that make a year reading likely even for old years.
_YEAR_CUE_BEFORE = re.compile(
    r"(?:\b(?:in|since|of|by|until|till|from|to|before|after|during|early|late|mid|fiscal|year|circa|c\.|around|about|and|or|through|between|the|summer|spring|autumn|fall|winter|[Ii]n\s+the\s+year)\s*|\()$"
)


def year_is_count(text: str, start: int, end: int, y: int) -> str | None:
    """Why a bare four-digit number is not a year, or None when a year reading stands."""
    after = text[end:end + 24]
    before = text[max(0, start - 16):start]
    if _MEASURE_AFTER.match(after):
        return "a count or measure"
    rng = re.match(r"\s*(?:-|–|to|and)\s*[\d,]+", after)
    if rng and _MEASURE_AFTER.match(text[end + rng.end():end + rng.end() + 24]):
        return "a range of counts"
    if _MONEY_BEFORE.search(before):
        return "money or a reference number"
    label = _LABEL_BEFORE.search(before)
    if label and label.group(1).lower() in LABEL_NOUNS:
        return "a reference number after a label"
    if _counted_noun_after(text, start, end):
        return "a count of the plural noun after it"
    if re.search(r"\d[\d,]*\s*(?:-|–|to)\s*$", before) and not re.search(r"[12]\d{3}\s*(?:-|–|to)\s*$", before):
        return "part of a numeric range"
    if re.match(r"\s*(?:-|–|to)\s*\d", after) and not re.match(r"\s*(?:-|–|to)\s*(?:[12]\d{3}|\d{2})\b", after):
        return "part of a numeric range"
    if (re.search(r"[\d]\s*$", before) or re.search(r"[.,]\d*$", before)) and not (
            _YEAR_LIST_BEFORE.search(text, max(0, start - 12), start) and 1000 <= y <= 2100):
        return "part of a longer number"
    if after[:1] in (")", "]") and before[-1:] in ("(", "[") and y < 1500:
        return "a footnote or reference number"
    if y < 1500 and not _YEAR_CUE_BEFORE.search(before):
        return "an old year without a cue"
    if y > 2100:
        return "out of range"
    return None
