"""Why a bare four-digit number is a count, a measure or a reference number rather than a year."""
from __future__ import annotations

import re

__all__ = ["year_is_count"]



# Words after a number that make it a count or a measure, not a year.
_MEASURE_AFTER = re.compile(
    r"\s*(?:-\s*)?(?:km|kilomet(?:er|re)s?|miles?|met(?:er|re)s?|m\b|feet|foot|ft|yards?|kg|kilo(?:gram)?s?|tons?|tonnes?"
    r"|pounds?|lbs?|barrels?|acres?|hectares?|square|cubic|mw|gw|kw|people|persons?|troops|soldiers|men|women|children"
    r"|units?|vehicles?|tanks?|aircraft|planes?|members?|votes?|shares?|points?|residents|cases|deaths|dead|casualties"
    r"|prisoners|refugees|dollars?|euros?|rubles?|roubles?|yuan|yen|pesos?|percent|per\s*cent|%|times|hours?|minutes?"
    r"|seconds?|days?|weeks?|months?|years?|words|pages|copies|reads|views|comments|jobs|homes|houses|employees|workers"
    r"|students|signatures|rounds|missiles|drones|shells|artillery|guns|rifles|bombs)\b",
    re.IGNORECASE,
)


_MONEY_BEFORE = re.compile(r"(?:[$£€¥#№]|\bNo\.|\bnumber|\bpage|\bp\.|\bpp\.|\barticle|\broute|\bflight|\broom|\bbox|\bsuite|\bvol\.|\bcode|\bzip)\s*$", re.IGNORECASE)


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
    if re.search(r"\d[\d,]*\s*(?:-|–|to)\s*$", before) and not re.search(r"[12]\d{3}\s*(?:-|–|to)\s*$", before):
        return "part of a numeric range"
    if re.match(r"\s*(?:-|–|to)\s*\d", after) and not re.match(r"\s*(?:-|–|to)\s*(?:[12]\d{3}|\d{2})\b", after):
        return "part of a numeric range"
    if re.search(r"[\d]\s*$", before) or re.search(r"[.,]\d*$", before):
        return "part of a longer number"
    if after[:1] in (")", "]") and before[-1:] in ("(", "[") and y < 1500:
        return "a footnote or reference number"
    if y < 1500 and not _YEAR_CUE_BEFORE.search(before):
        return "an old year without a cue"
    if y > 2100:
        return "out of range"
    return None
