"""Readers of expressions anchored on the document date or on the previous mention: "two years ago", "last
week", "that year", weekdays, "today", "recently", clock times, months without a year ("in March",
"last May"), "the quarter"."""
from __future__ import annotations

import re

from .grammar import (
    PARTS_OF_DAY,
    UNITS,
    WEEKDAYS,
    number_value,
    unit_of,
)
from .spec import (
    AND_A_HALF,
    Spec,
    capitalised,
    clock_value,
    count_of,
    duration_spec,
    duration_value,
    mod_of,
    month_number,
    ordinal_day,
    valid_day,
)
from .timepoint import Point

__all__ = ["read_ago", "read_clock", "read_deictic", "read_in_time", "read_month_mod", "read_month_of_that_year", "read_quarter_rel", "read_rel_unit", "read_time_date_rel", "read_weekday", "read_year_ago_adj"]


def read_time_date_rel(m, text):
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


def read_clock(m, text):
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


def read_quarter_rel(m, text):
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


# "a year and a half ago": the half counted in the next smaller unit the calendar can shift by.
_HALF_SHIFT = {"year": ("month", 12, 6), "decade": ("year", 10, 5), "century": ("year", 100, 50),
               "month": ("day", 30, 15), "week": ("day", 7, 3)}


def _half_of_one(m) -> bool:
    """'half a year ago', 'half an hour later': half of one unit."""
    return bool(m["halfa"]) or (bool(m["num"]) and number_value(m["num"]) == 0.5)


def read_ago(m, text):
    spec = _read_ago_spec(m, text)
    n = count_of(m["num"]) if m["num"] else None
    if n is not None and AND_A_HALF.search(m[0]):
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
                                       duration_value(None if vague else n, unit))
    return spec


def _read_ago_spec(m, text):
    unit = unit_of(m["unit"])
    if unit not in UNITS:
        return None
    direction = re.sub(r"\s+", " ", m["dir"].lower())
    n = count_of(m["num"]) if m["num"] else None
    if direction == "from now":
        # TimeML annotates "eight years from now" as the DURATION "eight years" and the PRESENT_REF
        # "now" it counts from (the deictic family tags "now" on its own).
        if _half_of_one(m) or m["halfa"]:
            n = 0.5
        elif n is not None and AND_A_HALF.search(m[0]):
            n += 0.5
        return duration_spec(m.start(), m.start("dir") - 1 if text[m.start("dir") - 1].isspace() else m.start("dir"),
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
    dur_n = n + 0.5 if n is not None and AND_A_HALF.search(m[0]) else n
    if direction in ("since",):
        return None
    sign = 1 if direction in ("later", "after", "hence", "from now") else -1
    kind = "shift_doc" if direction in ("ago", "hence", "from now") else "shift_prev"
    if direction in ("before", "after") and re.match(r"\s+[A-Za-z]", text[m.end():m.end() + 3]):
        # "two days before the vote", "a year after he was killed", "72 hours after landing": a
        # preposition or conjunction anchoring on an event, not a date; TimeML annotates the duration.
        return duration_spec(m.start(), m.start() + len(m[0]) - len(m["dir"]) - 1, dur_n, unit, vague)
    if direction == "prior" and re.match(r"\s+to\b", text[m.end():m.end() + 4]):
        return duration_spec(m.start(), m.start() + len(m[0]) - len(m["dir"]) - 1, dur_n, unit, vague)
    if unit in ("second", "minute", "hour"):
        # Sub-day offsets are rarely normalised beyond the day itself.
        return Spec(m.start(), m.end(), "DATE", kind, unit="day", n=0)
    if vague:
        value = "PAST_REF" if sign < 0 else "FUTURE_REF"
        return Spec(m.start(), m.end(), "DATE", "value", value=value)
    if AND_A_HALF.search(m[0]) and unit in _HALF_SHIFT:
        small, per, half = _HALF_SHIFT[unit]
        return Spec(m.start(), m.end(), "DATE", kind, unit=small, n=sign * (n * per + half))
    unit_n = {"decade": ("year", 10), "century": ("year", 100), "fortnight": ("week", 2),
              "weekend": ("week", 1), "millennium": ("year", 1000)}.get(unit, (unit, 1))
    return Spec(m.start(), m.end(), "DATE", kind, unit=unit_n[0], n=sign * n * unit_n[1])


def read_in_time(m, text):
    unit = unit_of(m["unit"])
    n = count_of(m["num"])
    start = m.start("num")  # "in two years' time": the preposition stays out, as everywhere in TIMEX3
    if unit not in UNITS or n is None:
        return Spec(start, m.end(), "DATE", "value", value="FUTURE_REF")
    if unit in ("second", "minute", "hour"):
        return None
    unit_n = {"decade": ("year", 10), "century": ("year", 100), "fortnight": ("week", 2)}.get(unit, (unit, 1))
    return Spec(start, m.end(), "DATE", "shift_doc", unit=unit_n[0], n=n * unit_n[1])


_REL_N = {"last": -1, "past": -1, "previous": -1, "prior": -1, "preceding": -1, "next": 1, "coming": 1,
          "following": 1, "this": 0, "current": 0, "same": 0, "that": 0}


_OPEN_QUOTE_BEFORE = re.compile(r"[\"“‘']\s?$")


def read_rel_unit(m, text):
    if m["pmod"]:
        # "the end of the month", "the start of the decade": the part of the current period, as "the end
        # of the year" (the deictic family) is.
        return Spec(m.start(), m.end(), "DATE", "shift_doc", unit=m["unit_the"].lower(), n=0, mod=mod_of(m["pmod"]))
    if m["mod_in"]:
        # "later in the year", "early in the month": the period of the previous mention.
        return Spec(m.start(), m.end(), "DATE", "shift_prev", unit=m["unit_in"].lower(), n=0, mod=mod_of(m["mod_in"]))
    rel = m["rel"].lower()
    unit = m["unit"].lower()
    mod = mod_of(m["mod"])
    start = m.start()
    if m["rel"][:1].isupper() and m["unit"][:1].isupper() and _OPEN_QUOTE_BEFORE.search(text, max(0, start - 2), start):
        return None  # ABC's "This Week": a title in quotes, not a week
    has_the = " the " in f" {m[0].lower()} " and not (m["mod"] and "the" in m["mod"].lower())
    if has_the and rel in ("last", "past") and not m["mod"] and unit in ("year", "decade", "month", "week") \
            and not re.match(r"\s+of\b", text[m.end():m.end() + 4]):
        # "over the past year", "in the last decade": TimeBank annotates the calendar unit just gone
        # (a DATE, as "last year"), not a DURATION. Not "the last week of August": a part of August.
        return Spec(start, m.end(), "DATE", "shift_doc", unit=unit, n=-1,
                    notes={"narrative_duration": duration_value(1, unit)})
    if has_the and rel in ("last", "past") and not m["mod"]:
        # "the past day", "the last hour": a period ending now, which TimeML calls a DURATION.
        return Spec(start, m.end(), "DURATION", "value", value=duration_value(1, unit))
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


def read_year_ago_adj(m, text):
    unit = m["unit"].lower()
    return Spec(m.start(), m.end(), "DATE", "shift_doc", unit=unit, n=-1)


_PLURAL_POD = re.compile(r"\s+(mornings|afternoons|evenings|nights)\b")


_SHARED_PLURAL_POD = re.compile(r"\s+(?:and|or|&)\s+[A-Z][a-z]+day\s+(mornings|afternoons|evenings|nights)\b")


def read_month_of_that_year(m, text):
    """'August of that year', 'July 25 of that year': one mention, the month (or day) of the year the
    previous mention is in (anchoring reads notes['that_year'])."""
    if not capitalised(m["mon"]):
        return None
    mon = month_number(m["mon"])
    d = ordinal_day(m["d"]) if m["d"] else None
    if d is not None and not valid_day(None, mon, d):
        return None
    p = Point("day", None, mon, d) if d else Point("month", None, mon)
    return Spec(m.start(), m.end(), "DATE", "underspec", point=p, notes={"that_year": True})


def read_weekday(m, text):
    wdw = m["wd"]
    if not capitalised(wdw):
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


def read_deictic(m, text):
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
        return Spec(start, end, "DURATION", "value", value=duration_value(None, unit_of(word.split()[1])))
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


_EVERY_BEFORE = re.compile(r"\b(?:every|each)\s+$", re.IGNORECASE)


def read_month_mod(m, text):
    monw = m["mon"]
    if not capitalised(monw) or (monw.isupper() and len(monw) > 3):
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
        mod = mod_of(mod_text)
    if prep in ("last", "next", "this"):
        rel, start = prep, m.start()
    elif prep in ("early", "late", "mid"):
        mod, start = mod_of(prep), m.start()
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
