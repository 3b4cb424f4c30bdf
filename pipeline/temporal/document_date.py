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

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from .anchoring import tense_at
from .normalize import Spec
from .timepoint import Point

__all__ = ["DocumentDate", "choose_date_order", "infer_document_date", "numeric_date"]

_PUBLISHED = re.compile(
    r"\b(?:published|updated|posted|last\s+updated|first\s+published|date)\s*(?:on|:)?\s*[:\-–]?\s*", re.IGNORECASE
)
_COPYRIGHT = re.compile(r"(?:\(c\)|©|copyright)\s*(?:[^\n\d]{0,60}?)?((?:19|20)\d\d)(?![\d])", re.IGNORECASE)
_TOP_CHARS = 400
# What may precede a dateline's date on its line: nothing, a place ("MOSCOW, "), a byline ("By Jane Doe | ").
_DATELINE_PREFIX = re.compile(
    r"^\s*(?:[A-Z][A-Za-z.'’ -]{0,40}(?:\([^)]{0,30}\))?\s*[,—–-]\s*|By\s+[^\n]{0,60}?[,|·•—–-]\s*|[\W_]{0,4}"
    r"|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s*)$"
)


@dataclass
class DocumentDate:
    value: date | None
    evidence: str | None
    strong: bool  # from a published line, dateline or top-of-text date (news, not narrative)


def choose_date_order(specs: list[Spec]) -> str:
    """'DMY' when the document's unambiguous numeric dates put the day first, else 'MDY'."""
    dmy = mdy = 0
    for s in specs:
        if s.numeric_order:
            a, b = s.numeric_order
            if a > 12 >= b:
                dmy += 1
            elif b > 12 >= a:
                mdy += 1
    return "DMY" if dmy > mdy else "MDY"


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
                        body_specs: list[Spec] | None = None, page_latest: date | None = None) -> DocumentDate:
    """The document's date from `specs`.

    When the caller knows where the body is, `specs` holds the candidates of the body and of the
    page's head (for "Published" lines and datelines), `body_specs` those of the body alone (for the
    latest explicit date and the yearless reasoning), `head_end` is where the head ends and `inside`
    tells whether a span of the text is in the head or the body. `page_latest` is the latest full date
    anywhere on the page, furniture included: the yearless reasoning takes the latest reading of each
    yearless date not after it (comments come after the article they discuss)."""
    full = _full_dates(specs)
    top = _TOP_CHARS if head_end is None else head_end + _TOP_CHARS
    # 1. Published/Updated lines.
    for s, d in full:
        line_start = text.rfind("\n", 0, s.start) + 1
        prefix = text[line_start:s.start]
        if len(prefix) < 60 and _PUBLISHED.search(prefix):
            return DocumentDate(d, f"'{text[line_start:s.end].strip()[:80]}' line", True)
    # 2. Dateline or byline near the top.
    for s, d in full:
        if s.start >= top:
            break
        line_start = text.rfind("\n", 0, s.start) + 1
        if _DATELINE_PREFIX.match(text[line_start:s.start]):
            return DocumentDate(d, f"dateline '{text[line_start:s.end].strip()[:80]}'", True)
    # 3. The latest explicit full date (of the body).
    if body_specs is not None:
        specs = body_specs
        full = _full_dates(specs)
    if full:
        s, d = max(full, key=lambda sd: sd[1])
        return DocumentDate(d, f"latest explicit full date '{text[s.start:s.end]}'", False)
    return _from_yearless(text, specs, page_latest)


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
