"""From a grammar match to a `Spec`: TIMEX3 type, what is known of the value, and what is missing.

`read_candidate` dispatches each grammar family to its reader. The readers live by concern:
`absolute.py` (dates that carry their own calendar position), `relative.py` (expressions anchored on the
document date or the previous mention), `durations.py` (durations and sets), `holidays.py` (holidays
and seasons), with `counts.py` for the numbers that are counts rather than years and `spec.py` for
`Spec` and the small readers they share. Context checks that reject false candidates ("may" the modal,
1000 kilometres, 5248 units) live next to the reading they guard.
"""
from __future__ import annotations

import re

from .absolute import (
    read_bc,
    read_century,
    read_compact,
    read_date_range,
    read_decade,
    read_decade_word,
    read_fiscal,
    read_full_date,
    read_iso,
    read_month_range,
    read_month_year,
    read_numeric,
    read_quarter,
    read_quarter_q,
    read_spelled_year,
    read_year,
    read_year_quarter,
    read_year_range,
)
from .durations import (
    read_duration,
    read_set,
)
from .holidays import (
    read_holiday,
    read_season,
)
from .relative import (
    read_ago,
    read_clock,
    read_deictic,
    read_in_time,
    read_month_mod,
    read_month_of_that_year,
    read_quarter_rel,
    read_rel_unit,
    read_time_date_rel,
    read_weekday,
    read_year_ago_adj,
)
from .spec import Spec, clock_value, parse_written_date

__all__ = ["Spec", "clock_value", "parse_written_date", "read_candidate"]


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


_READERS = {
    "iso": read_iso,
    "numeric": read_numeric,
    "compact": read_compact,
    "date_dmy": read_full_date,
    "date_mdy": read_full_date,
    "month_year": read_month_year,
    "date_range": read_date_range,
    "month_range": read_month_range,
    "year_range": read_year_range,
    "time_date_rel": read_time_date_rel,
    "clock": read_clock,
    "decade": read_decade,
    "decade_word": read_decade_word,
    "century": read_century,
    "season": read_season,
    "quarter": read_quarter,
    "quarter_q": read_quarter_q,
    "year_quarter": read_year_quarter,
    "holiday": read_holiday,
    "spelled_year": read_spelled_year,
    "bc": read_bc,
    "quarter_rel": read_quarter_rel,
    "fiscal": read_fiscal,
    "ago": read_ago,
    "in_time": read_in_time,
    "rel_unit": read_rel_unit,
    "year_ago_adj": read_year_ago_adj,
    "weekday": read_weekday,
    "deictic": read_deictic,
    "set": read_set,
    "month_of_that_year": read_month_of_that_year,
    "duration": read_duration,
    "month_mod": read_month_mod,
    "year": read_year,
}
