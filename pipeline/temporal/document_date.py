"""Infer a document's date from its own text when no metadata gives it.

Evidence, strongest first:
1. a "Published / Updated / Posted" line with a full date;
2. a dateline or byline date near the top ("MOSCOW, March 3, 2022 -");
3. the latest explicit full date in the text;
4. yearless dates ("17 March") read as following the latest explicit year or month mentioned, with a
   copyright year ("(c) Foreign Policy, 2022") fixing the year when there is one, and weekdays told in
   the past placed before the first future-tense date ("will vote on Feb. 27").

When the caller says where the article's body is (`tag(..., body_spans=...)`), only dates inside
the body or in the page's head before it (datelines, bylines, "Published" lines) are evidence: a
"Related posts" list, comment timestamps or a footer further down do not date the article. The
dateline's "near the top" is then counted from where the head ends.

Also chooses the document's numeric date order (DMY or MDY) from its unambiguous numeric dates.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from .anchoring import tense_at
from .spec import Spec
from .timepoint import Point

__all__ = ["DocumentDate", "address_month", "choose_date_order", "infer_document_date", "numeric_date", "page_address",
           "url_date"]

# A stamp line: the page's own "Published / Posted / Updated" label at the start of its line, maybe
# after a word ("Article posted on", "First Posted:") or a byline, then only punctuation or a weekday
# before the date. Not "the court date is set for ..." in a sentence.
_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Wednes|Thu|Thur|Thurs|Fri|Sat|Satur|Sun)(?:day)?\.?"
# A clock time written before the date on a stamp line ("Published at 12:45, Wednesday, 12 June 2013",
# "POSTED: 1052 GMT (1852 HKT), April 10, 2007"), with its zone and a bracketed second zone.
_CLOCK_FIRST = (r"(?:(?:at\s+)?(?:\d{1,2}[:.]\d\d(?::\d\d)?\s*(?:[ap]\.?\s?m\b\.?)?|\d{4}\s*(?=GMT|UTC|hrs))"
                r"(?:\s*[A-Z]{2,4}\b)?(?:\s*\([^)\n]{0,20}\))?\s*[,|]?\s*)?")
_PUBLISHED = re.compile(
    r"^[\W_]{0,4}(?:By\s[^\n]{0,40}?[,|·•—–-]\s*)?(?:[A-Za-z]+\s+)?"
    r"(?P<label>published|posted|updated|last\s+updated|first\s+published|first\s+posted|date|dated|released)"
    r"(?:\s+(?:time|date))?\s*(?:on|at)?\s*[:\-–|]?\s*" + _CLOCK_FIRST + r"(?:" + _WEEKDAY + r",?\s*)?$",
    re.IGNORECASE)
# The same, matched in place (pattern.match(text, pos, endpos)) instead of on a copy of the line: '^'
# would not match at pos, and nothing in the pattern looks behind its start.
_PUBLISHED_AT = re.compile(_PUBLISHED.pattern.removeprefix("^"), re.IGNORECASE)
_COPYRIGHT = re.compile(r"(?:\(c\)|©|copyright)\s*(?:[^\n\d]{0,60}?)?((?:19|20)\d\d)(?![\d])", re.IGNORECASE)
_TOP_CHARS = 400
# What may precede a dateline's date on its line: nothing, a place ("MOSCOW, "), a byline ("By Jane Doe | ").
_DATELINE_PREFIX = re.compile(
    r"^\s*(?:[A-Z][A-Za-z.'’ -]{0,40}(?:\([^)]{0,30}\))?\s*[,—–-]\s*|By\s+[^\n]{0,60}?[,|·•—–-]\s*|[\W_]{0,4}"
    r"|(?:on\s+)?(?:" + _WEEKDAY + r",?\s*)|on\s+)$"
)
# What may follow a dateline's date on its line: nothing, a clock time, a time zone, a separator
# before the story ("MOSCOW, March 3, 2022 - Shelling ..."), an "updated" note.
_DATELINE_REST = re.compile(
    r"\s*(?:$|[-–—|/(•·:]|,?\s*(?i:at\s+)?\d{1,2}(?:[:.]\d\d|\s*(?i:[ap]\.?\s?m)\b)|,?\s*(?i:(?:last\s+)?updated)\b"
    r"|,?\s*[A-Z]{2,5}\b)")


@dataclass
class DocumentDate:
    value: date | None
    evidence: str | None
    strong: bool  # from a published line, dateline or top-of-text date (news, not narrative)


def choose_date_order(specs: list[Spec], address_month: tuple[int, int] | None = None) -> str:
    """'DMY' when the document's numeric dates put the day first, else 'MDY'.

    Unambiguous dates (13/05/2024) decide. Without them, an ambiguous date whose one reading falls in
    the year and month of the page's address (11/09/2010 under /2010/09/) decides; then dots
    (08.07.2012: day.month.year is the convention where dots are written) decide for DMY.
    """
    dmy = mdy = 0
    by_address = [0, 0]
    dotted = slashed = 0
    for s in specs:
        if s.numeric_order:
            a, b = s.numeric_order
            if a > 12 >= b:
                dmy += 1
            elif b > 12 >= a:
                mdy += 1
            else:
                if address_month is not None and s.notes.get("year") == address_month[0] and a != b:
                    if b == address_month[1]:
                        by_address[0] += 1
                    elif a == address_month[1]:
                        by_address[1] += 1
                if s.notes.get("sep") == ".":
                    dotted += 1
                else:
                    slashed += 1
    if dmy != mdy:
        return "DMY" if dmy > mdy else "MDY"
    if by_address[0] != by_address[1]:
        return "DMY" if by_address[0] > by_address[1] else "MDY"
    return "DMY" if dotted > slashed else "MDY"


def numeric_date(spec: Spec, order: str) -> date | None:
    a, b = spec.numeric_order
    y = spec.notes["year"]
    if a > 12:
        d, m = a, b
    elif b > 12:
        m, d = a, b
    else:
        d, m = (a, b) if order == "DMY" else (b, a)
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _full_dates(specs: list[Spec]) -> list[tuple[Spec, date]]:
    out = []
    for s in specs:
        p = s.point
        if s.kind == "abs" and p is not None and p.gran in ("day", "time") and p.year and not s.problem:
            try:
                out.append((s, date(p.year, p.month, p.day)))
            except ValueError:
                pass
    return out


def infer_document_date(text: str, specs: list[Spec], *, head_end: int | None = None,
                        inside: Callable[[int, int], bool] | None = None,
                        body_specs: list[Spec] | None = None, page_latest: date | None = None,
                        page_specs: list[Spec] | None = None, url: str | None = None) -> DocumentDate:
    """The document's date from `specs`.

    When the caller knows where the body is, `specs` holds the candidates of the body and of the
    page's head (for "Published" lines and datelines), `body_specs` those of the body alone (for the
    latest explicit date and the yearless reasoning), `head_end` is where the head ends and `inside`
    tells whether a span of the text is in the head or the body. `page_latest` is the latest full date
    anywhere on the page, furniture included: the yearless reasoning takes the latest reading of each
    yearless date not after it (comments come after the article they discuss).

    `page_specs` are all the page's candidates: a stamp or dateline line at the top counts even where
    the body split called it furniture (it sits between the headline and the first paragraph, where
    splitters put bylines). `url` is the page's address when metadata gives it; an address written on
    the text's first lines counts too.
    """
    top = _TOP_CHARS if head_end is None else head_end + _TOP_CHARS
    stamp_specs = specs
    if page_specs is not None:
        kept = {id(s) for s in specs}
        stamp_specs = sorted(list(specs) + [s for s in page_specs if s.start < top and id(s) not in kept],
                             key=lambda s: s.start)
    full = _full_dates(stamp_specs)
    # 1. Published / Posted / Updated lines: the page's own stamp. The first publication dates the text
    #    ("Published: May 2 ... Updated: May 3": most of the words were written on May 2); stamps at
    #    the top come before stamps further down.
    stamps = []
    # Line starts and date ends through sorted lists: searching back to the line start and scanning
    # every date, once per date, was quadratic on a text of one long line (2 MB: 26 s of 31).
    newlines = [m.start() for m in re.finditer("\n", text)]
    ends = sorted(o.end for o, _ in full)
    for s, d in full:
        k = bisect.bisect_left(newlines, s.start) - 1
        line_start = newlines[k] + 1 if k >= 0 else 0
        # A stamp later on the same line ("First Posted: 10/25/11 06:44 PM ET Updated: 12/25/11"):
        # its prefix starts after the previous date on that line.
        k = bisect.bisect_right(ends, s.start) - 1
        previous_end = ends[k] if k >= 0 and ends[k] >= line_start else line_start
        label = _PUBLISHED_AT.match(text, line_start, s.start) or _PUBLISHED_AT.match(text, previous_end, s.start)
        if label:
            updated = "updated" in label.group("label").lower()
            stamps.append((s.start >= top, updated, s.start, s, d, line_start))
    if stamps:
        *_, s, d, line_start = min(stamps, key=lambda st: st[:3])
        return DocumentDate(d, f"'{text[line_start:s.end].strip()[:80]}' line", True)
    # 2. Dateline or byline near the top: the date alone on its line, or after a place, a byline or
    #    a weekday, and followed by nothing, a clock time or a separator.
    for s, d in full:
        if s.start >= top:
            break
        line_start = text.rfind("\n", 0, s.start) + 1
        line_end = text.find("\n", s.end)
        rest = text[s.end:line_end if line_end >= 0 else len(text)]
        if _DATELINE_PREFIX.match(text[line_start:s.start]) and _DATELINE_REST.match(rest):
            return DocumentDate(d, f"dateline '{text[line_start:s.end].strip()[:80]}'", True)
    # 3. A day written in the page's address (/2013/05/03/, /2013/may/03/, 20130503).
    from_url = url_date(url) if url else None
    if from_url is not None:
        return DocumentDate(from_url[0], f"address '{from_url[1]}'", True)
    # 4. The latest explicit full date (of the body).
    if body_specs is not None:
        specs = body_specs
    # A date the text looks forward to ("the hearing is set for February 17") is after the article.
    full = [(s, d) for s, d in _full_dates(specs) if tense_at(text, s.start, s.end) != "future"]
    if full:
        s, d = max(full, key=lambda sd: sd[1])
        return DocumentDate(d, f"latest explicit full date '{text[s.start:s.end]}'", False)
    return _from_yearless(text, specs, page_latest)


_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_MONTH_WORDS = {m: i + 1 for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}
# Address dates, in the order trusted: path segments /2013/05/03/ or /2013/may/03/, then 2013-05-03,
# then a lone run of eight digits 20130503 (also how some sites stamp a story id).
_URL_DATES = (
    re.compile(r"/((?:19|20)\d\d)/(\d{1,2}|[a-z]{3,9})/(\d{1,2})(?=/|\.|_|-|$)", re.IGNORECASE),
    re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)"),
    re.compile(r"(?<![\d])((?:19|20)\d\d)(\d\d)(\d\d)(?![\d])"),
)


def page_address(text: str, url: str | None = None) -> str | None:
    """The page's address: `url` when given, else the first one written on the text's first lines."""
    if url:
        return url
    head = text[:_ADDRESS_CHARS]
    if "://" not in head and "www." not in head.lower():
        return None  # the common case, told without running the pattern
    m = _URL.search(text, 0, min(len(text), _ADDRESS_CHARS))
    return m.group(0) if m else None


# An address that dates a page is written before its story: the first line or so.
_ADDRESS_CHARS = 300


def _address_path(url: str) -> str:
    # Only the path: a host name or a query id of digits is not a date.
    path = re.sub(r"^(?:https?://)?[^/]*", "", url, flags=re.IGNORECASE)
    return path.split("?", 1)[0].split("#", 1)[0]


def _month_of(word: str) -> int | None:
    low = word.lower()
    if low.isdigit():
        return int(low) if 1 <= int(low) <= 12 else None
    if len(low) == 3 or _is_month_name(low):
        return _MONTH_WORDS.get(low[:3])
    return None


def url_date(url: str) -> tuple[date, str] | None:
    """The day an address gives (/2013/05/03/, /2013/may/03/, 2013-05-03, 20130503), with its text."""
    path = _address_path(url)
    for rx in _URL_DATES:
        for m in rx.finditer(path):
            month = _month_of(m.group(2))
            if month is None:
                continue
            try:
                return date(int(m.group(1)), month, int(m.group(3))), m.group(0).strip("/")
            except ValueError:
                continue
    return None


_URL_MONTH = re.compile(r"/((?:19|20)\d\d)/(\d{1,2}|[a-z]{3,9})(?=/|$)", re.IGNORECASE)


def address_month(url: str) -> tuple[int, int] | None:
    """(year, month) an address gives, from a full day or a /2010/09/ path alone."""
    day = url_date(url)
    if day is not None:
        return day[0].year, day[0].month
    for m in _URL_MONTH.finditer(_address_path(url)):
        month = _month_of(m.group(2))
        if month is not None:
            return int(m.group(1)), month
    return None


def _is_month_name(word: str) -> bool:
    return word in ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                    "october", "november", "december", "sept")


def _from_yearless(text: str, specs: list[Spec], page_latest: date | None = None) -> DocumentDate:
    # A copyright line dates the page wherever it stands, footer included: it is the page's own.
    copyright_year = None
    for m in _COPYRIGHT.finditer(text):
        copyright_year = int(m.group(1))
    explicit = [s for s in specs if s.kind == "abs" and s.point is not None and s.point.year and s.point.year > 0
                and not s.problem
                and s.point.gran in ("year", "month", "day", "season", "quarter")]
    past_explicit = [s for s in explicit if tense_at(text, s.start, s.end) != "future"]
    yearless = [s for s in specs if s.kind == "underspec" and s.point is not None and s.point.gran in ("day", "month")
                and not s.rel and not s.problem]
    if copyright_year is not None:
        year = copyright_year
        future = [s for s in yearless if tense_at(text, s.start, s.end) == "future" and s.point.gran == "day"]
        weekdays = [s for s in specs if s.kind == "weekday" and not s.rel]
        if future:
            try:
                f = min(date(year, s.point.month, s.point.day) for s in future)
            except ValueError:
                f = None
            if f is not None:
                base = f - timedelta(days=1)
                latest = None
                for s in weekdays:
                    if tense_at(text, s.start, s.end) == "future":
                        continue
                    d = base - timedelta(days=(base.isoweekday() - s.weekday) % 7)
                    latest = d if latest is None or d > latest else latest
                d = latest or base
                return DocumentDate(d, f"copyright year {year}, before the future-tense "
                                       f"'{text[future[0].start:future[0].end]}', after the past-tense weekdays", False)
        past_yearless = [s for s in yearless if tense_at(text, s.start, s.end) != "future"]
        days = []
        for s in past_yearless:
            try:
                days.append(Point(s.point.gran, year, s.point.month, s.point.day).start_day())
            except (ValueError, TypeError):
                pass
        if days:
            return DocumentDate(max(days), f"copyright year {year} and the latest yearless date", False)
        # Only the year is known: mid-year keeps "last year" and "two years ago" right.
        return DocumentDate(date(year, 7, 1), f"copyright year {year} (day unknown: mid-year assumed)", False)
    if not past_explicit or not yearless:
        return DocumentDate(None, None, False)
    latest = max(past_explicit, key=lambda s: s.point.date_range()[1])
    after = latest.point.date_range()[1]
    bounded = page_latest is not None and page_latest > after
    # Weak evidence is left unused: one yearless date after a bare year ("the title he won in 2008 ...
    # Jul. 7") says nothing of how many years lie between. A month-precise latest date ("May 2021"),
    # a second yearless date in the same story or the page's own latest date make the reading stand.
    past_yearless = [s for s in yearless if tense_at(text, s.start, s.end) != "future"]
    if not bounded and latest.point.gran == "year" and len(past_yearless) < 2:
        return DocumentDate(None, None, False)
    days = []
    for s in yearless:
        if tense_at(text, s.start, s.end) == "future":
            continue
        # The first reading after the latest explicit date; or, bounded by the page's latest date,
        # the last reading not after that bound.
        years = range(page_latest.year, after.year - 1, -1) if bounded else (after.year, after.year + 1)
        for y in years:
            try:
                d = Point(s.point.gran, y, s.point.month, s.point.day).start_day()
            except (ValueError, TypeError):
                continue
            if d > after and (not bounded or d <= page_latest):
                days.append(d)
                break
    if not days:
        return DocumentDate(None, None, False)
    d = max(days)
    bound = f", not after the page's latest date {page_latest.isoformat()}" if bounded else ""
    return DocumentDate(d, f"yearless dates read as following the latest explicit date "
                           f"'{text[latest.start:latest.end]}'{bound}", False)
