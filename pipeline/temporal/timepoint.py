"""A calendar point at some granularity, and the arithmetic anchoring needs on it.

A `Point` is what a resolved DATE/TIME expression denotes before it is written out: the year (or
decade, or century) plus whatever finer fields its granularity has.  It knows its TIMEX3 value
and the inclusive range of days it covers.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["MAX_YEAR", "MIN_YEAR", "SEASON_MONTHS", "Point", "point_of_day", "shift"]

MIN_YEAR, MAX_YEAR = 1, 9999
# First month of each season (northern hemisphere, meteorological); winter of Y runs Dec Y - Feb Y+1.
SEASON_MONTHS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_SEASON_ORDER = ("SP", "SU", "FA", "WI")


@dataclass(frozen=True)
class Point:
    gran: str  # one of GRANULARITIES
    year: int | None = None  # None for decade/century; negative before the common era (-480 = 480 BC)
    month: int | None = None
    day: int | None = None
    quarter: int | None = None
    half: int | None = None
    week: int | None = None  # ISO week number; `year` is then the ISO year
    season: str | None = None  # SP SU FA WI
    decade: int | None = None  # 198 for the 1980s
    century: int | None = None  # 19 for the 1900s
    clock: str | None = None  # "05:00" for gran "time", "MO" for "part_of_day"
    weekend: bool = False

    # --- TIMEX3 value ------------------------------------------------------------------------------
    def value(self) -> str:
        g = self.gran
        if g == "century":
            return f"{self.century:02d}"
        if g == "decade":
            return f"{self.decade:03d}"
        # Years before the common era are negative (-480 is 480 BC) and written TIMEX2-style: BC0480.
        y = f"{self.year:04d}" if self.year > 0 else f"BC{-self.year:04d}"
        if g == "year":
            return y
        if g == "season":
            return f"{y}-{self.season}"
        if g == "quarter":
            return f"{y}-Q{self.quarter}"
        if g == "half":
            return f"{y}-H{self.half}"
        if g == "week":
            return f"{y}-W{self.week:02d}" + ("-WE" if self.weekend else "")
        if g == "month":
            return f"{y}-{self.month:02d}"
        day = f"{y}-{self.month:02d}-{self.day:02d}"
        if g == "day":
            return day
        return f"{day}T{self.clock}"  # time, part_of_day

    # --- Day range ---------------------------------------------------------------------------------
    def date_range(self) -> tuple[date, date]:
        """Inclusive first and last day; ValueError for years Python's calendar cannot hold (BC)."""
        g = self.gran
        if self.year is not None and self.year <= 0:
            raise ValueError("a year before the common era has no datetime.date")
        if g == "century":
            y0 = self.century * 100
            return date(max(y0, 1), 1, 1), date(min(y0 + 99, MAX_YEAR), 12, 31)
        if g == "decade":
            y0 = self.decade * 10
            return date(max(y0, 1), 1, 1), date(y0 + 9, 12, 31)
        y = self.year
        if g == "year":
            return date(y, 1, 1), date(y, 12, 31)
        if g == "half":
            return (date(y, 1, 1), date(y, 6, 30)) if self.half == 1 else (date(y, 7, 1), date(y, 12, 31))
        if g == "quarter":
            m0 = 3 * (self.quarter - 1) + 1
            return date(y, m0, 1), _month_end(y, m0 + 2)
        if g == "season":
            m0 = SEASON_MONTHS[self.season]
            if self.season == "WI":
                return date(y, 12, 1), _month_end(y + 1, 2) if y < MAX_YEAR else date(y, 12, 31)
            return date(y, m0, 1), _month_end(y, m0 + 2)
        if g == "week":
            monday = date.fromisocalendar(y, self.week, 1)
            if self.weekend:
                return monday + timedelta(days=5), monday + timedelta(days=6)
            return monday, monday + timedelta(days=6)
        if g == "month":
            return date(y, self.month, 1), _month_end(y, self.month)
        d = date(y, self.month, self.day)
        return d, d

    def with_mod(self, mod: str | None) -> tuple[date, date]:
        """The range narrowed by an early/mid/late modifier: the first, middle or last part."""
        a, b = self.date_range()
        if mod not in ("START", "MID", "END") or b <= a:
            return a, b
        part = {"START": 0, "MID": 1, "END": 2}[mod]
        if self.gran in ("decade", "century", "year"):
            # Whole years of a decade or century (late 1980s = 1987-1989), whole months of a year.
            if self.gran == "year":
                m0 = 1 + 4 * part
                return date(a.year, m0, 1), _month_end(a.year, m0 + 3)
            n = b.year - a.year + 1
            cuts = (a.year, a.year + n * 3 // 10, a.year + n * 7 // 10, b.year + 1)
            return date(cuts[part], 1, 1), date(cuts[part + 1] - 1, 12, 31)
        if self.gran == "month":
            starts = (1, 11, 21)
            d0 = date(a.year, a.month, starts[part])
            return d0, (date(a.year, a.month, starts[part] + 9) if part < 2 else b)
        span = (b - a).days + 1
        third = max(span // 3, 1)
        if mod == "START":
            return a, a + timedelta(days=third - 1)
        if mod == "END":
            return b - timedelta(days=third - 1), b
        return a + timedelta(days=third), b - timedelta(days=third)

    def start_day(self) -> date:
        return self.date_range()[0]


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def point_of_day(d: date, gran: str = "day", clock: str | None = None) -> Point:
    return Point(gran, d.year, d.month, d.day, clock=clock)


def shift(anchor: date, unit: str, n: int) -> Point | None:
    """The calendar unit containing `anchor`, moved by n units: shift(d, 'year', -1) is last year.

    Returns None when the result falls outside the representable calendar.
    """
    try:
        if unit == "day":
            return point_of_day(anchor + timedelta(days=n))
        if unit in ("week", "weekend"):
            iy, iw, _ = (anchor + timedelta(weeks=n)).isocalendar()
            return Point("week", iy, week=iw, weekend=unit == "weekend")
        if unit == "month":
            k = anchor.year * 12 + anchor.month - 1 + n
            return Point("month", k // 12, k % 12 + 1)
        if unit == "quarter":
            k = anchor.year * 4 + (anchor.month - 1) // 3 + n
            return Point("quarter", k // 4, quarter=k % 4 + 1)
        if unit == "half":
            k = anchor.year * 2 + (anchor.month - 1) // 6 + n
            return Point("half", k // 2, half=k % 2 + 1)
        if unit == "season":
            s = season_of(anchor)
            k = s.year * 4 + _SEASON_ORDER.index(s.season) + n
            return Point("season", k // 4, season=_SEASON_ORDER[k % 4])
        if unit == "year":
            y = anchor.year + n
            return Point("year", y) if MIN_YEAR <= y <= MAX_YEAR else None
        if unit == "decade":
            return Point("decade", decade=anchor.year // 10 + n)
        if unit == "century":
            return Point("century", century=anchor.year // 100 + n)
    except (ValueError, OverflowError):
        return None
    return None


def season_of(d: date) -> Point:
    """The season containing d (January and February belong to the previous year's winter)."""
    if d.month in (1, 2):
        return Point("season", d.year - 1, season="WI")
    for code in ("WI", "FA", "SU", "SP"):
        if d.month >= SEASON_MONTHS[code]:
            return Point("season", d.year, season=code)
    return Point("season", d.year - 1, season="WI")  # unreachable
