"""The public entry point: `tag(text, document_date)` -> TaggingResult.

Passes:
1. candidates: every grammar family over the text, read into Specs (rejections happen here);
2. selection: the longest non-overlapping candidates (grammar order breaks ties);
3. document date and numeric date order for the whole document;
4. anchoring, in text order, with repair or rejection of impossible dates.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from datetime import date, datetime

from .anchoring import AnchorContext, Resolution, resolve
from .document_date import address_month, choose_date_order, infer_document_date, numeric_date, page_address
from .extents import widen_extents
from .grammar import FAMILIES, FAMILY_NEEDS, trigger_scan
from .normalize import Spec, read_candidate
from .timepoint import Point

__all__ = ["GRANULARITIES", "TaggingResult", "TemporalMention", "TemporalProblem", "tag"]

GRANULARITIES = ("time", "part_of_day", "day", "week", "month", "season", "quarter", "half", "year", "decade",
                 "century")


@dataclass(frozen=True)
class TemporalMention:
    """One temporal expression: text[start:end] == text, its TIMEX3 type/value/mod and day range."""

    start: int
    end: int
    text: str
    type: str  # DATE TIME DURATION SET
    value: str  # TIMEX3 value
    mod: str | None
    date_start: date | None
    date_end: date | None
    granularity: str | None
    anchor: str  # explicit document previous none
    repaired: str | None = None


@dataclass(frozen=True)
class TemporalProblem:
    """Something that looks like a date but is impossible or implausible, and why (for a user)."""

    start: int
    end: int
    text: str
    reason: str


@dataclass
class TaggingResult:
    """A document's mentions (sorted, non-overlapping), problems, and the anchor used."""

    mentions: list[TemporalMention]
    problems: list[TemporalProblem]
    anchor_date: date | None
    anchor_source: str  # metadata inferred reference unknown
    anchor_evidence: str | None
    date_order: str  # DMY MDY


# How far past the document's year an explicit year may lie before it is called implausible.
_MAX_YEARS_AHEAD = 100


def tag(text: str, document_date: date | None = None, *, reference_date: date | None = None,
        infer_document_date: bool = True, body_spans: list[tuple[int, int]] | None = None,
        url: str | None = None) -> TaggingResult:
    """Find, normalise and anchor the temporal expressions of `text`. Never raises on a string.

    body_spans: the [start, end) character ranges of the article's body (None: the whole text is
    body). Mentions are found in the whole text either way; but when the document date must be
    inferred, only dates inside the body, or in the page's head before the body (datelines, bylines,
    "Published/Updated" lines), count as evidence: furniture further down (related-post teasers,
    comment timestamps, footers) does not date the article.

    url: the page's address, when metadata gives it; a day in it (/2013/05/03/) is evidence of the
    document's date after the page's own stamps and datelines. An address on the text's first lines
    counts the same way.
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    # A datetime is a date too, but the two do not compare: keep the day only.
    if isinstance(document_date, datetime):
        document_date = document_date.date()
    if isinstance(reference_date, datetime):
        reference_date = reference_date.date()
    specs = _candidates(text)
    address = page_address(text, url if isinstance(url, str) else None)
    order = choose_date_order(specs, address_month(address) if address else None)
    specs = [s for s in (_numeric_to_date(s, order) for s in specs) if s is not None]

    specs = _share_years(specs, text)
    evidence_specs, body_specs, head_end, inside = _evidence_specs(specs, text, body_spans)
    # With a body known, the page's other dates (comment stamps, teasers) do not date the article, but
    # they bound it: yearless dates of the article are not read as later than the page's latest date.
    page_latest = _latest_full_date(specs) if body_specs is not None else None
    anchor, source, evidence, strong = _choose_anchor(text, evidence_specs, document_date, reference_date,
                                                       infer_document_date, head_end, inside, body_specs,
                                                       page_latest, _between_head_and_body(specs, body_spans, len(text)),
                                                       address)
    narrative = _is_narrative(evidence_specs, document_date, strong, anchor)
    ctx = AnchorContext(text=text, anchor=anchor, narrative=narrative, core_years=_core_years(specs))
    doc_years = {s.point.year for s in specs if s.kind == "abs" and s.point is not None and s.point.year
                 and not s.problem}
    if anchor is not None:
        doc_years.add(anchor.year)

    mentions: list[TemporalMention] = []
    problems: list[TemporalProblem] = []
    for spec in specs:
        try:
            _emit(spec, text, ctx, doc_years, anchor, mentions, problems)
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError, IndexError) as error:
            # One unreadable candidate must not cost the document its other dates, nor vanish unseen.
            problems.append(TemporalProblem(spec.start, spec.end, text[spec.start:spec.end],
                                            f"could not be normalised ({type(error).__name__}: {error})"))
    return TaggingResult(mentions, problems, anchor, source, evidence, order)


# --- Pass 1 and 2: candidates ---------------------------------------------------------------------
def _candidates(text: str) -> list[Spec]:
    # Every match is read first, so that a span trimmed by its reader ("in May" -> "May") competes
    # with its trimmed length, and a rejected long match does not hide a good shorter one.
    read: list[tuple[int, int, int, Spec]] = []
    append = read.append
    word_rest = _WORD_REST.match
    n = len(text)
    tokens, low = trigger_scan(text)
    if "month" in tokens:
        _keep_capitalised_months(tokens, text)
    present = frozenset(tokens)
    plan = _PLANS.get(present)
    if plan is None:
        plan = _PLANS[present] = tuple(p for p in _FAMILY_PLAN if present.intersection(p[3]))
    for priority, name, finditer, kinds, back, fwd, needs in plan:
        if len(kinds) == 1:
            hits = tokens.get(kinds[0])
            if not hits:  # most families have no trigger in a short article: skip them cheaply
                continue
        else:
            found = [tokens[kind] for kind in kinds if kind in tokens]
            if not found:
                continue
            # Token spans of one kind come in text order; several kinds are put in order here.
            hits = found[0] if len(found) == 1 else sorted([h for hs in found for h in hs])
        if len(hits) == 1:  # one trigger token (common in short texts): its one window
            ts, te = hits[0]
            te += fwd
            windows = ((ts - back if ts > back else 0, word_rest(text, te if te < n else n).end()),)
        else:
            windows = _windows(hits, back, fwd, text, n)
        for ws, we in windows:
            if needs is not None and low is not None and needs(low, ws, we) is None:
                continue  # nothing every match of this family holds: no match here
            for m in finditer(text, ws, we):
                if m.end() <= m.start():
                    continue
                spec = read_candidate(name, m, text)
                if spec is None or not (0 <= spec.start < spec.end <= n):
                    continue
                append((spec.end - spec.start, priority, spec.start, spec))
    read.sort(key=_longest_first)
    starts: list[int] = []  # the kept spans, sorted and disjoint: starts[i] pairs with ends[i]
    ends: list[int] = []
    chosen: list[Spec] = []
    bisect_right = bisect.bisect_right
    for _, _, _, spec in read:
        s, e = spec.start, spec.end
        i = bisect_right(starts, s)
        if (i > 0 and ends[i - 1] > s) or (i < len(starts) and starts[i] < e):
            continue  # overlaps a longer (or earlier-listed) candidate
        starts.insert(i, s)
        ends.insert(i, e)
        chosen.extend(_split_ranges(spec, text))
    chosen.sort(key=_start_of)
    return widen_extents(chosen, text)


def _keep_capitalised_months(tokens: dict[str, list[tuple[int, int]]], text: str) -> None:
    """Drop the month tokens written in lower case: every family a month name triggers reads only a
    capitalised month ("may" and "march" are a modal and a verb), so such a token opens no window."""
    months = [h for h in tokens["month"] if text[h[0]].isupper()]
    if months:
        tokens["month"] = months
    else:
        del tokens["month"]


def _longest_first(r: tuple) -> tuple:
    return -r[0], r[1], r[2]


def _start_of(spec: Spec) -> int:
    return spec.start


# Per family, in priority order: what _candidates needs, looked up once here instead of per document.
_FAMILY_PLAN = tuple((priority, fam.name, fam.pattern.finditer, tuple(sorted(fam.triggers)), *fam.reach,
                      FAMILY_NEEDS[fam.name].search if fam.name in FAMILY_NEEDS else None)
                     for priority, fam in enumerate(FAMILIES))


# The families a document runs, per set of token kinds it holds (a few dozen sets occur): the others are
# skipped without a look. Cut from _FAMILY_PLAN on first use (a test that swaps the plan clears this too).
_PLANS: dict[frozenset, tuple] = {}


def _windows(hits: list[tuple[int, int]], back: int, fwd: int, text: str, n: int) -> list[tuple[int, int]]:
    """The windows [token start - back, token end + fwd) around token spans in text order, merged as
    `_merge` merges them (each end widened to a word's end)."""
    word_rest = _WORD_REST.match
    merged = []
    it = iter(hits)
    ts, te = next(it)
    cs = ts - back if ts > back else 0
    ce = te + fwd
    for ts, te in it:
        if ts - back <= ce:  # a start clamped to 0 is <= ce too
            te += fwd
            if te > ce:
                ce = te
        else:
            merged.append((cs, word_rest(text, ce if ce < n else n).end()))
            cs = ts - back if ts > back else 0
            ce = te + fwd
    merged.append((cs, word_rest(text, ce if ce < n else n).end()))
    return merged


_WORD_REST = re.compile(r"[\w'’.-]*")


def _merge(windows: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Overlapping windows joined, each end widened to a word's end so no word is cut there."""
    if not windows:
        return []
    windows.sort()
    merged = []
    n = len(text)
    cs, ce = windows[0]
    for s, e in windows[1:]:
        if s <= ce:
            ce = max(ce, e)
        else:
            merged.append((cs, _WORD_REST.match(text, min(ce, n)).end()))
            cs, ce = s, e
    merged.append((cs, _WORD_REST.match(text, min(ce, n)).end()))
    return merged


def _split_ranges(spec: Spec, text: str) -> list[Spec]:
    """'2014–2016' and 'January–February' become one DATE per end, as TimeML annotates them."""
    if "parts" in spec.notes:
        return [Spec(s, e, "DATE", "abs" if p.year is not None else "underspec", point=p, family=spec.family)
                for s, e, p in spec.notes["parts"]]
    if "range_years" in spec.notes:
        y1, y2, s1, e1, s2, e2 = spec.notes["range_years"]
        return [Spec(s1, e1, "DATE", "abs", point=Point("year", y1), family=spec.family),
                Spec(s2, e2, "DATE", "abs", point=Point("year", y2), family=spec.family)]
    if spec.month_range_end is not None:
        seg = text[spec.start:spec.end]
        parts = re.split(r"\s*(?:–|—|-|to|through|until)\s*", seg, maxsplit=1)
        if len(parts) != 2:
            return [spec]
        first_end = spec.start + len(parts[0])
        second_start = spec.end - len(parts[1])
        year = spec.point.year
        kind = "abs" if year else "underspec"
        second_text = parts[1]
        # "January–February 2022": the first month carries the year too.
        mm = re.match(r"[A-Za-z]+\.?", second_text)
        a = replace(spec, end=first_end, month_range_end=None)
        b = Spec(second_start, spec.end if year else second_start + (mm.end() if mm else len(second_text)), "DATE",
                 kind, point=Point("month", year, spec.month_range_end), family=spec.family)
        return [a, b]
    return [spec]


_SHARED_YEAR_GAP = re.compile(r"\s*(?:,|and|or|to|through|until|till|-|–|—|/)\s*(?:(?:early|mid|late)[\s-]+)?$", re.IGNORECASE)


def _share_years(specs: list[Spec], text: str) -> list[Spec]:
    """'In April and June 1955', 'from May 15 to August 16, 1988': the year written once serves both."""
    out = list(specs)
    for i in range(len(out) - 2, -1, -1):
        s, nxt = out[i], out[i + 1]
        if s.kind != "underspec" or s.point is None or s.bad_year or s.point.gran not in ("day", "month", "season"):
            continue
        if nxt.point is None or nxt.point.year is None or nxt.kind != "abs" or nxt.point.gran not in (
                "day", "month", "season", "time"):
            continue
        if nxt.start - s.end > 12 or not _SHARED_YEAR_GAP.fullmatch(text[s.end:nxt.start]):
            continue
        year = nxt.point.year
        if s.point.gran != "season" and nxt.point.month and s.point.month and s.point.month > nxt.point.month:
            year -= 1  # "November 15 to February 15, 1989": the first end is in the year before
        try:
            fixed = replace(s.point, year=year)
            fixed.date_range()
        except ValueError:
            continue
        out[i] = replace(s, kind="abs", point=fixed)
    return out


def _numeric_to_date(spec: Spec, order: str) -> Spec | None:
    if spec.numeric_order is None:
        return spec
    d = numeric_date(spec, order)
    if d is None:
        return replace(spec, problem="not a calendar date in either day-month order")
    return replace(spec, point=Point("day", d.year, d.month, d.day))


# --- Pass 3: document date ---------------------------------------------------------------------------
def _clean_spans(body_spans, n: int) -> list[tuple[int, int]] | None:
    """The body spans clamped to the text, sorted and merged; None when not given or unreadable."""
    if body_spans is None:
        return None
    out = []
    try:
        for span in body_spans:
            if isinstance(span, dict):  # {"start": s, "end": e}, as the pipeline serialises them
                span = (span["start"], span["end"])
            a, b = int(span[0]), int(span[1])
            a, b = max(0, min(a, n)), max(0, min(b, n))
            if b > a:
                out.append((a, b))
    except (TypeError, ValueError, IndexError, KeyError):
        return None
    out.sort()
    merged: list[tuple[int, int]] = []
    for a, b in out:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _evidence_specs(specs: list[Spec], text: str, body_spans):
    """The candidates that may date the document.

    Returns those in the body or in the page's head (for datelines, bylines and "Published" lines),
    those in the body only (for the latest explicit date and the yearless reasoning), where the head
    ends and a predicate `inside(start, end)` telling whether a span of the text is in the head or
    the body (the last three None when the whole text is body). The head is the text before the
    first body span (or the first characters of the page when no body was found).
    """
    spans = _clean_spans(body_spans, len(text))
    if spans is None:
        return specs, None, None, None
    head_end = spans[0][0] if spans else min(len(text), _HEAD_CHARS)
    starts = [a for a, _ in spans]

    def inside(start: int, end: int) -> bool:
        if end <= head_end:
            return True
        i = bisect.bisect_right(starts, start) - 1
        return i >= 0 and spans[i][0] <= start and end <= spans[i][1]

    kept = [sp for sp in specs if inside(sp.start, sp.end)]
    return kept, [sp for sp in kept if sp.start >= head_end], head_end, inside


def _between_head_and_body(specs: list[Spec], body_spans, n: int) -> list[Spec] | None:
    """Candidates on furniture lines that the article's body resumes after: the stamp or dateline
    a body split leaves out between a headline and the first paragraph. Furniture after the last
    body text (comments, footers) is not among them."""
    spans = _clean_spans(body_spans, n)
    if not spans:
        return None
    resumes = spans[-1][0]
    return [sp for sp in specs if sp.start < resumes]


# Without a body, the page's head is taken to be its first characters (masthead, dateline, byline).
_HEAD_CHARS = 600


def _latest_full_date(specs: list[Spec]) -> date | None:
    days = []
    for s in specs:
        p = s.point
        if s.kind == "abs" and p is not None and p.gran in ("day", "time") and p.year and not s.problem:
            try:
                days.append(date(p.year, p.month, p.day))
            except ValueError:
                pass
    return max(days) if days else None


def _choose_anchor(text, specs, document_date, reference_date, infer, head_end=None, inside=None, body_specs=None,
                   page_latest=None, page_specs=None, url=None):
    if document_date is not None:
        return document_date, "metadata", None, True
    if infer:
        dd = infer_document_date(text, specs, head_end=head_end, inside=inside, body_specs=body_specs,
                                 page_latest=page_latest, page_specs=page_specs,
                                 url=url)
        if dd.value is not None:
            return dd.value, "inferred", dd.evidence, dd.strong
    if reference_date is not None:
        return reference_date, "reference", None, False
    return None, "unknown", None, False


def _is_narrative(specs: list[Spec], document_date: date | None, strong: bool, anchor: date | None) -> bool:
    """Narrative text resolves against previous mentions instead of the document date."""
    years = [s.point.year for s in specs if s.kind == "abs" and s.point is not None and s.point.year]
    if document_date is not None:
        if len(years) < 10:
            return False
        years.sort()
        median = years[len(years) // 2]
        near = any(abs(y - document_date.year) <= 2 for y in years)
        # A document date far from every year the text names is a download date, not the story's.
        return abs(median - document_date.year) > 30 and not near
    if strong:
        return False
    # A history (many explicit years or many yearless dates, few words pointing at "now") moves its
    # own time forward; news text has a "now" that yearless dates hang from.
    yearless = sum(1 for s in specs if s.kind == "underspec")
    deictic = sum(1 for s in specs if s.kind in ("shift_doc", "weekday") or s.value == "PRESENT_REF")
    return (len(years) >= 10 or yearless >= 12) and deictic * 3 < len(years) + yearless


def _core_years(specs: list[Spec]) -> tuple[int, int] | None:
    """The 10th to 90th percentile of the explicit years, widened a little: where a story takes place."""
    years = sorted(s.point.year for s in specs if s.kind == "abs" and s.point is not None and s.point.year
                   and s.point.year > 0)
    if len(years) < 10:
        return None
    lo, hi = years[len(years) // 10], years[(len(years) * 9) // 10]
    margin = max(3, (hi - lo) // 4)
    return lo - margin, hi + margin


# --- Pass 4: anchoring and output --------------------------------------------------------------------
def _emit(spec: Spec, text: str, ctx: AnchorContext, doc_years: set, anchor: date | None,
          mentions: list, problems: list) -> None:
    if "news_duration" in spec.notes and not ctx.narrative:
        s, e, value = spec.notes["news_duration"]
        spec = Spec(s, e, "DURATION", "value", value=value, family=spec.family)
    elif "narrative_duration" in spec.notes and (ctx.narrative or anchor is None):
        # "in the past year" in a history (or with no date to count from): a stretch of time before the
        # story's moment, not a calendar year.
        spec = Spec(spec.start, spec.end, "DURATION", "value", value=spec.notes["narrative_duration"],
                    family=spec.family)
    surface = text[spec.start:spec.end]
    if spec.problem:
        problems.append(TemporalProblem(spec.start, spec.end, surface, f"'{surface}': {spec.problem}"))
        return
    repaired = None
    if spec.bad_year:
        fixed, why = _repair_year(spec.bad_year, doc_years)
        if fixed is None:
            problems.append(TemporalProblem(spec.start, spec.end, surface, why))
            return
        spec = replace(spec, kind="abs", point=replace(spec.point, year=fixed), bad_year=None)
        repaired = why
    if (spec.kind == "abs" and spec.point is not None and spec.point.year and anchor is not None
            and spec.point.year > anchor.year + _MAX_YEARS_AHEAD):
        problems.append(TemporalProblem(spec.start, spec.end, surface,
                                        f"year {spec.point.year} lies more than {_MAX_YEARS_AHEAD} years "
                                        f"after the document's date ({anchor.isoformat()})"))
        return
    res: Resolution = resolve(spec, ctx)
    p = res.point
    if p is not None and spec.type in ("DATE", "TIME"):
        try:
            start_day, end_day = p.with_mod(res.mod)
        except (ValueError, OverflowError):
            start_day = end_day = None
        gran = p.gran
    else:
        start_day = end_day = None
        gran = None if spec.type in ("DURATION", "SET") else _gran_of_value(res.value)
    if res.value == "PRESENT_REF" and anchor is not None and not ctx.narrative:
        start_day = end_day = anchor
        gran = "day"
    typ = spec.type
    if p is not None and p.gran in ("time", "part_of_day"):
        typ = "TIME"
    mentions.append(TemporalMention(spec.start, spec.end, surface, typ, res.value, res.mod, start_day, end_day,
                                    gran if typ in ("DATE", "TIME") else None, res.anchor, repaired))


# The granularity of a value that could not be anchored ("XXXX-FA", "XXXX-WXX", "XXXX-Q3"), read
# from its shape: the unknown digits do not make a season a month.
_VALUE_GRANS = (
    (re.compile(r"[\dX]{4}-(?:[\dX]{2}-[\dX]{2}|W[\dX]{2}-\d)T(?:MO|AF|EV|NI|MI|DT)"), "part_of_day"),
    (re.compile(r"[\dX]{4}-(?:[\dX]{2}-[\dX]{2}|W[\dX]{2}-\d)T[\d:]+"), "time"),
    (re.compile(r"[\dX]{4}-W[\dX]{2}-\d"), "day"),
    (re.compile(r"[\dX]{4}-W[\dX]{2}(?:-WE)?"), "week"),
    (re.compile(r"[\dX]{4}-[\dX]{2}-[\dX]{2}"), "day"),
    (re.compile(r"[\dX]{4}-(?:SP|SU|FA|WI)"), "season"),
    (re.compile(r"[\dX]{4}-Q[\dX]"), "quarter"),
    (re.compile(r"[\dX]{4}-H[\dX]"), "half"),
    (re.compile(r"[\dX]{4}-[\dX]{2}"), "month"),
    (re.compile(r"[\dX]{4}"), "year"),
    (re.compile(r"[\dX]{3}"), "decade"),
    (re.compile(r"[\dX]{2}"), "century"),
)


def _gran_of_value(value: str) -> str | None:
    if value.endswith("_REF"):
        return None
    for rx, gran in _VALUE_GRANS:
        if rx.fullmatch(value):
            return gran
    return None


def _repair_year(bad: str, doc_years: set) -> tuple[int | None, str]:
    """A five-digit year read as the document's year when dropping one digit gives exactly that year."""
    options = {int(bad[:i] + bad[i + 1:]) for i in range(len(bad))}
    plausible = {y for y in options if 1000 <= y <= 2100}
    agreeing = sorted(plausible & doc_years)
    if len(agreeing) == 1:
        y = agreeing[0]
        return y, f"year {bad} read as {y}: the document's other dates are in {y}"
    if not agreeing:
        return None, (f"year {bad} has {len(bad)} digits and the document's other years disagree with every "
                      f"one-digit correction")
    return None, f"year {bad} has {len(bad)} digits and could be any of {', '.join(map(str, agreeing))}"
