"""Readers of durations ("three years", "the past day") and sets ("every Tuesday", "twice a week")."""
from __future__ import annotations

import re

from .grammar import (
    FAMILIES,
    PARTS_OF_DAY,
    SEASONS,
    UNITS,
    WEEKDAYS,
    number_value,
    unit_of,
)
from .spec import AND_A_HALF, Spec, count_of, duration_value

__all__ = ["read_duration", "read_set"]


def read_set(m, text):
    if m["per"]:
        unit = unit_of(m["per"].split()[-1])
        times = m["per"].split()[0].lower()
        k = {"once": 1, "twice": 2}.get(times) or int(re.match(r"\d+", times).group())
        return Spec(m.start(), m.end(), "SET", "value", value=duration_value(1, unit), notes={"freq": f"{k}X"})
    if m["wds"]:
        wd = WEEKDAYS[m["wds"].lower()[:-1]]
        return Spec(m.start(), m.end(), "SET", "value", value=f"XXXX-WXX-{wd}")
    word = m["unit"].lower().rstrip(".")
    n = 1
    if m["num"]:
        n = 2 if m["num"].lower() == "other" else (count_of(m["num"]) or 1)
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
    return Spec(m.start(), m.end(), "SET", "value", value=duration_value(n, unit))


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
    return read_duration(mm, text)


def read_duration(m, text):
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
    if m[0].lower().endswith("-long") and not (m["num"] or m["vague"] or m["rel"]):
        # "a month-long siege", "decades-long", "their third day-long meeting": the adjective is the duration,
        # without the noun phrase's article (both corpora: 6 of 6).
        plural_unit = unit_word.lower().endswith("s") or unit_word.lower() in ("centuries", "millennia")
        return Spec(m.start("unit"), m.end(), "DURATION", "value",
                    value=duration_value(None if plural_unit else 1, unit))
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
        half = bool(AND_A_HALF.search(m[0]))
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
                n = 1.5 if AND_A_HALF.search(m[0]) else 1  # "a year and a half"
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
    value = duration_value(n, unit)
    if rel in ("past", "last") and det == "" and not num:
        return None
    if num and m["hy"] and not plural:
        period = _PERIOD_AFTER.match(text, end)
        if period:
            # "a three-year period", "the same 28-day period": the compound names the period's length and
            # the noun phrase is the duration (TimeBank+AQUAINT 1 of 1, WikiWars 3 of 3).
            start, end = m.start(), period.end()
    return Spec(start, end, "DURATION", "value", value=value)


_PERIOD_AFTER = re.compile(r"[^\S\n]+(?:period|span|stretch|interval)(?![\w-])", re.IGNORECASE)
