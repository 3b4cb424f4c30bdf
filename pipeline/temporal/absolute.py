"""Readers of dates that carry their own calendar position: ISO and numeric dates, written dates, months of a
year, ranges, years, decades, centuries, BC dates, quarters and halves, fiscal years."""
from __future__ import annotations

import calendar
import re

from .counts import year_is_count
from .grammar import (
    MONTHS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    PARTS_OF_DAY,
    SEASONS,
    WEEKDAYS,
)
from .spec import (
    Spec,
    capitalised,
    clock_value,
    group_or_none,
    mod_of,
    month_number,
    ordinal_day,
    parse_written_date,
    valid_day,
    year_of,
)
from .timepoint import Point

__all__ = ["read_bc", "read_century", "read_compact", "read_date_range", "read_decade", "read_decade_word", "read_fiscal", "read_full_date", "read_iso", "read_month_range", "read_month_year", "read_numeric", "read_quarter", "read_quarter_q", "read_spelled_year", "read_year", "read_year_quarter", "read_year_range"]


def read_iso(m, text):
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if not valid_day(y, mo, d):
        return Spec(m.start(), m.end(), "DATE", "abs", problem=f"{m[0]} is not a calendar date")
    clock = f"{m['hh']}:{m['mi']}" if m["hh"] else None
    if clock and int(m["hh"]) > 24:
        clock = None
    p = Point("time" if clock else "day", y, mo, d, clock=clock)
    return Spec(m.start(), m.end(), "TIME" if clock else "DATE", "abs", point=p)


def read_compact(m, text):
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


def read_numeric(m, text):
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


def read_full_date(m, text):
    mon = month_number(m["mon"])
    if not capitalised(m["mon"]):
        return None
    d = ordinal_day(m["d"])
    start, end = m.start(), m.end()
    # "the 1st of May": TIMEX3 keeps "the" outside the span.
    if text[start:start + 4].lower() == "the ":
        start += 4
    y, bad = year_of(m["y"])
    clock = None
    for key in ("time1", "time2"):
        if group_or_none(m, key):
            clock = clock_value(m[key])
    pod = PARTS_OF_DAY[m["podof"].lower()] if group_or_none(m, "podof") and not clock else None
    if pod:
        clock = pod  # "the night of 10 August 1792": 1792-08-10TNI
    if not valid_day(y, mon, d):
        return Spec(start, end, "DATE", "abs",
                    problem=f"{calendar.month_name[mon]} has no day {d}")
    gran = "part_of_day" if pod else ("time" if clock else "day")
    typ = "TIME" if clock else "DATE"
    wd = WEEKDAYS.get(m["wd"].lower().rstrip(".")) if group_or_none(m, "wd") else None
    if y is not None:
        p = Point(gran, y, mon, d, clock=clock)
        return Spec(start, end, typ, "abs", point=p, weekday=wd)
    p = Point(gran, None, mon, d, clock=clock)
    return Spec(start, end, typ, "underspec", point=p, weekday=wd, bad_year=bad)


def read_date_range(m, text):
    """Both ends of a range of days or months, each its own mention (spec.notes['parts'])."""
    if m["monc"]:
        if not (capitalised(m["monc1"]) and capitalised(m["monc"])):
            return None
        a = Point("month", int(m["yc1"]), month_number(m["monc1"]))
        b = Point("month", int(m["yc"]), month_number(m["monc"]))
        parts = [(m.start("monc1"), m.end("yc1"), a), (m.start("monc"), m.end("yc"), b)]
    else:
        mdy = bool(m["monb"])
        monw = m["monb"] if mdy else m["mon"]
        if not capitalised(monw) or (m["mon1"] and not capitalised(m["mon1"])):
            return None
        mon2 = month_number(monw)
        mon1 = month_number(m["mon1"]) if m["mon1"] else mon2
        d1, d2 = ordinal_day(m["d1b"] if mdy else m["d1"]), ordinal_day(m["d2b"] if mdy else m["d2"])
        yt = m["yb"] if mdy else m["y"]
        y2 = int(yt) if yt else None
        y1 = None if y2 is None else (y2 - 1 if mon1 > mon2 else y2)
        if not (valid_day(y1, mon1, d1) and valid_day(y2, mon2, d2)):
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


def read_month_year(m, text):
    if not capitalised(m["mon"]):
        return None
    mon = month_number(m["mon"])
    y, bad = year_of(m["y"])
    p = Point("month", y, mon)
    mod = mod_of(m["mod"])
    if y is None:
        return Spec(m.start(), m.end(), "DATE", "underspec", point=p, bad_year=bad, mod=mod)
    return Spec(m.start(), m.end(), "DATE", "abs", point=p, mod=mod)


def read_month_range(m, text):
    if not (capitalised(m["mon"]) and capitalised(m["mon2"])):
        return None
    a, b = month_number(m["mon"]), month_number(m["mon2"])
    y = int(m["y"]) if m["y"] else None
    p = Point("month", y, a)
    spec = Spec(m.start(), m.end(), "DATE", "abs" if y else "underspec", point=p, mod=mod_of(m["mod"]))
    spec.month_range_end = b
    return spec


def read_year_range(m, text):
    y1 = int(m["y"])
    y2t = m["y2"]
    y2 = int(y2t) if len(y2t) == 4 else (y1 // 100) * 100 + int(y2t)
    if not (y1 < y2 <= y1 + 200) or year_is_count(text, m.start(), m.end(), y1):
        return None
    # TimeML tags the two ends as two DATEs; the tagger splits this span (see tagger.split_ranges).
    start = m.start() + m[0].lower().find(m["y"])
    spec = Spec(start, m.end(), "DATE", "abs", point=Point("year", y1))
    spec.notes["range_years"] = (y1, y2, start, start + 4, m.end() - len(y2t), m.end())
    return spec


_DECADE_WORDS = {"twenties": 192, "thirties": 193, "forties": 194, "fifties": 195, "sixties": 196,
                 "seventies": 197, "eighties": 198, "nineties": 199}


def read_decade(m, text):
    dec = m["dec"]
    start = m.start()
    if text[start:start + 4].lower() == "the ":
        start += 4
    if dec.startswith("'"):
        value = 190 + int(dec[1])  # the '80s -> 198 (20th century is the usual reading)
    else:
        value = int(dec) // 10
    return Spec(start, m.end(), "DATE", "abs", point=Point("decade", decade=value), mod=mod_of(m["mod"]))


def read_decade_word(m, text):
    start = m.start() + 4
    return Spec(start, m.end(), "DATE", "abs", point=Point("decade", decade=_DECADE_WORDS[m["dw"].lower()]),
                mod=mod_of(m["mod"]))


def read_century(m, text):
    c = m["c"].lower()
    n = int(re.match(r"\d+", c).group()) if c[0].isdigit() else ORDINAL_WORDS.get(c, 21 if "twenty" in c else None)
    if not n or n > 30:
        return None
    start = m.start()
    if text[start:start + 4].lower() == "the ":
        start += 4
    return Spec(start, m.end(), "DATE", "abs", point=Point("century", century=n - 1), mod=mod_of(m["mod"]))


def read_quarter(m, text):
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


def read_year_quarter(m, text):
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


def read_bc(m, text):
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
    mod = mod_of(m["mod"])
    if m["mon"]:
        if not capitalised(m["mon"]):
            return None
        d = ordinal_day(m["d"]) if m["d"] else None
        mon = month_number(m["mon"])
        if d is not None and not valid_day(None, mon, d):
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
    return Spec(m.start(), m.end(), "DATE", "value", value=value, mod=mod_of(mod))


# Single words for 1-19 and the tens: the pieces of a year read out ("nineteen ninety-six").
_SPELLED_UNITS = {w: v for w, v in NUMBER_WORDS.items() if " " not in w and isinstance(v, int) and 1 <= v <= 90}


_SPELLED_YEAR_LEAD = re.compile(
    rf"(?<![\w-])(?:(?P<mon>{'|'.join(sorted((w for w in MONTHS if len(w) > 3 or w == 'may'), key=len, reverse=True))})"
    r"|(?P<season>spring|summer|autumn|fall|winter)\s+of)\s+$", re.IGNORECASE)


def read_spelled_year(m, text):
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
        if before and before["mon"] and capitalised(before["mon"]):  # "January nineteen ninety-seven"
            return Spec(before.start(), m.end(), "DATE", "abs", point=Point("month", y, month_number(before["mon"])))
        if before and before["season"]:  # "the winter of nineteen ninety-four"
            return Spec(before.start("season"), m.end(), "DATE", "abs",
                        point=Point("season", y, season=SEASONS[before["season"].lower()]))
    return Spec(start if not m["yearword"] else m.start(), m.end(), "DATE", "abs", point=Point("year", y))


def read_quarter_q(m, text):
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


def read_fiscal(m, text):
    yt = m["y"].lstrip("'")
    y = int(yt) if len(yt) == 4 else (1900 + int(yt) if int(yt) > 50 else 2000 + int(yt))
    return Spec(m.start(), m.end(), "DATE", "abs", point=Point("year", y))


def read_year(m, text):
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
    why = year_is_count(text, ys, m.end("y"), y)
    if why:
        return None
    mod = mod_of(m["mod"])
    start = m.start() if mod else ys
    if text[start:start + 4].lower() == "the ":
        start += 4
    return Spec(start, m.end(), "DATE", "abs", point=Point("year", y), mod=mod)
