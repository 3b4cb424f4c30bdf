"""Readers of named days and seasons: fixed and floating holidays, the seasons."""
from __future__ import annotations

import re
from dataclasses import replace

from .grammar import (
    PARTS_OF_DAY,
    SEASONS,
)
from .spec import Spec, mod_of, year_of
from .timepoint import Point

__all__ = ["FLOATING_HOLIDAYS", "read_holiday", "read_season"]


def read_season(m, text):
    season = SEASONS[m["season"].lower()]
    rel = (m["rel"] or "").lower() or None
    y, bad = year_of(m["y"])
    mod = mod_of(m["mod"])
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


# Fixed-date holidays, and the rule for floating ones: (month, weekday, nth; -1 = last, or a day offset).
_FIXED_HOLIDAYS = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
                   "new year's day": (1, 1), "new year's eve": (12, 31), "independence day": (7, 4),
                   "bastille day": (7, 14), "halloween": (10, 31), "valentine's day": (2, 14),
                   "boxing day": (12, 26), "veterans day": (11, 11), "armistice day": (11, 11),
                   "d-day": (6, 6)}


FLOATING_HOLIDAYS = {"thanksgiving": (11, 4, 4), "thanksgiving day": (11, 4, 4), "labor day": (9, 1, 1),
                     "labour day": (9, 1, 1), "memorial day": (5, 1, -1), "election day": (11, 2, "election")}


def read_holiday(m, text):
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
