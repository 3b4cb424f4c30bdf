"""What a candidate means, as far as its own words tell (`Spec`), and the small readers every family shares.

A `Spec` is either complete (an explicit date, a duration, a set, a PRESENT_REF...) or says what
anchoring must supply: a year ("24 February"), a weekday's week ("on Thursday"), an offset from the
document date ("two years ago") or from the previous mention ("seven years later").

Compact written dates ("2022/02/24", "24-Feb-2022") are read with dateparser (one parser, explicit
settings, a fixed RELATIVE_BASE, results cached): the grammar finds them, dateparser reads them, and
our own check referees, because dateparser turns an impossible date into a different plausible one.
Everything else is read from the grammar's named groups, which is both exact and fast.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from .grammar import (
    MONTHS,
    UNITS,
    number_value,
)
from .timepoint import Point

__all__ = ["AND_A_HALF", "Spec", "capitalised", "clock_value", "count_of", "duration_spec", "duration_value", "group_or_none", "mod_of", "month_number", "ordinal_day", "parse_written_date", "valid_day", "year_of"]


@dataclass
class Spec:
    """What one candidate means, as far as its own words tell."""

    start: int
    end: int
    type: str  # DATE TIME DURATION SET
    kind: str  # abs underspec weekday shift_doc shift_prev value clock
    point: Point | None = None  # abs: complete; underspec: year missing
    value: str | None = None  # kind "value": final TIMEX3 value
    mod: str | None = None
    unit: str | None = None  # shift_*: calendar unit
    n: int | None = None  # shift_*: signed count
    weekday: int | None = None
    rel: str | None = None  # last/next/this... as written
    clock: str | None = None  # a time of day to attach ("05:00", "MO")
    bad_year: str | None = None  # a five-digit year as written, for repair
    problem: str | None = None  # why this looks like a date but cannot be one
    numeric_order: tuple[int, int] | None = None  # (a, b) of an ambiguous a/b/yyyy date
    month_range_end: int | None = None
    family: str = ""
    notes: dict = field(default_factory=dict)


_PARSER = None


def _parser():
    global _PARSER
    if _PARSER is None:
        import dateparser.date  # imported lazily: it is slow to import and not always needed

        _PARSER = dateparser.date.DateDataParser(
            languages=["en"],
            settings={
                # Never the wall clock: a fixed base, and only complete dates are accepted.
                "RELATIVE_BASE": datetime(2000, 1, 1),
                "PREFER_DATES_FROM": "current_period",
                "STRICT_PARSING": True,
                "REQUIRE_PARTS": ["day", "month", "year"],
                "RETURN_TIME_AS_PERIOD": False,
                "DATE_ORDER": "DMY",
                "PARSERS": ["absolute-time"],
            },
        )
    return _PARSER


@lru_cache(maxsize=4096)
def parse_written_date(text: str) -> date | None:
    """A complete date written in words ('24 February 2022', 'Feb. 27, 2022') via dateparser."""
    try:
        data = _parser().get_date_data(text)
    except Exception:  # noqa: BLE001 - dateparser raises assorted errors on odd input; it is only a helper
        return None
    d = data.date_obj if data else None
    return d.date() if d else None


def month_number(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip("."))


def ordinal_day(word: str) -> int:
    return int(re.match(r"\d+", word).group())


_CLOCK_RE = re.compile(r"(\d{1,2})(?::(\d{2}))?\s*([ap])?", re.IGNORECASE)


_CLOCK_IN_THE = re.compile(r"(\d{1,2})(?:\s+o['’]clock)?\s+in\s+the\s+(morning|afternoon|evening)")


def clock_value(text: str) -> str | None:
    """'5 a.m.' -> '05:00', '6:30 p.m.' -> '18:30', 'noon' and 'midday' -> '12:00'."""
    t = text.lower().strip()
    if t.startswith(("noon", "midday")):
        return "12:00"
    if t.startswith("midnight"):
        return "24:00"
    said = _CLOCK_IN_THE.match(t)  # "4 in the morning", "9 o'clock in the evening"
    if said:
        if not 1 <= int(said.group(1)) <= 12:
            return None
        h = int(said.group(1)) % 12 + (12 if said.group(2) in ("afternoon", "evening") else 0)
        return f"{h:02d}:00"
    m = _CLOCK_RE.match(t)
    if not m:
        return None
    h, mi = int(m.group(1)), int(m.group(2) or 0)
    ap = m.group(3)
    if ap:
        if not 1 <= h <= 12:
            return None
        if ap == "p" and h != 12:
            h += 12
        elif ap == "a" and h == 12:
            h = 0
    elif m.group(2) is None:
        return None
    if h > 23 or mi > 59:
        return None
    return f"{h:02d}:{mi:02d}"


def valid_day(y: int | None, m: int, d: int) -> bool:
    if not 1 <= m <= 12 or d < 1:
        return False
    days = calendar.monthrange(y if y else 2000, m)[1]  # leap year when the year is unknown
    return d <= days


def year_of(text: str) -> tuple[int | None, str | None]:
    """A year slot's value, or (None, text) when it has five digits and needs repair."""
    if text is None:
        return None, None
    if len(text) == 4:
        return int(text), None
    return None, text


_MOD_WORDS = {
    "early": "START", "the start of": "START", "the beginning of": "START", "the early": "START",
    "the early part of": "START", "mid": "MID", "middle": "MID", "the middle of": "MID",
    "the mid": "MID", "late": "END", "the end of": "END", "the late": "END", "the late part of": "END",
    "turn of the": "END", "earlier": "START", "later": "END",
}


def mod_of(text: str | None) -> str | None:
    if not text:
        return None
    return _MOD_WORDS.get(re.sub(r"[\s-]+", " ", text.lower()).strip())


def capitalised(word: str) -> bool:
    return word[:1].isupper()


def group_or_none(m: re.Match, name: str) -> str | None:
    try:
        return m.group(name)
    except IndexError:
        return None


def count_of(num: str | None) -> int | None:
    """An integer count or None for a vague one ('several')."""
    if num is None:
        return None
    v = number_value(num)
    if v is None:
        return None
    return int(v) if float(v).is_integer() else None


AND_A_HALF = re.compile(r"\band[\s-]+a[\s-]+half\b|\s1/2\b", re.IGNORECASE)


def duration_value(n: float | None, unit: str) -> str:
    """TIMEX3 duration as TimeBank writes it: decades in years (P10Y), quarters as quarters (P2Q)."""
    if unit == "decade":
        return "PXY" if n is None else duration_value(10 * n, "year")
    if unit == "fortnight":
        return "PXW" if n is None else duration_value(2 * n, "week")
    if unit == "century" and n is not None:
        return duration_value(100 * n, "year")
    letter = UNITS[unit]
    if n is not None and not float(n).is_integer() and unit in _FRACTION_UNITS:
        # "2 1/2 years" = P2Y6M, "5 1/2 hours" = PT5H30M: the fraction in the next smaller unit.
        small, per = _FRACTION_UNITS[unit]
        whole, rest = int(n), round((n - int(n)) * per)
        head = duration_value(whole, unit) if whole else ("PT" if unit in ("hour", "minute") else "P")
        sep = "T" if small in ("hour", "minute", "second") and "T" not in head else ""
        return f"{head}{sep}{rest}{UNITS[small]}"
    count = "X" if n is None else (str(int(n)) if float(n).is_integer() else str(n))
    if unit in ("second", "minute", "hour"):
        return f"PT{count}{letter}"
    if unit == "weekend":
        return f"P{count}WE"
    if unit == "century":
        return f"P{count}C"
    return f"P{count}{letter}"


_FRACTION_UNITS = {"year": ("month", 12), "month": ("day", 30), "day": ("hour", 24), "hour": ("minute", 60),
                   "minute": ("second", 60)}


def duration_spec(start: int, end: int, n, unit: str, vague: bool) -> Spec:
    return Spec(start, end, "DURATION", "value", value=duration_value(None if vague else n, unit))
