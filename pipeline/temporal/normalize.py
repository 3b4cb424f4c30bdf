"""From a grammar match to a `Spec`: TIMEX3 type, what is known of the value, and what is missing.

A `Spec` is either complete (an explicit date, a duration, a set, a PRESENT_REF...) or says what
anchoring must supply: a year ("24 February"), a weekday's week ("on Thursday"), an offset from the
document date ("two years ago") or from the previous mention ("seven years later").  Context checks
that reject false candidates ("may" the modal, 1000 kilometres, 5248 units) live here, next to the
reading they guard.

Compact written dates ("2022/02/24", "24-Feb-2022") are read with dateparser (one parser, explicit
settings, a fixed RELATIVE_BASE, results cached): the grammar finds them, dateparser reads them, and
our own check referees, because dateparser turns an impossible date into a different plausible one.
Everything else is read from the grammar's named groups, which is both exact and fast.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache

from .grammar import (
    FAMILIES,
    MONTHS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    PARTS_OF_DAY,
    SEASONS,
    UNITS,
    WEEKDAYS,
    number_value,
    unit_of,
)
from .timepoint import Point

__all__ = ["Spec", "clock_value", "parse_written_date", "read_candidate"]


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


# --- dateparser, used once per distinct written date ------------------------------------------------
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


# --- Small readers ---------------------------------------------------------------------------------
def month_number(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip("."))


def _ord_day(word: str) -> int:
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


def _valid_day(y: int | None, m: int, d: int) -> bool:
    if not 1 <= m <= 12 or d < 1:
        return False
    days = calendar.monthrange(y if y else 2000, m)[1]  # leap year when the year is unknown
    return d <= days


def _year_of(text: str) -> tuple[int | None, str | None]:
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


def _mod(text: str | None) -> str | None:
    if not text:
        return None
    return _MOD_WORDS.get(re.sub(r"[\s-]+", " ", text.lower()).strip())


def _cap(word: str) -> bool:
    return word[:1].isupper()


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


def _year_is_count(text: str, start: int, end: int, y: int) -> str | None:
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


# --- The dispatcher ----------------------------------------------------------------------------------
def read_candidate(family: str, m: re.Match, text: str) -> Spec | None:
    """The Spec for a match of `family`, or None when context says it is not temporal."""
    reader = _READERS.get(family)
    if reader is None:
        return None
    try:
        spec = reader(m, text)
    except (ValueError, KeyError, TypeError, OverflowError, AttributeError, ZeroDivisionError):
        return None
    if spec is not None:
        if _COMPOUND_AFTER.match(text, spec.end):
            return None  # "the quarter-to-quarter comparison", "day-to-day": a compound adjective
        spec.family = family
    return spec


_COMPOUND_AFTER = re.compile(r"-(?:to|over|on|by)-[a-z]", re.IGNORECASE)


def _g(m: re.Match, name: str) -> str | None:
    try:
        return m.group(name)
    except IndexError:
        return None


def _read_iso(m, text):
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if not _valid_day(y, mo, d):
        return Spec(m.start(), m.end(), "DATE", "abs", problem=f"{m[0]} is not a calendar date")
    clock = f"{m['hh']}:{m['mi']}" if m["hh"] else None
    if clock and int(m["hh"]) > 24:
        clock = None
    p = Point("time" if clock else "day", y, mo, d, clock=clock)
    return Spec(m.start(), m.end(), "TIME" if clock else "DATE", "abs", point=p)


def _read_compact(m, text):
    """'2022/02/24', '2022.02.24', '24-Feb-2022', 'Feb-24-22': dateparser reads these well."""
    written = m[0]
    d = parse_written_date(written)
    if m["ymd"]:
        y, mo, da = (int(x) for x in re.split(r"[/.]", written))
        if d is None or (d.year, d.month, d.day) != (y, mo, da):
            # dateparser swaps an impossible month and day; a year-first date is never day-first.
            return Spec(m.start(), m.end(), "DATE", "abs", problem="not a calendar date (read as year/month/day)")
    if d is None:
        return None
    return Spec(m.start(), m.end(), "DATE", "abs", point=Point("day", d.year, d.month, d.day))


def _read_numeric(m, text):
    a, b, ytxt = int(m["a"]), int(m["b"]), m["y"]
    if m["sep"] == "." and len(ytxt) == 2:
        return None  # 1.5.22 is more often a version or a score than a date
    y = int(ytxt) if len(ytxt) == 4 else (2000 + int(ytxt) if int(ytxt) < 50 else 1900 + int(ytxt))
    if a == 0 or b == 0 or (a > 12 and b > 12) or a > 31 or b > 31:
        return None
    spec = Spec(m.start(), m.end(), "DATE", "abs", numeric_order=(a, b))
    spec.notes["year"] = y
    spec.notes["sep"] = m["sep"]
    return spec


def _read_full_date(m, text):
    mon = month_number(m["mon"])
    if not _cap(m["mon"]):
        return None
    d = _ord_day(m["d"])
    start, end = m.start(), m.end()
    # "the 1st of May": TIMEX3 keeps "the" outside the span.
    if text[start:start + 4].lower() == "the ":
        start += 4
    y, bad = _year_of(m["y"])
    clock = None
    for key in ("time1", "time2"):
        if _g(m, key):
            clock = clock_value(m[key])
    pod = PARTS_OF_DAY[m["podof"].lower()] if _g(m, "podof") and not clock else None
    if pod:
        clock = pod  # "the night of 10 August 1792": 1792-08-10TNI
    if not _valid_day(y, mon, d):
        return Spec(start, end, "DATE", "abs",
                    problem=f"{calendar.month_name[mon]} has no day {d}")
    gran = "part_of_day" if pod else ("time" if clock else "day")
    typ = "TIME" if clock else "DATE"
    wd = WEEKDAYS.get(m["wd"].lower().rstrip(".")) if _g(m, "wd") else None
    if y is not None:
        p = Point(gran, y, mon, d, clock=clock)
        return Spec(start, end, typ, "abs", point=p, weekday=wd)
    p = Point(gran, None, mon, d, clock=clock)
    return Spec(start, end, typ, "underspec", point=p, weekday=wd, bad_year=bad)


def _read_date_range(m, text):
    """Both ends of a range of days or months, each its own mention (spec.notes['parts'])."""
    if m["monc"]:
        if not (_cap(m["monc1"]) and _cap(m["monc"])):
            return None
        a = Point("month", int(m["yc1"]), month_number(m["monc1"]))
        b = Point("month", int(m["yc"]), month_number(m["monc"]))
        parts = [(m.start("monc1"), m.end("yc1"), a), (m.start("monc"), m.end("yc"), b)]
    else:
        mdy = bool(m["monb"])
        monw = m["monb"] if mdy else m["mon"]
        if not _cap(monw) or (m["mon1"] and not _cap(m["mon1"])):
            return None
        mon2 = month_number(monw)
        mon1 = month_number(m["mon1"]) if m["mon1"] else mon2
        d1, d2 = _ord_day(m["d1b"] if mdy else m["d1"]), _ord_day(m["d2b"] if mdy else m["d2"])
        yt = m["yb"] if mdy else m["y"]
        y2 = int(yt) if yt else None
        y1 = None if y2 is None else (y2 - 1 if mon1 > mon2 else y2)
        if not (_valid_day(y1, mon1, d1) and _valid_day(y2, mon2, d2)):
            return None
        if mon1 == mon2 and d1 >= d2 and not m["mon1"]:
            return None  # "5-3 May" is a score, not a range
        a, b = Point("day", y1, mon1, d1), Point("day", y2, mon2, d2)
        if mdy:
            parts = [(m.start("monb"), m.end("d1b"), a), (m.start("d2b"), m.end(), b)]
        else:
            end1 = m.end("mon1") if m["mon1"] else m.end("d1")
            parts = [(m.start("d1"), end1, a), (m.start("d2"), m.end(), b)]
    spec = Spec(m.start(), m.end(), "DATE", "abs", point=parts[0][2])
    spec.notes["parts"] = parts
    return spec


def _read_month_year(m, text):
    if not _cap(m["mon"]):
        return None
    mon = month_number(m["mon"])
    y, bad = _year_of(m["y"])
    p = Point("month", y, mon)
    mod = _mod(m["mod"])
    if y is None:
        return Spec(m.start(), m.end(), "DATE", "underspec", point=p, bad_year=bad, mod=mod)
    return Spec(m.start(), m.end(), "DATE", "abs", point=p, mod=mod)


def _read_month_range(m, text):
    if not (_cap(m["mon"]) and _cap(m["mon2"])):
        return None
    a, b = month_number(m["mon"]), month_number(m["mon2"])
    y = int(m["y"]) if m["y"] else None
    p = Point("month", y, a)
    spec = Spec(m.start(), m.end(), "DATE", "abs" if y else "underspec", point=p, mod=_mod(m["mod"]))
    spec.month_range_end = b
    return spec


def _read_year_range(m, text):
    y1 = int(m["y"])
    y2t = m["y2"]
    y2 = int(y2t) if len(y2t) == 4 else (y1 // 100) * 100 + int(y2t)
    if not (y1 < y2 <= y1 + 200) or _year_is_count(text, m.start(), m.end(), y1):
        return None
    # TimeML tags the two ends as two DATEs; the tagger splits this span (see tagger.split_ranges).
    start = m.start() + m[0].lower().find(m["y"])
    spec = Spec(start, m.end(), "DATE", "abs", point=Point("year", y1))
    spec.notes["range_years"] = (y1, y2, start, start + 4, m.end() - len(y2t), m.end())
    return spec


def _read_time_date_rel(m, text):
    clock = clock_value(m["time1"])
    if clock is None:
        return None
    rel = m["rel"].lower()
    spec = _deictic_day(rel, m.start(), m.end())
    if spec is None:
        wdm = re.search(r"(last|next|this)?\s*(\w+)\.?$", rel)
        wd = WEEKDAYS.get(wdm.group(2))
        if wd is None:
            return None
        spec = Spec(m.start(), m.end(), "TIME", "weekday", weekday=wd, rel=wdm.group(1))
    spec.type, spec.clock = "TIME", clock
    return spec


def _deictic_day(word: str, start: int, end: int) -> Spec | None:
    n = {"today": 0, "yesterday": -1, "tomorrow": 1}.get(word)
    if n is None:
        return None
    return Spec(start, end, "DATE", "shift_doc", unit="day", n=n)


def _read_clock(m, text):
    clock = clock_value(m["time1"])
    if clock is None:
        return None
    if re.fullmatch(r"\d{1,2}:\d{2}", m["time1"].strip()):
        # A bare 3:45 is as often a score or a ratio as a time: only with a time word nearby.
        ctx = text[max(0, m.start() - 20):m.end() + 20].lower()
        if not re.search(r"\b(at|by|until|from|gmt|utc|local|clock|time|morning|evening|afternoon|night)\b", ctx):
            return None
    if m["time1"].lower() == "noon" and re.search(r"\bhigh\s+$", text[max(0, m.start() - 6):m.start()], re.IGNORECASE):
        return None  # "high noon": an idiom (and a film), not twelve o'clock
    spec = Spec(m.start(), m.end(), "TIME", "clock", clock=clock)
    if m["pod"] and "tonight" in m["pod"].lower() or m["pod"]:
        spec.kind, spec.unit, spec.n = "shift_doc", "day", 0
    return spec


_DECADE_WORDS = {"twenties": 192, "thirties": 193, "forties": 194, "fifties": 195, "sixties": 196,
                 "seventies": 197, "eighties": 198, "nineties": 199}


def _read_decade(m, text):
    dec = m["dec"]
    start = m.start()
    if text[start:start + 4].lower() == "the ":
        start += 4
    if dec.startswith("'"):
        value = 190 + int(dec[1])  # the '80s -> 198 (20th century is the usual reading)
    else:
        value = int(dec) // 10
    return Spec(start, m.end(), "DATE", "abs", point=Point("decade", decade=value), mod=_mod(m["mod"]))


def _read_decade_word(m, text):
    start = m.start() + 4
    return Spec(start, m.end(), "DATE", "abs", point=Point("decade", decade=_DECADE_WORDS[m["dw"].lower()]),
                mod=_mod(m["mod"]))


def _read_century(m, text):
    c = m["c"].lower()
    n = int(re.match(r"\d+", c).group()) if c[0].isdigit() else ORDINAL_WORDS.get(c, 21 if "twenty" in c else None)
    if not n or n > 30:
        return None
    start = m.start()
    if text[start:start + 4].lower() == "the ":
        start += 4
    return Spec(start, m.end(), "DATE", "abs", point=Point("century", century=n - 1), mod=_mod(m["mod"]))


def _read_season(m, text):
    season = SEASONS[m["season"].lower()]
    rel = (m["rel"] or "").lower() or None
    y, bad = _year_of(m["y"])
    mod = _mod(m["mod"])
    # "the fall of Kabul" is a noun; "in the fall" standing alone is the season.
    if m["season"].lower() == "fall" and not (rel or m["y"] or mod) and (
            not re.search(r"\b(?:in|this|the)\s+$", text[max(0, m.start() - 8):m.start()], re.IGNORECASE)
            or re.match(r"\s+of\b", text[m.end():m.end() + 4])):
        return None
    if not (rel or m["y"] or mod) and re.match(r"\s+of\s+(?!\d)", text[m.end():m.end() + 5]):
        return None  # "the spring of hope"
    start = m.start()
    if text[start:start + 4].lower() == "the ":
        start += 4
    p = Point("season", y, season=season)
    if y is not None:
        return Spec(start, m.end(), "DATE", "abs", point=p, mod=mod)
    spec = Spec(start, m.end(), "DATE", "underspec", point=p, mod=mod, rel=rel, bad_year=bad)
    return spec


def _read_quarter(m, text):
    unit = m["unit"].lower()
    n = ORDINAL_WORDS.get(m["ord"].lower())
    if n is None:
        return None
    gran = "half" if unit == "half" else "quarter"
    if gran == "half" and n > 2 or n > 4:
        return None
    start = m.start()
    if text[start:start + 4].lower() == "the ":
        start += 4
    rel = (m["rel"] or "").strip().lower() or None
    y = int(m["y"]) if m["y"] else None
    p = Point(gran, y, quarter=n if gran == "quarter" else None, half=n if gran == "half" else None)
    if y is not None:
        return Spec(start, m.end(), "DATE", "abs", point=p)
    spec = Spec(start, m.end(), "DATE", "underspec", point=p, rel=rel)
    if rel and ("ago" in rel or "earlier" in rel):
        spec.notes["year_back"] = 1
    return spec


def _read_year_quarter(m, text):
    start = m.start()
    if text[start:start + 4].lower() == "the ":
        start += 4
    if m["y2"]:
        half = 2 if m["ord2"].lower() in ("second", "last") else 1
        return Spec(start, m.end(), "DATE", "abs", point=Point("half", int(m["y2"]), half=half))
    unit = m["unit"].lower()
    n = ORDINAL_WORDS.get(m["ord"].lower()) if m["ord"] else None
    if unit == "half" and (n is None or n > 2) or (n is not None and n > 4):
        return None
    if m["y"]:
        y_spec = {"year": int(m["y"])}
    else:
        y_spec = {"shift": {"this": 0, "the current": 0, "last": -1, "the previous": -1, "next": 1}[
            re.sub(r"\s+", " ", m["rel"].lower())]}
    spec = Spec(start, m.end(), "DATE", "year_quarter", notes=y_spec)
    spec.point = Point("half" if unit == "half" else "quarter", None,
                       quarter=n if unit != "half" else None, half=n if unit == "half" else None)
    return spec


# Fixed-date holidays, and the rule for floating ones: (month, weekday, nth; -1 = last, or a day offset).
_FIXED_HOLIDAYS = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
                   "new year's day": (1, 1), "new year's eve": (12, 31), "independence day": (7, 4),
                   "bastille day": (7, 14), "halloween": (10, 31), "valentine's day": (2, 14),
                   "boxing day": (12, 26), "veterans day": (11, 11), "armistice day": (11, 11),
                   "d-day": (6, 6)}
FLOATING_HOLIDAYS = {"thanksgiving": (11, 4, 4), "thanksgiving day": (11, 4, 4), "labor day": (9, 1, 1),
                     "labour day": (9, 1, 1), "memorial day": (5, 1, -1), "election day": (11, 2, "election")}


def _read_bc(m, text):
    """'480 BC', 'August 480 BC', 'the spring of 480 BC', '492-490 BC' (two mentions)."""
    if m["y1"]:
        y1, y2 = int(m["y1"]), int(m["y2"])
        if not y1 > y2 > 0:
            return None
        spec = Spec(m.start("y1"), m.end(), "DATE", "abs", point=Point("year", -y1))
        spec.notes["range_years"] = (-y1, -y2, m.start("y1"), m.end("y1"), m.start("y2"), m.end())
        return spec
    if m["dec"] or m["c"]:
        return _read_bc_period(m)
    y = -int(m["y"])
    start = m.start()
    if text[start:start + 4].lower() == "the ":
        start += 4
    mod = _mod(m["mod"])
    if m["mon"]:
        if not _cap(m["mon"]):
            return None
        d = _ord_day(m["d"]) if m["d"] else None
        mon = month_number(m["mon"])
        if d is not None and not _valid_day(None, mon, d):
            return None
        p = Point("day", y, mon, d) if d else Point("month", y, mon)
    elif m["season"]:
        p = Point("season", y, season=SEASONS[m["season"].lower()])
    else:
        p = Point("year", y)
    return Spec(start, m.end(), "DATE", "abs", point=p, mod=mod)


def _read_bc_period(m):
    """'the 470s BC' -> BC047, 'the 4th century BC' -> BC03 (the 300s BC), TIMEX2-style as WikiWars writes
    them. The span keeps its determiner and modifier ('the end of the 460s BC'), as TimeML's extent does."""
    if m["dec"]:
        value = f"BC{int(m['dec']) // 10:03d}"
    else:
        c = m["c"].lower()
        n = int(re.match(r"\d+", c).group()) if c[0].isdigit() else ORDINAL_WORDS.get(c)
        if not n or n > 40:
            return None
        value = f"BC{n - 1:02d}"
    mod = re.sub(r"^(?:the\s+)?(end|beginning|start|middle)\s+of\s+the$", r"the \1 of", (m["pmod"] or "").lower())
    return Spec(m.start(), m.end(), "DATE", "value", value=value, mod=_mod(mod))


# Single words for 1-19 and the tens: the pieces of a year read out ("nineteen ninety-six").
_SPELLED_UNITS = {w: v for w, v in NUMBER_WORDS.items() if " " not in w and isinstance(v, int) and 1 <= v <= 90}


_SPELLED_YEAR_LEAD = re.compile(
    rf"(?<![\w-])(?:(?P<mon>{'|'.join(sorted((w for w in MONTHS if len(w) > 3 or w == 'may'), key=len, reverse=True))})"
    r"|(?P<season>spring|summer|autumn|fall|winter)\s+of)\s+$", re.IGNORECASE)


def _read_spelled_year(m, text):
    """'nineteen ninety-six' (1996), 'the year two thousand' (2000): years read out in transcripts."""
    if m["hundreds"]:
        head = _SPELLED_UNITS[m["hundreds"].lower()]
        tail = 0
        for part in re.split(r"[\s-]+", m["tail"].lower()):
            if part in ("oh", "o"):
                continue
            tail += _SPELLED_UNITS.get(part, 0)
        y = head * 100 + tail
    else:
        y = 2000 + (_SPELLED_UNITS.get((m["extra"] or "").lower(), 0) if m["extra"] else 0)
    if not 1000 <= y <= 2100:
        return None
    start = m.start()
    if text[start:start + 4].lower() == "the ":
        start += 4
    if not m["yearword"]:
        before = _SPELLED_YEAR_LEAD.search(text, max(0, m.start() - 24), m.start())
        if before and before["mon"] and _cap(before["mon"]):  # "January nineteen ninety-seven"
            return Spec(before.start(), m.end(), "DATE", "abs", point=Point("month", y, month_number(before["mon"])))
        if before and before["season"]:  # "the winter of nineteen ninety-four"
            return Spec(before.start("season"), m.end(), "DATE", "abs",
                        point=Point("season", y, season=SEASONS[before["season"].lower()]))
    return Spec(start if not m["yearword"] else m.start(), m.end(), "DATE", "abs", point=Point("year", y))


def _read_holiday(m, text):
    name = re.sub(r"\s+", " ", m["name"].lower()).replace("’", "'")
    if not m["name"][0].isupper():
        return None
    y = int(m["y"]) if m["y"] else None
    pod = PARTS_OF_DAY.get(m["pod"].lower()) if m["pod"] else None
    if name == "d-day" and y is None:
        y = 1944  # the Normandy landings, unless a year says otherwise
    rel = m["rel"].lower() if m["rel"] else None
    start = m.start()
    if name in _FIXED_HOLIDAYS:
        mon, day = _FIXED_HOLIDAYS[name]
        p = Point("part_of_day" if pod else "day", y, mon, day, clock=pod)
        if y is not None:
            return Spec(start, m.end(), "DATE", "abs", point=p)
        return Spec(start, m.end(), "DATE", "underspec", point=replace(p, gran="day", clock=None), rel=rel, clock=pod)
    spec = Spec(start, m.end(), "DATE", "underspec", point=Point("day", y, 11, 1), rel=rel, clock=pod)
    spec.notes["holiday"] = name
    return spec


def _read_quarter_q(m, text):
    q = m["q"] or m["q2"]
    yt = m["y"] or m["y2"]
    n = int(q[1])
    gran = "quarter" if q[0] in "Qq" else "half"
    y = None
    if yt:
        yt = yt.lstrip("'")
        y = int(yt) if len(yt) == 4 else 2000 + int(yt)
    elif not q[0].isupper():
        return None
    p = Point(gran, y, quarter=n if gran == "quarter" else None, half=n if gran == "half" else None)
    return Spec(m.start(), m.end(), "DATE", "abs" if y else "underspec", point=p)


def _read_quarter_rel(m, text):
    if m["bare"]:
        spec = Spec(m.start(), m.end(), "DATE", "quarter_ref", rel="the")
        return spec
    rel = m["rel"].lower()
    unit = m["unit"].lower()
    if unit == "period" and rel not in ("latest", "year-ago", "year-earlier", "comparable", "same"):
        return None
    spec = Spec(m.start(), m.end(), "DATE", "quarter_ref", rel=rel)
    if unit == "half":
        return None
    return spec


def _read_fiscal(m, text):
    yt = m["y"].lstrip("'")
    y = int(yt) if len(yt) == 4 else (1900 + int(yt) if int(yt) > 50 else 2000 + int(yt))
    return Spec(m.start(), m.end(), "DATE", "abs", point=Point("year", y))


def _count(num: str | None) -> int | None:
    """An integer count or None for a vague one ('several')."""
    if num is None:
        return None
    v = number_value(num)
    if v is None:
        return None
    return int(v) if float(v).is_integer() else None


_AND_A_HALF = re.compile(r"\band[\s-]+a[\s-]+half\b|\s1/2\b", re.IGNORECASE)
# "a year and a half ago": the half counted in the next smaller unit the calendar can shift by.
_HALF_SHIFT = {"year": ("month", 12, 6), "decade": ("year", 10, 5), "century": ("year", 100, 50),
               "month": ("day", 30, 15), "week": ("day", 7, 3)}


def _half_of_one(m) -> bool:
    """'half a year ago', 'half an hour later': half of one unit."""
    return bool(m["halfa"]) or (bool(m["num"]) and number_value(m["num"]) == 0.5)


def _read_ago(m, text):
    spec = _read_ago_spec(m, text)
    n = _count(m["num"]) if m["num"] else None
    if n is not None and _AND_A_HALF.search(m[0]):
        n = n + 0.5
    elif _half_of_one(m):
        n = 0.5  # "half an hour later": PT30M
    vague = n is None
    unit = unit_of(m["unit"])
    if spec is not None and m["dir"].lower() == "later" and spec.type == "DATE" and (
            vague or unit in ("second", "minute", "hour", "day")):
        # News text: "three days later", "an hour later" follow an event of the story, not a date the
        # tagger knows; TimeML then annotates the DURATION ("three days"). Narrative text counts from
        # the previous date instead: the tagger picks one reading or the other (see tagger._emit).
        # Whole years and months ("seven years later" after "in 2015") keep the date reading.
        spec.notes["news_duration"] = (m.start(), m.start() + len(m[0]) - len(m["dir"]) - 1,
                                       _duration_value(None if vague else n, unit))
    return spec


def _read_ago_spec(m, text):
    unit = unit_of(m["unit"])
    if unit not in UNITS:
        return None
    direction = re.sub(r"\s+", " ", m["dir"].lower())
    n = _count(m["num"]) if m["num"] else None
    if direction == "from now":
        # TimeML annotates "eight years from now" as the DURATION "eight years" and the PRESENT_REF
        # "now" it counts from (the deictic family tags "now" on its own).
        if _half_of_one(m) or m["halfa"]:
            n = 0.5
        elif n is not None and _AND_A_HALF.search(m[0]):
            n += 0.5
        return _duration_spec(m.start(), m.start("dir") - 1 if text[m.start("dir") - 1].isspace() else m.start("dir"),
                              n, unit, n is None)
    if _half_of_one(m) and unit in _HALF_SHIFT and direction not in ("before", "after", "prior", "since"):
        # "half a year ago": six months back, in the next smaller unit the calendar can shift by.
        small, _, half = _HALF_SHIFT[unit]
        sign = 1 if direction in ("later", "hence", "from now") else -1
        kind = "shift_doc" if direction in ("ago", "hence", "from now") else "shift_prev"
        return Spec(m.start(), m.end(), "DATE", kind, unit=small, n=sign * half)
    if m["halfa"] or (m["num"] and n is None and number_value(m["num"]) is not None):
        n = None  # "half a day ago", "1.5 weeks ago": no whole calendar unit
    vague = n is None
    dur_n = n + 0.5 if n is not None and _AND_A_HALF.search(m[0]) else n
    if direction in ("since",):
        return None
    sign = 1 if direction in ("later", "after", "hence", "from now") else -1
    kind = "shift_doc" if direction in ("ago", "hence", "from now") else "shift_prev"
    if direction in ("before", "after") and re.match(r"\s+[A-Za-z]", text[m.end():m.end() + 3]):
        # "two days before the vote", "a year after he was killed", "72 hours after landing": a
        # preposition or conjunction anchoring on an event, not a date; TimeML annotates the duration.
        return _duration_spec(m.start(), m.start() + len(m[0]) - len(m["dir"]) - 1, dur_n, unit, vague)
    if direction == "prior" and re.match(r"\s+to\b", text[m.end():m.end() + 4]):
        return _duration_spec(m.start(), m.start() + len(m[0]) - len(m["dir"]) - 1, dur_n, unit, vague)
    if unit in ("second", "minute", "hour"):
        # Sub-day offsets are rarely normalised beyond the day itself.
        return Spec(m.start(), m.end(), "DATE", kind, unit="day", n=0)
    if vague:
        value = "PAST_REF" if sign < 0 else "FUTURE_REF"
        return Spec(m.start(), m.end(), "DATE", "value", value=value)
    if _AND_A_HALF.search(m[0]) and unit in _HALF_SHIFT:
        small, per, half = _HALF_SHIFT[unit]
        return Spec(m.start(), m.end(), "DATE", kind, unit=small, n=sign * (n * per + half))
    unit_n = {"decade": ("year", 10), "century": ("year", 100), "fortnight": ("week", 2),
              "weekend": ("week", 1), "millennium": ("year", 1000)}.get(unit, (unit, 1))
    return Spec(m.start(), m.end(), "DATE", kind, unit=unit_n[0], n=sign * n * unit_n[1])


def _read_in_time(m, text):
    unit = unit_of(m["unit"])
    n = _count(m["num"])
    if unit not in UNITS or n is None:
        return Spec(m.start(), m.end(), "DATE", "value", value="FUTURE_REF")
    if unit in ("second", "minute", "hour"):
        return None
    unit_n = {"decade": ("year", 10), "century": ("year", 100), "fortnight": ("week", 2)}.get(unit, (unit, 1))
    return Spec(m.start(), m.end(), "DATE", "shift_doc", unit=unit_n[0], n=n * unit_n[1])


_REL_N = {"last": -1, "past": -1, "previous": -1, "prior": -1, "preceding": -1, "next": 1, "coming": 1,
          "following": 1, "this": 0, "current": 0, "same": 0, "that": 0}


_OPEN_QUOTE_BEFORE = re.compile(r"[\"“‘']\s?$")


def _read_rel_unit(m, text):
    if m["mod_in"]:
        # "later in the year", "early in the month": the period of the previous mention.
        return Spec(m.start(), m.end(), "DATE", "shift_prev", unit=m["unit_in"].lower(), n=0, mod=_mod(m["mod_in"]))
    rel = m["rel"].lower()
    unit = m["unit"].lower()
    mod = _mod(m["mod"])
    start = m.start()
    if m["rel"][:1].isupper() and m["unit"][:1].isupper() and _OPEN_QUOTE_BEFORE.search(text, max(0, start - 2), start):
        return None  # ABC's "This Week": a title in quotes, not a week
    has_the = " the " in f" {m[0].lower()} " and not (m["mod"] and "the" in m["mod"].lower())
    if has_the and rel in ("last", "past") and not m["mod"] and unit in ("year", "decade", "month", "week") \
            and not re.match(r"\s+of\b", text[m.end():m.end() + 4]):
        # "over the past year", "in the last decade": TimeBank annotates the calendar unit just gone
        # (a DATE, as "last year"), not a DURATION. Not "the last week of August": a part of August.
        return Spec(start, m.end(), "DATE", "shift_doc", unit=unit, n=-1,
                    notes={"narrative_duration": _duration_value(1, unit)})
    if has_the and rel in ("last", "past") and not m["mod"]:
        # "the past day", "the last hour": a period ending now, which TimeML calls a DURATION.
        return Spec(start, m.end(), "DURATION", "value", value=_duration_value(1, unit))
    if unit == "season":
        return None
    if rel == "that":
        # "that year", "later that month": the period of the previous mention.
        if unit in ("day", "year", "week", "month") and (m["mod"] is None or m["mod"].lower() in ("earlier", "later")):
            return Spec(start, m.end(), "DATE", "shift_prev", unit=unit, n=0, mod=mod)
        return None
    n = _REL_N[rel]
    if unit in ("second", "minute", "hour", "fortnight", "decade", "century") and unit not in ("decade", "century"):
        return None
    if unit == "quarter" and rel in ("last", "previous", "this", "current", "latest", "same"):
        return Spec(start, m.end(), "DATE", "quarter_ref", rel=rel)
    if text[start:start + 4].lower() == "the " and rel in ("following", "next", "previous", "preceding", "same", "prior"):
        start += 4
        if rel == "next" and unit in ("year", "month", "week", "day"):
            # "the next day" follows the previous mention; bare "next year" the document date.
            return Spec(start, m.end(), "DATE", "shift_prev", unit=unit, n=1, mod=mod)
    elif text[start:start + 4].lower() == "the ":
        start += 4
    kind = "shift_prev" if rel in ("following", "previous", "preceding", "same", "prior") else "shift_doc"
    return Spec(start, m.end(), "DATE", kind, unit=unit, n=n, mod=mod)


def _read_year_ago_adj(m, text):
    unit = m["unit"].lower()
    return Spec(m.start(), m.end(), "DATE", "shift_doc", unit=unit, n=-1)


_PLURAL_POD = re.compile(r"\s+(mornings|afternoons|evenings|nights)\b")
_SHARED_PLURAL_POD = re.compile(r"\s+(?:and|or|&)\s+[A-Z][a-z]+day\s+(mornings|afternoons|evenings|nights)\b")


def _read_month_of_that_year(m, text):
    """'August of that year', 'July 25 of that year': one mention, the month (or day) of the year the
    previous mention is in (anchoring reads notes['that_year'])."""
    if not _cap(m["mon"]):
        return None
    mon = month_number(m["mon"])
    d = _ord_day(m["d"]) if m["d"] else None
    if d is not None and not _valid_day(None, mon, d):
        return None
    p = Point("day", None, mon, d) if d else Point("month", None, mon)
    return Spec(m.start(), m.end(), "DATE", "underspec", point=p, notes={"that_year": True})


def _read_weekday(m, text):
    wdw = m["wd"]
    if not _cap(wdw):
        return None
    wd = WEEKDAYS[wdw.lower().rstrip(".")]
    rel = (m["rel"] or "").lower() or None
    pod = PARTS_OF_DAY.get(m["pod"].lower()) if m["pod"] else None
    if not rel and not pod and not m["mod"]:
        plural = _PLURAL_POD.match(text, m.end())
        if plural:
            # "Tuesday nights": every Tuesday night.
            pod = PARTS_OF_DAY[plural.group(1).lower()[:-1]]
            return Spec(m.start("wd"), plural.end(), "SET", "value", value=f"XXXX-WXX-{wd}T{pod}")
        shared = _SHARED_PLURAL_POD.match(text, m.end())
        if shared:
            # "on Monday and Tuesday nights": every Monday night too.
            pod = PARTS_OF_DAY[shared.group(1).lower()[:-1]]
            return Spec(m.start("wd"), m.end(), "SET", "value", value=f"XXXX-WXX-{wd}T{pod}")
    start, end = m.start(), m.end()
    if m["mod"]:
        start = m.start("rel") if m["rel"] else m.start("wd")  # "earlier on Thursday": the day only
    if text[end - 2:end] in ("'s", "’s"):
        end -= 2
    typ = "TIME" if pod else "DATE"
    return Spec(start, end, typ, "weekday", weekday=wd, rel=rel, clock=pod)


_DEICTIC_VALUES = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "presently": "PRESENT_REF", "these days": "PRESENT_REF", "at present": "PRESENT_REF",
    "recently": "PAST_REF", "lately": "PAST_REF", "the past": "PAST_REF", "the future": "FUTURE_REF",
    "in future": "FUTURE_REF", "soon": "FUTURE_REF",
}
_SET_WORDS = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y",
              "yearly": "P1Y", "quarterly": "P3M"}


# A lower-case word right after "daily"/"quarterly"...: the frequency word modifies a noun ("daily
# flights", "quarterly dividend"), unless that word is a function word or adverb that shows the
# frequency word is an adverb of the clause ("rallies held daily outside", "adjusted quarterly and").
_FREQ_ADJ_AFTER = re.compile(r"\s+[a-z][a-z-]*\b")
_FREQ_ADV_NEXT = re.compile(
    r"\s+(?:and|or|but|nor|so|yet|since|through|until|till|in|on|at|for|from|to|by|with|without|outside|inside|"
    r"during|over|under|after|before|as|than|the|a|an|this|that|these|those|its|their|his|her|our|my|your|"
    r"is|are|was|were|be|been|will|would|can|could|should|may|might|must|has|have|had|do|does|did|"
    r"it|he|she|they|we|you|i|there|here|into|onto|across|around|between|against|about|per|if|when|while|"
    r"because|where|which|who|whom|whose|not|no|also|even|only|just|again|too|now|then|more|less|\w+ly)\b")


def _past_clause(text: str, start: int) -> bool:
    left = text[max(0, start - 40):start]
    right = text[start:start + 30]
    return bool(re.search(r"\b(?:was|were|had|did)\s*$", left, re.IGNORECASE) or re.match(r"\w+\s+(?:after(?:ward)?s?|\w+ed)\b", right)
                or re.search(r"\w{3,}ed\s+$", left))


# "today's" names the day ("today's vote", "today's editions") unless its noun is a people, a world or
# an age ("today's youth", "today's world", "today's computers"): then it means nowadays, which
# TimeBank leaves untagged. "now that ..." is tagged: TimeML marks its "now" (PRESENT_REF).
_GENERIC_AFTER_TODAYS = re.compile(
    r"\s*(?:[a-z]+\s+)?(?:youth|young|world|society|children|kids|generation|students|teenagers|women|men|people|"
    r"families|economy|culture|standards|technology|computers|cars|consumers|parents|politics|climate|times|age)\b",
    re.IGNORECASE)


def _read_deictic(m, text):
    word = re.sub(r"\s+", " ", m["word"].lower())
    start, end = m.start(), m.start() + len(m["word"])
    if word in ("soon",) and re.search(r"\bas\s+$", text[max(0, start - 4):start], re.IGNORECASE):
        return None  # "as soon as": a conjunction
    if word == "soon" and _past_clause(text, start):
        return None  # "was soon released": a narrative "shortly after", not the future
    if m["word"] == "Today" and re.search(r"\b[A-Z]{2,}\s$", text[max(0, start - 8):start]):
        return None  # "USA Today", "VOA Today": a newspaper or a programme
    if text[end:end + 2] in ("'s", "’s") and word == "today" and _GENERIC_AFTER_TODAYS.match(text, end + 2):
        return None  # "today's youth", "today's world": nowadays, not the document's day
    if word == "tomorrow" and re.search(r"\bthe\s+[a-z]+s?\s+of\s+$", text[max(0, start - 30):start], re.IGNORECASE):
        return None  # "the people of tomorrow", "the cities of tomorrow": the future in general, a figure
    if word in ("the near future", "the near term", "the short term"):
        return Spec(start, end, "DATE", "value", value="FUTURE_REF")
    if word.endswith(("year-end", "year end", "year's end", "end of the year", "end of this year")):
        return Spec(start, end, "DATE", "shift_doc", unit="year", n=0, mod="END")
    if word == "the weekend":
        return Spec(start, end, "DATE", "shift_doc", unit="weekend", n=0)
    if word.startswith("the ") and word.endswith(" year"):
        # "for the year ended Sept. 30" is a period; "for the year" / "the full year" the current year.
        if re.match(r"\s+(?:end(?:ed|ing)|through|to\s+date|before|earlier|ago)", text[end:end + 16], re.IGNORECASE) \
                or "fiscal" in word:
            return Spec(start, end, "DURATION", "value", value="P1Y")
        if re.search(r"\b(?:of|in)\s+$", text[max(0, start - 4):start]) or re.match(r"\s+(?:of|in|when|that|before|after)\b", text[end:end + 8]):
            return None  # "the year of the dragon", "the year before": too vague
        return Spec(start, end, "DATE", "shift_doc", unit="year", n=0)
    if word == "recent years":
        return Spec(start, end, "DATE", "value", value="PAST_REF")
    if word.startswith("recent "):
        # "in recent months": TimeBank annotates a vague DURATION (PXM).
        return Spec(start, end, "DURATION", "value", value=_duration_value(None, unit_of(word.split()[1])))
    if word == "recent":
        # "the recent attacks", "recent victories": the recent past, TimeML's PAST_REF ("recent years"
        # and "the most recent quarter" are read whole by their own families).
        return Spec(start, end, "DATE", "value", value="PAST_REF")
    if word == "current":
        # "his current wife", "current market conditions": TimeML's PRESENT_REF. Not the noun, nor
        # the accounting terms, nor "the current quarter/year" (read by the quarter and unit families).
        if re.match(r"\s+(?:accounts?|assets|liabilities|affairs|events|account\s+deficit)\b", text[end:end + 22],
                    re.IGNORECASE):
            return None
        return Spec(start, end, "DATE", "value", value="PRESENT_REF")
    if word in _DEICTIC_VALUES:
        return Spec(start, end, "DATE", "value", value=_DEICTIC_VALUES[word])
    last = word.split()[-1]
    if last in _SET_WORDS:
        if re.search(r"\b(?:its|the|a|an|their|his|her|our|first|initial|regular|special|latest)\s+$", text[max(0, start - 10):start], re.IGNORECASE):
            return None  # "its quarterly dividend": an adjective
        if m["word"][:1].isupper() and start > 1 and text[start - 2:start - 1].isalpha():
            return None  # "China Daily": a name
        if _FREQ_ADJ_AFTER.match(text, end) and not _FREQ_ADV_NEXT.match(text, end):
            return None  # "daily flights", "average daily volume": an adjective of a noun, not a set of times
        return Spec(start, end, "SET", "value", value=_SET_WORDS[last])
    spec = _deictic_day(word, start, end)
    if spec:
        return spec
    if word == "tonight":
        return Spec(start, end, "TIME", "shift_doc", unit="day", n=0, clock="NI")
    if word == "the day before yesterday":
        return Spec(start, end, "DATE", "shift_doc", unit="day", n=-2)
    if word == "the day after tomorrow":
        return Spec(start, end, "DATE", "shift_doc", unit="day", n=2)
    parts = word.split()
    pod = PARTS_OF_DAY.get(parts[-1])
    if parts[0] == "that" or parts == ["the", "night"]:
        # "that night", "during the night": the part of the day last spoken of.
        return Spec(start, end, "TIME", "shift_prev", unit="day", n=0, clock=pod)
    if parts[0] == "the":
        # the next day / the day before / the same morning: relative to the previous mention
        n = -1 if ("previous" in parts or "preceding" in parts or "before" in parts) else (
            0 if "same" in parts else 1)
        if parts[1] in ("next", "following", "previous", "preceding", "same"):
            start += 4
        clock = pod if parts[-1] not in ("day", "before", "after") else None
        return Spec(start, end, "TIME" if clock else "DATE", "shift_prev", unit="day", n=n, clock=clock)
    n = {"yesterday": -1, "tomorrow": 1, "last": -1}.get(parts[0], 0)
    return Spec(start, end, "TIME", "shift_doc", unit="day", n=n, clock=pod)


def _read_set(m, text):
    if m["per"]:
        unit = unit_of(m["per"].split()[-1])
        times = m["per"].split()[0].lower()
        k = {"once": 1, "twice": 2}.get(times) or int(re.match(r"\d+", times).group())
        return Spec(m.start(), m.end(), "SET", "value", value=_duration_value(1, unit), notes={"freq": f"{k}X"})
    if m["wds"]:
        wd = WEEKDAYS[m["wds"].lower()[:-1]]
        return Spec(m.start(), m.end(), "SET", "value", value=f"XXXX-WXX-{wd}")
    word = m["unit"].lower().rstrip(".")
    n = 1
    if m["num"]:
        n = 2 if m["num"].lower() == "other" else (_count(m["num"]) or 1)
    if word.rstrip("s") in WEEKDAYS or word in WEEKDAYS:
        wd = WEEKDAYS.get(word) or WEEKDAYS[word.rstrip("s")]
        return Spec(m.start(), m.end(), "SET", "value", value=f"XXXX-WXX-{wd}")
    if word in SEASONS:
        return Spec(m.start(), m.end(), "SET", "value", value=f"XXXX-{SEASONS[word]}")
    if word in PARTS_OF_DAY:
        return Spec(m.start(), m.end(), "SET", "value", value=f"XXXX-XX-XXT{PARTS_OF_DAY[word]}")
    unit = unit_of(word)
    if unit not in UNITS:
        return None
    return Spec(m.start(), m.end(), "SET", "value", value=_duration_value(n, unit))


def _duration_value(n: float | None, unit: str) -> str:
    """TIMEX3 duration as TimeBank writes it: decades in years (P10Y), quarters as quarters (P2Q)."""
    if unit == "decade":
        return "PXY" if n is None else _duration_value(10 * n, "year")
    if unit == "fortnight":
        return "PXW" if n is None else _duration_value(2 * n, "week")
    if unit == "century" and n is not None:
        return _duration_value(100 * n, "year")
    letter = UNITS[unit]
    if n is not None and not float(n).is_integer() and unit in _FRACTION_UNITS:
        # "2 1/2 years" = P2Y6M, "5 1/2 hours" = PT5H30M: the fraction in the next smaller unit.
        small, per = _FRACTION_UNITS[unit]
        whole, rest = int(n), round((n - int(n)) * per)
        head = _duration_value(whole, unit) if whole else ("PT" if unit in ("hour", "minute") else "P")
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


def _duration_spec(start: int, end: int, n, unit: str, vague: bool) -> Spec:
    return Spec(start, end, "DURATION", "value", value=_duration_value(None if vague else n, unit))


_DURATION_RX = next(f.pattern for f in FAMILIES if f.name == "duration")
# A modal right before "one day" makes it an indefinite future ("will one day be"), not a day's length.
_MODAL_BEFORE = re.compile(r"\b(?:will|would|could|may|might|shall|can|['’]ll)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
# Words before "last" that make it the verb ("to last", "will last", "did not last").
_LAST_IS_VERB = re.compile(r"\b(?:to|will|would|could|can|may|might|should|must|not|n['’]t|did|does|do|['’]ll|could\s+not)\s+$",
                           re.IGNORECASE)


def _read_duration_from(m, text, start):
    """A duration read from `start` (inside the match) on: the words before it are not part of it."""
    mm = _DURATION_RX.match(text, start, m.end())
    if mm is None or mm.end() != m.end():
        return None
    return _read_duration(mm, text)


def _read_duration(m, text):
    unit_word = m["unit"]
    unit = unit_of(unit_word)
    if unit not in UNITS:
        return None
    if m[0].lower().endswith("-old") or re.match(r"[\s-]+old\b", text[m.end():m.end() + 5]):
        return None  # an age ("the 70-year-old strongman"), not a period
    if unit_word[:1].isupper() and m.start("unit") > 0 and text[m.start("unit") - 1] == " " and m["num"]:
        return None  # "60 Minutes": a title
    det = (m["det"] or "").lower()
    rel = (m["rel"] or "").lower()
    num, vague = m["num"], m["vague"]
    if m[0].lower() in ("one day", "some day") and _MODAL_BEFORE.search(text, max(0, m.start() - 24), m.start()):
        return Spec(m.start(), m.end(), "DATE", "value", value="FUTURE_REF")  # "Islam will one day be ..."
    if rel == "last" and not det and (num or vague) and _LAST_IS_VERB.search(text[max(0, m.start() - 24):m.start()]):
        # "expected the talks to last two weeks", "it will last three days": the verb, not "the last".
        start_rel = m.start("num") if num else m.start("vague")
        return _read_duration_from(m, text, start_rel)
    if unit in ("quarter", "half") and re.match(r"\s+of\b", text[m.end():m.end() + 4]):
        return None  # "a quarter of its food": a fraction
    if (det == "a" or (num or "").lower() in ("a", "an")) and not rel and re.search(
            r"(?:\d|\b(?:million|billion|thousand|hundred|dollars?|cents?|percent|times|once|twice|flights|hours)|%)\s*$",
            text[max(0, m.start() - 24):m.start()], re.IGNORECASE):
        return None  # "$2 million a year", "24 hours a day": a rate, not a period
    plural = unit_word.lower().endswith("s") or unit_word.lower() in ("centuries", "millennia")
    start, end = m.start(), m.end()
    if det in ("its", "their", "his", "her", "our"):
        start = m.start("rel") if m["rel"] else (m.start("num") if num else (m.start("vague") if vague else m.start("unit")))
        det = ""
    n: float | None
    if num:
        nv = number_value(num)
        if nv is None:
            return None
        half = bool(_AND_A_HALF.search(m[0]))
        if num.lower() in ("a", "an") and unit in ("second", "minute") and not half:
            return None  # "a second time"
        n = nv + 0.5 if half else nv
    elif vague:
        n = None
    else:
        # Bare unit: "years" (PXY) and "week" after an adjective are durations; "the year" is not.
        if det == "the" and not rel:
            return None
        if not plural and not rel:
            if unit == "week" and det == "" and re.search(r"\b(?:bad|good|busy|difficult|tough|big|week)\s+$", text[max(0, start - 12):start], re.IGNORECASE) or det == "a" and unit != "second":
                n = 1.5 if _AND_A_HALF.search(m[0]) else 1  # "a year and a half"
            else:
                return None
        elif not plural and rel:
            return None  # "the last year" is read by rel_unit
        else:
            n = None
            if det == "a":
                return None
    if det == "a" and num:
        start = m.start("num")
    if num and n is not None and n >= 1000 and not plural:
        return None  # "the 1988 quarter": a year, read by the quarter families
    if det == "the" and not rel and m["hy"] and m["hy"].strip() == "-":
        start = m.start("num") if num else start  # "the four-hour meeting": the adjective only
    if rel in ("recent", "latest", "same") and n is None and not num:
        return None
    if rel in ("past", "last") and vague:
        return Spec(start, end, "DATE", "value", value="PAST_REF")  # "the last few months"
    if det == "" and rel in ("coming", "past") and plural and not num and not vague and m.start("rel") == start:
        # "in coming months", "in past years": the vague future or past, as TimeBank annotates them.
        return Spec(start, end, "DATE", "value", value="FUTURE_REF" if rel == "coming" else "PAST_REF")
    if det == "" and rel and not num and not vague:
        return None
    value = _duration_value(n, unit)
    if rel in ("past", "last") and det == "" and not num:
        return None
    return Spec(start, end, "DURATION", "value", value=value)


_EVERY_BEFORE = re.compile(r"\b(?:every|each)\s+$", re.IGNORECASE)


def _read_month_mod(m, text):
    monw = m["mon"]
    if not _cap(monw) or (monw.isupper() and len(monw) > 3):
        return None
    mon = month_number(monw)
    bare = monw.lower().rstrip(".")
    full = len(bare) >= 5 or bare in ("june", "july", "may")
    mod_text = (m["mod"] or "").lower()
    prep = (m["prep"] or "").lower()
    if not mod_text and not prep and full:
        every = _EVERY_BEFORE.search(text, max(0, m.start() - 7), m.start())
        if every:
            return Spec(every.start(), m.end(), "SET", "value", value=f"XXXX-{mon:02d}")  # "each July"
    if not full and not monw.endswith("."):
        return None  # "Mar", "Jun" alone are too often names
    if bare in ("may", "march") and not (mod_text or prep):
        return None
    # "may" after a conjunction is usually the modal: require a year right after it.
    if bare == "may" and prep in ("and", "or", "to", "of") and not re.match(
            r"[\s,]+(?:19|20)\d\d\b", text[m.end():m.end() + 8]):
        return None
    if bare == "may" and re.match(r"\s+(?:be|have|not|also|well|become|seem|take|make|want|need|help|find|use|give|get|come|go|see|lead|cause|still|even|never|already|only|soon|now|yet|just|in\s+fact|face|result|prove|\w+ly\b)", text[m.end():m.end() + 12], re.IGNORECASE):
        return None
    if (mod_text or prep) and re.match(r"\s*[0-3]?[0-9](?:st|nd|rd|th)?(?![\d:.,]\d)\b", text[m.end():m.end() + 6]):
        return None  # "last Oct. 23": a day of that month, read by the day-month family
    start = m.start() if mod_text else m.start("mon")
    mod = None
    rel = None
    if mod_text in ("last", "next", "this", "this past", "past", "coming"):
        rel = mod_text
    else:
        mod = _mod(mod_text)
    if prep in ("last", "next", "this"):
        rel, start = prep, m.start()
    elif prep in ("early", "late", "mid"):
        mod, start = _mod(prep), m.start()
    if text[start:start + 4].lower() == "the ":
        start += 4
    end = m.end()
    notes = {}
    year_rel = _MONTH_REL_YEAR.match(text, end) if rel is None else None
    if year_rel:
        # "February this year", "June last year": one timex, the month of the year the phrase names.
        end = year_rel.end()
        notes["year_shift"] = {"this": 0, "next": 1, "last": -1}[year_rel["rel"].lower()]
    spec = Spec(start, end, "DATE", "underspec", point=Point("month", None, mon), mod=mod, rel=rel, notes=notes)
    return spec


_MONTH_REL_YEAR = re.compile(r"\s+(?P<rel>this|next|last)\s+year(?![\w'’-])", re.IGNORECASE)


def _read_year(m, text):
    if m["ad"] or m["ybc"]:
        if m["ad"]:
            y = int(m["yad"])
        else:
            y = int(m["ybc"])
            if m["era"].upper().startswith("B"):
                return Spec(m.start(), m.end(), "DATE", "abs", point=Point("year", -y))
        return Spec(m.start(), m.end(), "DATE", "abs", point=Point("year", y))
    y = int(m["y"])
    ys = m.start("y")
    why = _year_is_count(text, ys, m.end("y"), y)
    if why:
        return None
    mod = _mod(m["mod"])
    start = m.start() if mod else ys
    if text[start:start + 4].lower() == "the ":
        start += 4
    return Spec(start, m.end(), "DATE", "abs", point=Point("year", y), mod=mod)


_READERS = {
    "iso": _read_iso,
    "numeric": _read_numeric,
    "compact": _read_compact,
    "date_dmy": _read_full_date,
    "date_mdy": _read_full_date,
    "month_year": _read_month_year,
    "date_range": _read_date_range,
    "month_range": _read_month_range,
    "year_range": _read_year_range,
    "time_date_rel": _read_time_date_rel,
    "clock": _read_clock,
    "decade": _read_decade,
    "decade_word": _read_decade_word,
    "century": _read_century,
    "season": _read_season,
    "quarter": _read_quarter,
    "quarter_q": _read_quarter_q,
    "year_quarter": _read_year_quarter,
    "holiday": _read_holiday,
    "spelled_year": _read_spelled_year,
    "bc": _read_bc,
    "quarter_rel": _read_quarter_rel,
    "fiscal": _read_fiscal,
    "ago": _read_ago,
    "in_time": _read_in_time,
    "rel_unit": _read_rel_unit,
    "year_ago_adj": _read_year_ago_adj,
    "weekday": _read_weekday,
    "deictic": _read_deictic,
    "set": _read_set,
    "month_of_that_year": _read_month_of_that_year,
    "duration": _read_duration,
    "month_mod": _read_month_mod,
    "year": _read_year,
}
