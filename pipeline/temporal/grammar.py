"""The candidate grammar: every pattern that proposes a temporal expression, compiled once, here.

Each pattern is a *family* (`Family.name`) whose regular expression has named groups that
`normalize.py` reads.  The tagger runs every family over the text, keeps the longest
non-overlapping candidates (ties go to the family listed first) and only then normalises them, so
dateparser never sees text that no pattern matched.

Patterns are deliberately permissive about case (`re.IGNORECASE`); checks that need case or context
(a capitalised month, a year that is really a count) live in `normalize.py`, where the reason for a
rejection can be stated.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "FAMILIES",
    "MONTHS",
    "NUMBER_WORDS",
    "ORDINAL_WORDS",
    "PARTS_OF_DAY",
    "SEASONS",
    "UNITS",
    "WEEKDAYS",
    "Family",
    "number_value",
    "unit_of",
]

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": 1, "mon": 1, "tuesday": 2, "tue": 2, "tues": 2, "wednesday": 3, "wed": 3,
    "thursday": 4, "thu": 4, "thur": 4, "thurs": 4, "friday": 5, "fri": 5, "saturday": 6, "sat": 6,
    "sunday": 7, "sun": 7,
}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
PARTS_OF_DAY = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI",
    "overnight": "NI", "midday": "MI", "noon": "MI",
}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "one hundred": 100, "a dozen": 12, "dozen": 12,
    "a couple of": 2, "a couple": 2, "couple of": 2, "half a": 0.5, "half an": 0.5, "a half": 0.5,
}
# Vague quantities: TIMEX3 writes an unknown count as "X" ("several years" -> PXY).
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "last": 4, "final": 4,
    "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
}
# Unit word -> TIMEX3 duration unit letter (time units are written after "T").
UNITS = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "weekend": "WE",
    "fortnight": "2W", "month": "M", "quarter": "Q", "year": "Y", "decade": "DE", "century": "CE",
    "millennium": "ML",
}
TIME_UNITS = {"second", "minute", "hour"}


def unit_of(word: str) -> str:
    """'Months' -> 'month', 'centuries' -> 'century' (the singular key of UNITS)."""
    w = word.lower().rstrip(".")
    if w in UNITS:
        return w
    if w.endswith("ies") and w[:-3] + "y" in UNITS:
        return w[:-3] + "y"
    if w == "millennia":
        return "millennium"
    if w.endswith("s") and w[:-1] in UNITS:
        return w[:-1]
    if w in ("yr", "yrs"):
        return "year"
    if w in ("hr", "hrs"):
        return "hour"
    if w in ("min", "mins"):
        return "minute"
    return w


def number_value(text: str) -> float | None:
    """The number a count phrase denotes ('twenty four' -> 24, '3' -> 3, 'several' -> None)."""
    t = text.lower().replace("-", " ").replace(",", "").strip()
    if not t:
        return None
    if t.replace(".", "", 1).isdigit():
        try:
            return float(t)
        except ValueError:
            return None
    if t in NUMBER_WORDS:
        return NUMBER_WORDS[t]
    total = 0.0
    for part in t.split():
        if part == "and":
            continue
        if part not in NUMBER_WORDS:
            return None
        v = NUMBER_WORDS[part]
        total = total * v if v == 100 else total + v
    return total or None


def _trie(words) -> str:
    """A regex alternation factored by common prefixes, which Python's re scans much faster."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


def _alt(words) -> str:
    """A regex alternation of words that prefers the longest word, so 'sept' beats 'sep'.

    Written as a prefix trie ('s(?:ept?|...)'): the words that can match at one place are prefixes of
    each other, and the trie tries them longest first, exactly as the plain longest-first alternation
    would; but Python's re scans a trie much faster under IGNORECASE (it cannot skip a case-blind
    alternative by its first letter, so a flat list enters every word at every position).
    """
    return _trie(words)


def _any(words: str) -> str:
    """'a|b|c' as a prefix trie when that cannot change what matches: when no word is a prefix of a
    word listed after it, the words that can match at one place are tried longest first either way."""
    ws = words.split("|")
    if any(v.startswith(u) and j > i for i, u in enumerate(ws) for j, v in enumerate(ws) if u != v):
        return f"(?:{words})"
    return _trie(ws)


def _split_top(alternation: str) -> list[str]:
    """The top-level alternatives of a regex alternation (not inside a group or a character class)."""
    parts, depth, i, start, in_class = [], 0, 0, 0, False
    while i < len(alternation):
        ch = alternation[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if alternation[i + 1:i + 2] == "]":
                i += 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(alternation[start:i])
            start = i + 1
        i += 1
    parts.append(alternation[start:])
    return parts


def _by_first(alternation: str) -> str:
    """A top-level alternation with its alternatives grouped by a literal first letter: 'seconds?|
    minutes?|mins?' -> 's(?:econds?)|m(?:inutes?|ins?)'. Alternatives that start with different
    letters cannot both match at one place, so only their relative order within a letter (kept) and
    relative to alternatives not starting with a letter (runs are never joined across those) matter;
    Python's re then skips a whole letter's alternatives at once instead of entering each of them."""
    out: list[str] = []
    run: dict[str, list[str]] = {}

    def flush() -> None:
        for letter, rests in run.items():
            out.append(letter + (rests[0] if len(rests) == 1 and rests[0][:1] not in ("", "?", "*", "+", "{")
                                 else "(?:" + "|".join(rests) + ")"))
        run.clear()

    for alt in _split_top(alternation):
        if alt[:1].isalpha() and alt[:1].isascii() and alt[1:2] not in ("?", "*", "+", "{"):
            run.setdefault(alt[0].lower(), []).append(alt[1:])
        else:
            flush()
            out.append(alt)
    flush()
    return "(?:" + "|".join(out) + ")"


# --- Building blocks -------------------------------------------------------------------------------
MONTH = (rf"(?:{_alt([w for w in MONTHS if len(w) > 4 or w in ('may', 'june', 'july')])}"
         rf"|(?:{_alt([w for w in MONTHS if len(w) <= 4 and w not in ('may', 'june', 'july')])})\.?)")
# Full weekday names; abbreviations only with their period ("Wed." yes, "wed" no).
WEEKDAY = (rf"(?:{_alt([w for w in WEEKDAYS if w.endswith('day')])}"
           rf"|(?:{_alt([w for w in WEEKDAYS if not w.endswith('day')])})\.)")
DAYNUM = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR4 = r"(?:1[0-9]{3}|20[0-9]{2})"
# A year slot that also catches typo years of five digits ("February 20222") so they can be
# repaired or reported instead of silently dropped.
YEAR_SLOT = r"(?:[12][0-9]{3,4}(?![0-9]))"
_NUM_WORD_ALT = _alt([w for w in NUMBER_WORDS if w not in ("a", "an")])
NUM = (rf"(?:\d{{1,3}}(?:,\d{{3}})+(?![\d,])|\d+(?:\.\d+)?|{_any('twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety')}[- ]"
       rf"{_any('one|two|three|four|five|six|seven|eight|nine')}|{_NUM_WORD_ALT}|an?)")
VAGUE = _by_first(r"a\s+few|few|several|some|many|numerous|a\s+couple\s+of")
UNIT = _by_first(r"seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|weekends?|fortnights?|months?|quarters?"
                 r"|years?|yrs?|decades?|centur(?:y|ies)|millenni(?:um|a)")
UNIT_SG = _by_first(r"second|minute|hour|day|week|weekend|fortnight|month|quarter|year|decade|century")
ORD = rf"(?:{_alt(ORDINAL_WORDS)})"
SEASON = r"(?:spring|summer|autumn|fall|winter)"
POD = r"(?:morning|afternoon|evening|night|overnight)"
MODIFIER = _by_first(r"early|mid|middle|late|the\s+(?:start|beginning|middle|end)\s+of"
                     r"|the\s+(?:early|mid|late)(?:\s+part\s+of)?")
CLOCK = (r"(?:(?:[01]?[0-9]|2[0-3])(?::[0-5][0-9])?\s*(?:a\.m\.|p\.m\.|am\b|pm\b|a\.m\b|p\.m\b)(?:,?\s+(?:GMT|UTC|EST|EDT|CST|CDT|PST|PDT|CET|MSK)\b)?"
         r"|(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?:\s*(?:GMT|UTC|EST|EDT|CST|CDT|PST|PDT|CET|MSK|local\s+time|hrs?|hours)\b)?"
         r"|(?:[01]?[0-9]|2[0-3])(?:\s+o['’]clock)?\s+in\s+the\s+(?:morning|afternoon|evening)"
         r"|noon|midnight|midday)")
REL_DIR = r"(?:last|next|this|coming|past|previous|following|same|current)"


_DEICTIC_WORDS = _by_first(
    r"today|yesterday|tomorrow|tonight|now|right\s+now|currently|nowadays|presently|these\s+days|at\s+present"
    r"|recently|lately|current(?=\s+[a-z])|recent(?=\s+[a-z])(?!\s+(?:years|months|weeks|days|decades|quarters|past)\b)|the\s+near\s+(?:future|term)|the\s+short\s+term"
    r"|year-end|year\s+end|year['’]s\s+end|the\s+end\s+of\s+(?:the|this)\s+year|the\s+past|the\s+weekend|the\s+(?:full\s+|fiscal\s+|calendar\s+)?year(?![\w-])|recent\s+(?:years|months|weeks|days|decades)|the\s+future|in\s+future|soon|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow"
    r"|(?:this|yesterday|tomorrow|last|early\s+this|late\s+this|later\s+this|earlier\s+this)\s+(?:morning|afternoon|evening|night)"
    r"|the\s+(?:same|next|following|previous|preceding)\s+(?:day|morning|evening|night)"
    r"|that\s+(?:morning|afternoon|evening|night)|(?<=during\s)the\s+night"
    r"|the\s+(?:day|night|morning)\s+(?:before|after)|(?:(?:once|twice)\s+)?(?:daily|weekly|monthly|annually|yearly|quarterly|nightly)")


@dataclass(frozen=True)
class Family:
    """One kind of candidate: a name `normalize.py` dispatches on and its compiled pattern."""

    name: str
    pattern: re.Pattern
    doc: str
    triggers: frozenset  # token kinds (see token_kinds) one of which every match contains
    reach: tuple[int, int]  # how many characters a match may extend before and after that token


# Which token kinds each family's matches always contain: the tagger runs a family only in windows
# around such tokens, which is what makes tagging fast (most text holds no temporal word at all).
_FAMILY_TRIGGERS = {
    # family: (token kinds, how far a match reaches before its trigger token, and after it)
    "iso": ("digit", 12, 20), "numeric": ("digit", 8, 10), "compact": ("digit", 14, 16),
    "year_range": ("digit", 22, 14), "year": ("digit", 36, 8), "fiscal": ("digit", 22, 10),
    "decade": ("digit", 26, 8), "quarter_q": ("digit", 10, 10), "clock": ("digit clock", 12, 34),
    "time_date_rel": ("digit clock", 16, 50), "date_dmy": ("month", 50, 36), "date_mdy": ("month", 46, 40),
    "date_range": ("month", 34, 34), "month_year": ("month", 30, 14), "month_range": ("month", 40, 30),
    "month_mod": ("month", 28, 12), "decade_word": ("word", 24, 4), "holiday": ("word unit", 12, 30),
    "bc": ("era", 50, 6), "spelled_year": ("word", 34, 34), "century": ("unit", 40, 4),
    "season": ("word", 34, 16), "quarter": ("word", 60, 34), "quarter_rel": ("word", 50, 16),
    "year_quarter": ("word", 50, 34), "ago": ("unit", 44, 22), "in_time": ("unit", 34, 12),
    "year_ago_adj": ("unit", 10, 12), "duration": ("unit", 64, 14), "rel_unit": ("unit word", 50, 12),
    "weekday": ("weekday", 36, 24), "deictic": ("word unit current", 44, 28),
    "set": ("unit weekday word", 34, 28), "month_of_that_year": ("month", 2, 34),
}


def _f(name: str, pattern: str, doc: str) -> Family:
    kinds, back, fwd = _FAMILY_TRIGGERS[name]
    return Family(name, re.compile(_shared_boundary(pattern), re.IGNORECASE), doc, frozenset(kinds.split()),
                  (back, fwd))


def _shared_boundary(pattern: str) -> str:
    """'_B a|_B b' -> '_B(?:a|b)': the same zero-width test, made once per position instead of once per
    alternative (the pattern matches exactly the same)."""
    alts = _split_top(pattern)
    if len(alts) < 2 or not all(a.startswith(_B) for a in alts):
        return pattern
    return _B + "(?:" + "|".join(a[len(_B):] for a in alts) + ")"


_B = r"(?<![\w-])"  # start boundary: not inside a word or a hyphenated compound
_E = r"(?![\w])"  # end boundary

# Ordered by priority: on equal spans the family listed first wins.
FAMILIES: tuple[Family, ...] = (
    _f("iso", rf"{_B}(?P<y>[12][0-9]{{3}})-(?P<m>[01][0-9])-(?P<d>[0-3][0-9])"
              rf"(?:[T ](?P<hh>[0-2][0-9]):(?P<mi>[0-5][0-9])(?::[0-5][0-9](?:\.\d+)?)?)?(?![\d])",
       "ISO 8601 date, optionally with a time: 2022-02-24, 2022-02-24T05:00."),
    _f("numeric", rf"{_B}(?P<a>[0-3]?[0-9])(?P<sep>[/.])(?P<b>[0-3]?[0-9])(?P=sep)(?P<y>[12][0-9]{{3}}|[0-9]{{2}})(?![\d/.]\d)(?!\d)",
       "Numeric day/month/year in either order: 24/02/2022, 2/24/22, 24.02.2022 (order per document)."),
    _f("compact",
       rf"{_B}(?:(?P<ymd>[12][0-9]{{3}}[/.][01]?[0-9][/.][0-3]?[0-9])|(?P<dmy>[0-3]?[0-9]-{MONTH}-(?:[12][0-9]{{3}}|[0-9]{{2}}))"
       rf"|(?P<mdy>{MONTH}-[0-3]?[0-9]-(?:[12][0-9]{{3}}|[0-9]{{2}})))(?![\w/.-]*\d)",
       "Compact forms read by dateparser: 2022/02/24, 2022.02.24, 24-Feb-2022, Feb-24-22."),
    _f("date_dmy",
       rf"{_B}(?:(?P<time1>{CLOCK})\s+(?:on\s+)?|(?:the\s+)?(?:early\s+)?(?P<podof>morning|afternoon|evening|night)\s+of\s+)?(?:(?P<wd>{WEEKDAY}),?\s+)?(?:the\s+)?(?P<d>{DAYNUM})\s+(?:of\s+)?"
       rf"(?P<mon>{MONTH})(?:,?\s+(?P<y>{YEAR_SLOT}))?(?:(?:,?\s+at|,)\s+(?P<time2>{CLOCK}))?{_E}",
       "Day before month: 24 February, the 1st of May, Thursday 24 Feb 2022, 5 a.m. on 24 February, the night "
       "of 10 August 1792."),
    _f("date_mdy",
       rf"{_B}(?:(?P<time1>{CLOCK}),?\s+(?:on\s+)?|(?:the\s+)?(?:early\s+)?(?P<podof>morning|afternoon|evening|night)\s+of\s+)?(?:(?P<wd>{WEEKDAY}),?\s+)?(?P<mon>{MONTH})\s*(?P<d>{DAYNUM})(?![\d])"
       rf"(?:(?:,?\s+|\s+of\s+)(?P<y>{YEAR_SLOT}))?(?:(?:,?\s+at|,)\s+(?P<time2>{CLOCK}))?{_E}",
       "Month before day: February 24, Feb. 27, 2022, Thursday, February 24 at 5 a.m., the morning of April 19."),
    _f("date_range",
       rf"{_B}(?P<d1>{DAYNUM})(?:\s+(?P<mon1>{MONTH}))?\s*(?:-|–|—|to|and)\s*(?P<d2>{DAYNUM})\s+(?P<mon>{MONTH})(?:,?\s+(?P<y>{YEAR4}))?(?![\w])"
       rf"|{_B}(?P<monb>{MONTH})\s+(?P<d1b>{DAYNUM})(?:\s*(?:-|–|—)\s*|\s+(?:and|to|through)\s+)(?P<d2b>{DAYNUM})(?:,?\s+(?P<yb>{YEAR4}))?(?![\w])"
       # "April 24 and 25" but not "April 24 and 25 people": a count goes on to what it counts.
       rf"(?![^\S\n]+(?:people|percent|per|men|women|children|dead|more|of|(?!(?:wa|i|ha|thi|a)s\b)[a-z]+s)\b)"
       rf"|{_B}(?P<monc1>{MONTH})\s+(?P<yc1>{YEAR4})\s*(?:-|–|—|to)\s*(?P<monc>{MONTH})\s+(?P<yc>{YEAR4})(?![\w])",
       "Ranges of days or months: 22-25 April 1951, 17 August-2 September, March 5-9, 1918, April 24 and 25, "
       "December 1979-February 1980 (one mention per end, as TimeML tags them)."),
    _f("month_year",
       rf"{_B}(?:(?P<mod>{MODIFIER})[\s-]*)?(?P<mon>{MONTH})(?:,|\s+of)?\s+(?P<y>{YEAR_SLOT})(?![\d])",
       "Month and year: February 2022, Feb. 2022, early March of 2022, February 20222 (typo year)."),
    _f("month_range",
       rf"{_B}(?:(?P<mod>{MODIFIER})[\s-]*)?(?P<mon>{MONTH})\s*(?:–|—|-|to|through|until)\s*(?P<mon2>{MONTH})(?:,?\s+(?P<y>{YEAR4}))?{_E}",
       "A range of months: January–February, March to May 2022."),
    _f("year_range",
       rf"{_B}(?:from\s+|between\s+)?(?P<y>{YEAR4})\s*(?:–|—|-|to|and|until|through)\s*(?P<y2>{YEAR4}|[0-9]{{2}}){_E}(?!\s*(?:%|percent))",
       "A range of years: 2014–2016, from 2014 to 2016 (the span is one DATE of the first year... see normalize)."),
    _f("time_date_rel",
       rf"{_B}(?P<time1>{CLOCK})\s+(?:(?:on|of|local\s+time\s+on)\s+)?(?P<rel>today|yesterday|tomorrow|(?:(?:last|next|this|on)\s+)?{WEEKDAY})(?:\s+(?P<pod>{POD}))?{_E}",
       "Clock time merged with a relative day: 5 a.m. on Thursday, 6 p.m. yesterday."),
    _f("clock", rf"{_B}(?P<time1>{CLOCK})(?:\s+(?P<zone>local\s+time))?(?:\s+(?P<pod>this\s+(?:morning|afternoon|evening)|tonight))?{_E}",
       "A clock time alone: 5 a.m., 14:30, noon (anchored to the day in context)."),
    _f("decade",
       rf"{_B}(?:the\s+)?(?:(?P<mod>early|mid|middle|late)[\s-]+)?(?P<dec>(?:1[0-9]|20)[0-9]0|'[0-9]0)['’]?s{_E}",
       "Decades: the 1980s, the late 1980s, the mid-'90s."),
    _f("decade_word",
       rf"{_B}the\s+(?:(?P<mod>early|mid|middle|late)[\s-]+)?(?P<dw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties){_E}",
       "Decades in words: the eighties, the late sixties (20th century)."),
    _f("century",
       rf"{_B}(?:the\s+)?(?:(?P<mod>early|mid|middle|late|turn\s+of\s+the)[\s-]+)?(?P<c>\d{{1,2}}(?:st|nd|rd|th)|{_alt([w for w in ORDINAL_WORDS if not w[0].isdigit()])}|twenty-first)[\s-]+century{_E}",
       "Centuries: the 19th century, the late twentieth century."),
    _f("season",
       rf"(?:{_B}|(?<=(?:winter|spring|summer|autumn)-))(?:(?:the\s+)?(?P<mod>early|mid|middle|late)[\s-]+)?(?:(?P<rel>{_any('last|next|this|past|coming|previous|following')})\s+)?"
       rf"(?P<season>{SEASON})(?:\s+(?:of\s+)?(?P<y>{YEAR_SLOT}))?{_E}",
       "Seasons: last autumn, the spring of 2022 (the 'the' stays outside), summer 2014, early winter."),
    _f("quarter",
       rf"{_B}(?:the\s+)?(?P<rel>{_any('latest|last|next|current|previous|same|this|year-ago|year-earlier|comparable|fiscal')}\s+)*(?P<ord>{ORD})[\s-]+(?P<unit>quarter|half|qtr)"
       rf"(?:\s+(?:of\s+)?(?:(?:fiscal|the\s+year|calendar)\s+)?(?P<y>{YEAR4}))?{_E}",
       "Quarters and halves: the third quarter, third-quarter, the first half of 2022."),
    _f("year_quarter",
       rf"{_B}(?:the\s+)?(?:(?P<y>{YEAR4})|(?P<rel>this|last|next|the\s+previous|the\s+current)\s+year['’]s)\s+(?:(?P<fiscal>fiscal)\s+)?(?:(?P<ord>{ORD})[\s-]+)?(?P<unit>quarter|period|half){_E}"
       rf"|{_B}(?:the\s+)?(?P<ord2>first|second|last)\s+(?:half|two\s+quarters)\s+of\s+(?P<y2>{YEAR4}){_E}",
       "Quarters named with their year: the 1988 third quarter, this year's third quarter, the 1989 period."),
    _f("bc",
       rf"{_B}(?P<y1>[1-9][0-9]{{0,3}})\s*(?:-|–|to|and)\s*(?P<y2>[1-9][0-9]{{0,3}})\s*(?:BC|B\.C\.?|BCE)(?![\w])"
       rf"|{_B}(?:(?:the\s+)?(?P<mod>early|mid|late)[\s-]+)?(?:(?P<d>{DAYNUM})\s+)?(?:(?P<mon>{MONTH})\s+|(?:the\s+)?(?P<season>{SEASON})\s+(?:of\s+)?)?"
       rf"(?P<y>[1-9][0-9]{{0,3}})\s*(?:BC|B\.C\.?|BCE)(?![\w])"
       rf"|{_B}(?:the\s+)?(?:(?P<pmod>early|mid|middle|late|(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+the)[\s-]+)?"
       rf"(?:(?P<dec>[1-9][0-9]{{0,2}}0)['’]?s|(?P<c>\d{{1,2}}(?:st|nd|rd|th)|{_alt([w for w in ORDINAL_WORDS if not w[0].isdigit()])})[\s-]+century)"
       rf"\s*(?:BC|B\.C\.?|BCE)(?![\w])",
       "Years before the common era: 480 BC, August 480 BC, the spring of 480 BC, 492-490 BC; decades and "
       "centuries: the 470s BC, the 4th century BC."),
    _f("spelled_year",
       rf"{_B}(?P<yearword>the\s+year\s+)?(?:(?P<hundreds>nineteen|eighteen|seventeen|twenty)\s+(?P<tail>oh[\s-]+(?:one|two|three|four|five|six|seven|eight|nine)"
       rf"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?)"
       rf"|two\s+thousand(?:\s+and\s+(?P<extra>one|two|three|four|five|six|seven|eight|nine|ten))?){_E}",
       "Years read out: nineteen ninety-six, the year two thousand, January nineteen ninety-seven, the winter "
       "of nineteen ninety-four (broadcast transcripts)."),
    _f("holiday",
       rf"{_B}(?:(?P<rel>last|next|this)\s+)?(?P<name>Christmas\s+(?:Eve|Day)|Christmas|New\s+Year['’]s\s+(?:Eve|Day)"
       rf"|Thanksgiving(?:\s+Day)?|Independence\s+Day|Bastille\s+Day|Halloween|Valentine['’]s\s+Day|Boxing\s+Day"
       rf"|Election\s+Day|Labou?r\s+Day|Memorial\s+Day|Veterans\s+Day|Armistice\s+Day|D-Day)"
       rf"(?:\s+(?P<pod>night|morning|evening))?(?:,?\s+(?P<y>{YEAR4}))?(?![\w-])",
       "Holidays: Christmas 1963, Thanksgiving Day, last Thanksgiving, New Year's Eve, Election Day."),
    _f("quarter_q", rf"{_B}(?P<q>Q[1-4]|H[12])\s*(?P<y>{YEAR4}|'?[0-9]{{2}})?{_E}|{_B}(?P<y2>{YEAR4})\s*(?P<q2>Q[1-4]|H[12]){_E}",
       "Quarters written Q1 2022, 2022 Q1, H1 2022."),
    _f("quarter_rel",
       rf"{_B}(?:the\s+)?(?P<rel>{_any('latest|last|next|current|previous|same|this|year-ago|year-earlier|comparable|recent|prior-year|year-before')})(?:\s+(?:fiscal|calendar))?\s+(?P<unit>quarter|period|half){_E}"
       rf"|{_B}the\s+(?P<bare>quarter){_E}",
       "Relative quarters: the latest quarter, the year-ago quarter, the quarter."),
    _f("fiscal", rf"{_B}(?:fiscal|financial)(?:\s+year)?\s+(?P<y>{YEAR4}|'[0-9]{{2}})(?:-(?P<y2>[0-9]{{2,4}}))?{_E}",
       "Fiscal years: fiscal 1989."),
    _f("ago",
       rf"{_B}(?:(?P<num>{NUM}|{VAGUE})[\s-]+(?:and\s+a\s+half\s+)?|(?P<halfa>half\s+an?\s+))(?P<unit>{UNIT})(?:\s+and\s+a\s+half)?\s+(?P<dir>ago|earlier|later|before|after|hence|from\s+now|previously|since|prior)(?![\w-])",
       "Offsets: two years ago, a year and a half ago, a year earlier, seven years later, 10 days before (before/after need an anchor)."),
    _f("in_time",
       rf"{_B}in\s+(?P<num>{NUM}|{VAGUE})\s+(?P<unit>{UNIT})['’]?\s+time{_E}",
       "Future offsets: in two years' time."),
    _f("rel_unit",
       rf"{_B}(?:(?P<mod>early|earlier|late|later|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|mid)\s+)?"
       rf"(?:the\s+)?(?P<rel>{_any('last|next|this|coming|past|previous|following|same|current|prior|preceding|that')})\s+(?:fiscal\s+)?(?P<unit>{UNIT_SG}|weekend|season){_E}"
       rf"|{_B}(?P<mod_in>early|earlier|late|later)\s+in\s+the\s+(?P<unit_in>year|month|week|day){_E}"
       rf"|{_B}(?P<pmod>the\s+(?:end|beginning|start|middle)\s+of)\s+the\s+(?P<unit_the>week|month|decade|century)(?![\w'’-])",
       "Relative calendar units: last year, this week, the following year, earlier this month, the end of this year, "
       "later in the year, the start of the month."),
    _f("year_ago_adj", rf"{_B}(?P<unit>year|month|week)-(?:ago|earlier){_E}",
       "Adjectival offsets: year-earlier (as in 'year-earlier results')."),
    _f("weekday",
       rf"{_B}(?:(?P<mod>early|late|earlier|later)\s+(?:on\s+)?)?(?:(?P<rel>{_any('last|next|this|coming|past|previous|following')})\s+)?(?P<wd>{WEEKDAY})"
       rf"(?:(?:\s+|-)(?P<pod>{POD}))?(?:['’]s)?{_E}",
       "Weekdays: Thursday, last Friday, Monday morning, Thursday's."),
    _f("deictic",
       rf"{_B}(?P<word>{_DEICTIC_WORDS})(?:['’]s)?{_E}",
       "Deictic words: today, yesterday, now, recently, the past, the future, this morning, the next day, daily."),
    _f("set",
       rf"{_B}(?:every|each)\s+(?:(?P<num>{NUM}|other)\s+)?(?P<unit>{UNIT}|{WEEKDAY}s?|{SEASON}|morning|evening|night|afternoon){_E}"
       rf"|{_B}(?P<per>(?:once|twice|\d+\s+times)\s+(?:a|an|per)\s+(?:day|week|month|year)){_E}"
       rf"|{_B}(?P<wds>(?:mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays)){_E}",
       "Sets: every Monday, each year, twice a week (each July, Tuesday nights: see the month and weekday "
       "readers)."),
    _f("duration",
       rf"{_B}(?:(?P<det>{_by_first('the|its|their|his|her|our|a')})\s+)?(?:(?P<rel>{_any('past|last|next|coming|first|previous|following|final|initial|recent|remaining|prior|latest|preceding|subsequent|same')})\s+)?"
       rf"(?:(?:(?P<num>{NUM})|(?P<vague>{VAGUE}))(?:[\s-]+and[\s-]+a[\s-]+half|\s+1/2)?(?P<hy>[\s-]+)(?:(?:more|additional|straight|consecutive|trading|business|working|calendar|full)\s+)?)?(?P<unit>{UNIT}){_E}(?:\s+and\s+a\s+half{_E})?(?:-(?:long|old))?"
       rf"(?!\s+(?:ago|earlier|later|from\s+now|hence)\b)",
       "Durations: three years, the past three months, a minute and a half, a decade, five-year, 24 hours; bare 'years', 'decades'."),
    _f("month_of_that_year",
       rf"{_B}(?P<mon>{MONTH})(?:\s+(?P<d>{DAYNUM}))?\s+of\s+(?:that|the\s+same)\s+year{_E}",
       "A month of the year last spoken of: August of that year, July 25 of that year (one mention)."),
    _f("month_mod",
       rf"{_B}(?:(?P<mod>{MODIFIER}|last|next|this|this\s+past|past|coming)[\s-]+|(?P<prep>in|since|until|till|by|from|during|of|through|before|after|to|and|or|between|last|next|this|early|late|mid)\s+)?(?P<mon>{MONTH}){_E}",
       "A month alone: January, last November, early December, in May (bare 'May' needs a preposition)."),
    _f("year",
       rf"{_B}(?:(?P<mod>early|mid|late|the\s+(?:start|beginning|middle|end)\s+of|the\s+(?:early|late)\s+part\s+of)[\s-]+)?(?P<y>[12][0-9]{{3}})(?![\d,.]\d|[\w%]|\s*%)"
       rf"|{_B}(?P<ad>AD|A\.D\.)\s+(?P<yad>[1-9][0-9]{{1,3}}){_E}|{_B}(?P<ybc>[1-9][0-9]{{1,3}})\s+(?P<era>BC|B\.C\.|BCE|AD|A\.D\.|CE)(?![\w])",
       "Years: 2022, in 1994, mid-2022 (counts, money and measures are rejected in normalize)."),
)


# --- Trigger tokens --------------------------------------------------------------------------------
_OTHER_WORDS = [
    "today", "yesterday", "tomorrow", "tonight", "now", "currently", "nowadays", "presently", "present",
    "recently", "lately", "past", "future", "soon", "weekend", "morning", "afternoon", "evening", "night",
    "overnight", "daily", "weekly", "monthly", "annually", "yearly", "quarterly", "nightly",
    "recent", "twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties",
    "quarter", "quarters", "half", "qtr", "period", "spring", "summer", "autumn", "fall", "winter", "season", "year",
    # holidays
    "christmas", "thanksgiving", "independence", "bastille", "halloween", "valentine", "boxing",
    "election", "labor", "labour", "memorial", "veterans", "armistice",
    # years read out, the near term
    "nineteen", "eighteen", "seventeen", "twenty", "thousand", "term",
]
_KIND_WORDS = {
    "word": _OTHER_WORDS,
    "clock": ["noon", "midnight", "midday"],
    "era": ["bc", "bce", "b"],
    "weekday": [w for w in WEEKDAYS] + [w + "s" for w in WEEKDAYS if w.endswith("day")],
    "month": list(MONTHS),
    # Words only one family needs: a kind of their own keeps the other families from running there.
    "current": ["current"],
    "unit": ["second", "seconds", "minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs", "day", "days",
             "week", "weeks", "weekend", "weekends", "fortnight", "fortnights", "month", "months", "quarter",
             "quarters", "year", "years", "yr", "yrs", "decade", "decades", "century", "centuries", "millennium",
             "millennia"],
}
_TOKEN_KINDS: dict[str, frozenset] = {}
for _kind, _words in _KIND_WORDS.items():
    for _w in _words:
        _TOKEN_KINDS[_w] = _TOKEN_KINDS.get(_w, frozenset()) | {_kind}
_DIGIT = frozenset({"digit"})
_NONE: frozenset = frozenset()


_TRIGGER_BODY = _trie(sorted(_TOKEN_KINDS))
# Trigger tokens: digits, or a listed word not inside a longer word. The lower-case variant runs on
# text.lower() (twice as fast); the case-blind one serves texts whose lower() changes length.
_TRIGGER_LOWER = re.compile(rf"[0-9]+|(?<![a-z])(?:{_TRIGGER_BODY})(?![a-z])")
_TRIGGER_ANYCASE = re.compile(rf"[0-9]+|(?<![A-Za-z])(?:{_TRIGGER_BODY})(?![A-Za-z])", re.IGNORECASE)


# What every match of a family contains, as a case-sensitive pattern over the lower-cased text: a
# window without it cannot hold a match, and this test (which Python's re runs by a fast scan for the
# first character) is far cheaper than the family's own case-blind pattern. Families whose trigger
# token already says as much have none.
FAMILY_NEEDS: dict[str, re.Pattern] = {name: re.compile(needs) for name, needs in {
    "iso": r"[0-9]-[0-9]",
    "numeric": r"[0-9][/.][0-9]{1,2}[/.][0-9]",
    "compact": r"[0-9]{4}[/.][0-9]|[0-9]-[a-z]|[a-z.]-[0-9]",
    "year_range": r"[12][0-9]{3}\s*(?:–|—|-|to|and|until|through)\s*[0-9]{2}",
    "year": r"[12][0-9]{3}|[0-9]\s+(?:b\.?c|a\.?d|ce)|a\.?d\.?\s+[1-9]",
    "quarter_q": r"q[1-4]|h[12]",
    "month_range": r"[–—-]|to|through|until",
    "month_of_that_year": r"year",
    "rel_unit": r"last|next|this|coming|past|previous|following|same|current|prior|preceding|that|in\s+the|of\s+the",
    # The day-month families: a day number beside a month ("24 feb", "feb. 24"), a range's separator.
    "date_dmy": r"[0-9](?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    "date_mdy": r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*[0-9]",
    "date_range": r"[0-9](?:st|nd|rd|th)?(?:\s+[a-z]+\.?)?\s*(?:-|–|—|to|and|through)\s*[0-9]|[0-9]{4}\s*(?:-|–|—|to)\s*[a-z]",
    "month_year": r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:,|\s+of)?\s+[12][0-9]{3}",
    "fiscal": r"fiscal|financial",
    "decade": r"0['’]?s",
    "decade_word": r"ties",
    "century": r"century",
    "in_time": r"time",
    "year_ago_adj": r"-ago|-earlier",
    "quarter": r"quarter|half|qtr",
    "year_quarter": r"quarter|period|half",
    "quarter_rel": r"quarter|period|half",
    "season": r"spring|summer|autumn|fall|winter",
    "set": r"every|each|once|twice|times|days",
    "holiday": r"christmas|new\s+year|thanksgiving|independence\s+day|bastille\s+day|halloween|valentine"
               r"|boxing\s+day|election\s+day|labou?r\s+day|memorial\s+day|veterans\s+day|armistice\s+day|d-day",
    "ago": r"ago|earlier|later|before|after|hence|from|previously|since|prior",
    "time_date_rel": r"day|tomorrow|mon|tue|wed|thu|fri|sat|sun",
    "clock": r":|am|pm|a\.m|p\.m|noon|midnight|midday|in the",
    "spelled_year": r"nineteen|eighteen|seventeen|twenty|thousand",
    "bc": r"bc|b\.c",
}.items()}
# Characters that re.IGNORECASE matches to an ASCII letter but that str.lower() does not turn into it:
# in a text holding one, the lower-cased text may lack a word a case-blind pattern finds.
_FOLD_UNSAFE = re.compile("[\u0130\u0131\u017f]")


def trigger_tokens(text: str) -> dict[str, list[tuple[int, int]]]:
    """Per token kind ('digit', 'month', ...), the spans of such tokens in text."""
    return trigger_scan(text)[0]


def trigger_scan(text: str) -> tuple[dict[str, list[tuple[int, int]]], str | None]:
    """trigger_tokens(text), and text.lower() when FAMILY_NEEDS may be tested on it (None if not:
    when lower-casing changes its length or misses a letter the case-blind patterns would see)."""
    low = text.lower()
    if len(low) != len(text) or _FOLD_UNSAFE.search(text):
        folded = None
    else:
        folded = low
    if len(low) == len(text):
        scan = _TRIGGER_LOWER.finditer(low)
        kinds_of = _lower_kinds  # the token is lower case already
    else:
        scan = _TRIGGER_ANYCASE.finditer(text)
        kinds_of = token_kinds
    out: dict[str, list[tuple[int, int]]] = {}
    for m in scan:
        kinds = kinds_of(m.group())
        if kinds:
            span = m.span()
            for kind in kinds:
                if kind in out:
                    out[kind].append(span)
                else:
                    out[kind] = [span]
    return out, folded


def _lower_kinds(token: str, _get=_TOKEN_KINDS.get) -> frozenset:
    """token_kinds of a token already in lower case."""
    if token[0].isdigit():
        return _DIGIT
    return _get(token, _NONE)


def token_kinds(token: str) -> frozenset:
    """The trigger kinds ('digit', 'month', 'weekday', 'unit', 'word', 'clock', 'era') of a trigger token."""
    if token[0].isdigit():
        return _DIGIT
    return _TOKEN_KINDS.get(token.lower(), _NONE)
