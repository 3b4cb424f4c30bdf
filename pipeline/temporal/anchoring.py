"""Second pass: give underspecified and relative expressions a value, in HeidelTime's manner.

News text resolves against the document date, looking at the tense of the nearby verb: a past-tense
"on Thursday" is the latest Thursday on or before the document date (the same day included), a
future-tense "Feb. 27" the next 27 February.  Expressions that say they are relative to something
said before ("later", "the following year", "the next day") resolve against the last mentioned date.
Narrative text (no trustworthy document date) resolves everything against previous mentions.

Tense (`tense_at`): the verb of the date's own phrase (back to the last comma, bracket, dash or
quotation mark) governs it when there is one ("The budget, set at 180 million euros in June, would
..." is past); otherwise the nearest tense marker of the clause, where past participles and the
present perfect ("have gathered") count as past, a passive "will be paid" or "to be published" as
future, and a date opening its clause ("In March, the firm announced ...") takes the verb after the
comma. With no tense, a yearless month or day is the occurrence nearest the document date, and a
yearless day is never read most of a year away when one within a few weeks of the document date
exists (unless "will" says otherwise): news names the year of a distant day.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from .grammar import _trie
from .holidays import FLOATING_HOLIDAYS
from .spec import Spec
from .timepoint import Point, season_of, shift

__all__ = ["AnchorContext", "Resolution", "resolve", "tense_at"]

# Verb forms that say the sentence talks about the future / the past / the present.  The nearest
# marker in the same clause wins, except that a bare "-ed" word (often an adjective or a participle)
# counts only when nothing else is there. "next to" is a preposition of place, not the future.
_FUTURE = re.compile(
    r"\b(?:will|won['’]t|shall|['’]ll|going\s+to|plans?\s+to|planned\s+for|scheduled|is\s+to|are\s+to"
    r"|expected\s+(?:to|in|by|on)|expects?\s+to|extended\s+to|postponed|delayed|set\s+(?:to|for)|intends?\s+to|next(?!\s+to\b)|upcoming|would"
    r"|plan(?:s|ned)?\s+(?:a|an|the|their|its|his|her)"
    r"|to\s+be\s+held|ahead|as\s+(?:soon|early|late)\s+as|planning|planned\s+to|hopes?\s+to|wants?\s+to|aims?\s+to"
    r"|tomorrow)\b",
    re.IGNORECASE,
)
# "agreed to buy the line in February": the date may belong to the act agreed on, which follows the
# agreement but may lie before or after the document date. Nearest to the verb, it cancels the past
# tense of "agreed": the date is read as having no tense (the occurrence nearest the document date).
_INTENT = re.compile(
    r"\b(?:agreed|agrees?|agreement|deal|offer(?:ed|s)?|bid|proposal|decided|voted|promised|pledged|vowed)"
    r"\s+to\s+(?!(?:a|an|the|his|her|its|their|this|that|be|have|been|date)\b)[a-z]{3,}\b",
    re.IGNORECASE,
)
_PAST_WORDS = (
    "was were had did said told announced reported ago last earlier previously since began came went took made "
    "met held fell rose won lost left saw gave got sold bought spent led became broke wrote spoke knew thought "
    "brought sent paid kept found built caught sought struck fought chose grew drew flew ran shot stood "
    "felt taught threw drove froze stole hung swore tore wore woke"
).split()
# Not after "be/is/are": "will be paid", "is held" are passives, not past tense.
# Nor "the last" ("the last week of June"): the final one, not a past.
_PAST = re.compile(rf"\b(?=[a-z])(?<!\bbe\s)(?<!\bis\s)(?<!\bare\s)(?<!\bthe\s){_trie(sorted(set(_PAST_WORDS)))}\b",
                   re.IGNORECASE)
# Past participles of irregular verbs, and the present perfect ("have gathered", "has been"): the
# event lies before the time of speaking.
_PARTICIPLE_WORDS = (
    "put cut hit built sent paid kept found shown known seen given taken done chosen brought caught sought struck "
    "begun spoken written broken stolen driven frozen fought meant felt laid lent shut forgotten"
).split()
_PARTICIPLE = re.compile(
    rf"\b(?=[a-z])(?<!\bbe\s)(?<!\bis\s)(?<!\bare\s)(?<!\bset\s)(?:(?<!\bhas\s)(?<!\bhave\s)set(?!\s+(?:to|for)\b)"
    rf"|{_trie(sorted(_PARTICIPLE_WORDS))}"
    r"|(?:has|have|(?<=['’])ve)\s+(?:not\s+|already\s+|just\s+|also\s+)?(?:been|had|\w{2,}ed|\w+en|got|made|put|cut"
    r"|paid|sent|built|kept|found|held|told|sold|won|lost|left|seen|done)(?!\s+to\b))\b",
    re.IGNORECASE,
)
_WEAK_PAST = re.compile(r"\b\w{3,}ed\b", re.IGNORECASE)
# A passive infinitive governing the date's phrase looks ahead: "guidelines to be published in early
# November".
_INFINITIVE = re.compile(r"\bto\s+be\s+[a-z]{2,}(?:ed|en)\b")
# The phrase a date sits in starts after a comma, a dash, a bracket or a quotation mark: a verb there
# governs it ("The budget, set at 180 million euros in June, would ..." is set in the past).
_PHRASE_START = re.compile(r"[,(\[—–:\"“”]|\s-{1,2}\s")
_PARTICIPIAL_OPEN = re.compile(r"\s*(?!(?:during|including|according|following|regarding|concerning|beginning|starting)\b)[a-z]{3,}ing\b")
_PRESENT = re.compile(r"\b(?:is|are|am|says|say|has|have)\b", re.IGNORECASE)
# A clause ends at ; or a line break, or at a full stop that is not part of an abbreviation
# ("N.J.", "Mr.", "Oct.") and is followed by a capitalised word.
_CLAUSE_END = re.compile(r"[;!?\n]|(?<![A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z][a-z])\.(?=\s+[A-Z\"“‘'])")
# Past participles that are adjectives or nouns more often than verbs; they say nothing of tense.
_NOT_PAST = {"need", "speed", "seed", "feed", "red", "bed", "shed", "hundred", "united", "limited", "based",
             "related", "proposed", "expected", "scheduled", "planned", "called", "so-called", "armed",
             "detailed", "advanced", "indeed", "weed", "creed", "deed", "bleed", "breed", "greed", "succeed",
             "proceed", "exceed", "embed", "extended", "postponed", "delayed",
             # adjectives in un-: never a past tense ("on a still unspecified date in January")
             "unspecified", "unidentified", "unnamed", "unexpected", "unchanged", "undisclosed", "unprecedented",
             "unemployed", "unrelated", "unlimited", "unconfirmed", "unsolved", "unresolved", "undated",
             "unsigned", "unarmed", "unscheduled", "unannounced", "undecided", "unsettled", "unfinished"}


# Words right before a date that look forward whatever the verb: "payable Jan. 2", "by Oct. 31".
_FUTURE_LEAD = re.compile(r"\b(?:by|until|till|payable|effective|due|expires?|expiring"
                          r"|as\s+(?:soon|early|late)\s+as)\s+(?:on\s+)?(?:the\s+)?$", re.IGNORECASE)


# Reporting verbs after the expression ("... in March, an official said") tell when it was said,
# not when the reported thing happens.
_REPORTING = frozenset({"said", "says", "told", "announced", "reported", "added", "stated", "say"})


# Words right before a date that put it in the document's own year: "through Nov. 17", "of record Nov. 10".
_SAME_YEAR_LEAD = re.compile(r"\b(?:through|thru|of\s+record|record\s+date\s+is)\s+(?:the\s+)?$", re.IGNORECASE)


def _nearest(rx: re.Pattern, left: str, right: str, skip=frozenset()) -> int | None:
    # "In March, the company announced ...": with nothing before it in its clause but a preposition,
    # the date is the clause's own adverbial and the verb after the comma governs it.
    reporting_after = len(left.split()) > 2
    best = None
    for mm in rx.finditer(left):
        if mm.group().lower() not in skip:
            d = len(left) - mm.end()
            best = d if best is None or d < best else best
    for mm in rx.finditer(right):
        word = mm.group().lower()
        if word not in skip and not (reporting_after and word in _REPORTING and "," in right[:mm.start()]):
            d = mm.start() + 8  # words after the expression count a little less
            best = d if best is None or d < best else best
            break
    return best


def tense_at(text: str, start: int, end: int) -> str | None:
    """'past', 'future', 'present' or None: the tense of the verb nearest the expression, same clause."""
    left = text[max(0, start - 90):start]
    if _FUTURE_LEAD.search(left[-30:]) and not re.search(r"\b(?:was|were|had|did)\b", left[-60:], re.IGNORECASE) \
            and not re.match(r"[^.;!?\n]{0,30}?\b(?:had|was|were|did)\b", text[end:end + 40], re.IGNORECASE):
        # "Until Thursday, they had not called him a suspect": the past perfect after it looks back.
        return "future"
    if _SAME_YEAR_LEAD.search(left[-30:]):
        return "present"
    cut = max((mm.end() for mm in _CLAUSE_END.finditer(left)), default=0)
    left = left[cut:]
    right = text[end:end + 80]
    stop = _CLAUSE_END.search(right)
    right = right[:stop.start()] if stop else right
    phrase = left[max((mm.end() for mm in _PHRASE_START.finditer(left)), default=0):]
    local = _local_tense(phrase)
    if local is not None:
        return None if local == "intent" else local
    if _PARTICIPIAL_OPEN.match(phrase):
        # "The stock has fluctuated sharply, rising to a high in June from $29.75 in March": a clause
        # opened by an -ing participle takes the tense of the verb before its comma.
        phrase_start = start - len(phrase)
        before = text[max(0, phrase_start - 160):phrase_start].rstrip(" ,")
        before = before[max((mm.end() for mm in _CLAUSE_END.finditer(before)), default=0):]
        host = _local_tense(before[max((mm.end() for mm in _PHRASE_START.finditer(before)), default=0):])
        if host is not None:
            return None if host == "intent" else host
    found = {}
    for tense, rx in (("future", _FUTURE), ("past", _PAST), ("present", _PRESENT), ("intent", _INTENT)):
        d = _nearest(rx, left, right)
        if d is not None:
            found[tense] = d
    part = _nearest(_PARTICIPLE, left, "")
    if part is not None and part < found.get("past", 10**6):
        found["past"] = part
    weak = _nearest(_WEAK_PAST, left, right, _NOT_PAST)
    if weak is not None and weak + 12 < found.get("past", 10**6):
        found["past"] = weak + 12  # an "-ed" word may be an adjective: it must be clearly nearer
    if not found:
        return None
    # "will" anywhere before in the clause outranks a nearer past form ("will be held on ...").
    if "future" in found and re.search(r"\b(?:will|shall|['’]ll)\b", left, re.IGNORECASE):
        return "future"
    nearest = min(found, key=found.get)
    return None if nearest == "intent" else nearest


_WILL = re.compile(r"\b(?:will|shall|won['’]t)\b|['’]ll\b", re.IGNORECASE)


def _local_tense(phrase: str) -> str | None:
    """The tense of a verb in the date's own phrase, before it, when there is one: it governs the date."""
    found = {}
    for tense, rx in (("future", _FUTURE), ("future", _INFINITIVE), ("past", _PAST), ("past", _PARTICIPLE),
                      ("present", _PRESENT), ("intent", _INTENT)):
        d = _nearest(rx, phrase, "")
        if d is not None and d < found.get(tense, 10**6):
            found[tense] = d
    weak = _nearest(_WEAK_PAST, phrase, "", _NOT_PAST)
    if weak is not None and not _WILL.search(phrase) and all(weak + 12 < d for d in found.values()):
        found["past"] = weak + 12  # an "-ed" word may be an adjective: it must be clearly nearer
    if not found:
        return "past" if weak is not None else None
    return min(found, key=found.get)


@dataclass
class AnchorContext:
    """What anchoring knows while walking a document's mentions in order."""

    text: str
    anchor: date | None  # the document (or reference) date
    narrative: bool  # resolve against previous mentions, not the document date
    prev: Point | None = None  # the last mention with a year, as resolved
    prev_day: date | None = None  # the last day-level date mentioned
    last_quarter: Point | None = None
    # Narrative only: the span of years the story mostly moves in. A year far outside it ("as Napoleon
    # did in 1812", a 2004 memorial) is tagged but does not become the story's current year.
    core_years: tuple[int, int] | None = None


@dataclass
class Resolution:
    value: str
    point: Point | None  # None for DURATION, SET, *_REF and unresolved values
    anchor: str  # explicit document previous none
    mod: str | None = None


_UNRESOLVED = {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX", "year": "XXXX", "quarter": "XXXX-QX",
               "half": "XXXX-HX", "season": "XXXX-XX", "decade": "XXX", "century": "XX"}


def _is_bc(p: Point | None) -> bool:
    return p is not None and p.year is not None and p.year <= 0


def _base(ctx: AnchorContext, spec: Spec) -> tuple[date | None, str]:
    """The date to resolve a document-relative expression against, and its anchor label."""
    if ctx.narrative and _is_bc(ctx.prev):
        return None, "none"  # before the common era: only year arithmetic (see _resolve_*)
    if ctx.narrative:
        if ctx.prev_day is not None:
            return ctx.prev_day, "previous"
        if ctx.prev is not None:
            return ctx.prev.start_day(), "previous"
    if ctx.anchor is not None:
        return ctx.anchor, "document"
    return None, "none"


def _remember(ctx: AnchorContext, p: Point | None) -> None:
    if p is None:
        return
    if _is_bc(p):
        ctx.prev, ctx.prev_day = p, None
        return
    if ctx.narrative and ctx.core_years and p.year is not None:
        lo, hi = ctx.core_years
        if not lo <= p.year <= hi:
            return
    if p.gran in ("day", "time", "part_of_day"):
        ctx.prev_day = date(p.year, p.month, p.day)
        ctx.prev = p
    elif p.gran in ("year", "month", "season", "quarter", "half", "week"):
        # A coarser mention moves the narrative on only when it leaves the current day's period.
        if ctx.prev_day is None or not (p.date_range()[0] <= ctx.prev_day <= p.date_range()[1]):
            ctx.prev_day = None if p.gran not in ("week",) else p.start_day()
        ctx.prev = p
    # The quarter in focus is one that has been reported on: finished by the document date.
    if p.gran == "quarter" and (ctx.anchor is None or ctx.narrative or p.date_range()[1] <= ctx.anchor):
        ctx.last_quarter = p


_YEAR_AS_LABEL = re.compile(r"(?:\(|\bsince\s)$", re.IGNORECASE)


def resolve(spec: Spec, ctx: AnchorContext) -> Resolution:
    """The value of one mention; updates the context's notion of 'the previous date'."""
    try:
        res = _resolve(spec, ctx)
    except (ValueError, OverflowError):  # a date the calendar cannot hold (year 0, BC arithmetic)
        return Resolution("XXXX-XX-XX", None, "none", spec.mod)
    if spec.kind == "year_quarter" and spec.point is not None and spec.point.quarter is None \
            and spec.point.half is None:
        return res  # "the 1988 period" compares with the quarter in focus; it does not replace it
    if spec.family in ("ago", "year_ago_adj", "quarter_rel") and res.point is not None and res.point.gran == "quarter" \
            and res.anchor == "previous" and spec.rel not in ("the", "latest", "same", "recent"):
        return res
    if spec.family in ("ago", "year_ago_adj") and (spec.n or 0) < 0:
        # "a year earlier", "two years ago" compare (or recall, in a quote); the story's own time stays
        # where it was, in news and in narrative alike.
        return res
    if spec.notes.get("year_back") or (spec.kind == "shift_doc" and spec.unit == "year" and res.point is not None
                                       and res.point.gran == "quarter"):
        return res  # "a year earlier" (a quarter) compares with, but does not replace, the quarter in focus
    if ctx.narrative and spec.kind == "abs" and res.point is not None and res.point.gran == "year":
        if ctx.prev_day is not None and tense_at(ctx.text, spec.start, spec.end) == "future":
            return res  # "a campaign planned for 1976": a forward look, the story stays where it was
        if _YEAR_AS_LABEL.search(ctx.text, max(0, spec.start - 7), spec.start):
            # "the Civil Constitution of the Clergy (1790)", "the first since 1614": a year that labels
            # or reaches back; the story stays where it was.
            return res
    if res.point is not None and res.anchor in ("explicit", "document", "previous"):
        _remember(ctx, res.point)
    return res


def _resolve(spec: Spec, ctx: AnchorContext) -> Resolution:
    kind = spec.kind
    if kind == "value":
        return Resolution(spec.value, None, "explicit", spec.mod)
    if kind == "abs":
        return Resolution(spec.point.value(), spec.point, "explicit", spec.mod)
    if kind == "underspec":
        return _resolve_underspecified(spec, ctx)
    if kind == "weekday":
        return _resolve_weekday(spec, ctx)
    if kind == "shift_doc":
        return _resolve_shift(spec, ctx, relative_to_previous=False)
    if kind == "shift_prev":
        return _resolve_shift(spec, ctx, relative_to_previous=True)
    if kind == "quarter_ref":
        return _resolve_quarter_ref(spec, ctx)
    if kind == "clock":
        return _resolve_clock(spec, ctx)
    if kind == "year_quarter":
        return _resolve_year_quarter(spec, ctx)
    return Resolution("XXXX-XX-XX", None, "none", spec.mod)


def _with_clock(p: Point, clock: str | None) -> Point:
    if not clock or p.gran != "day":
        return p
    gran = "time" if ":" in clock else "part_of_day"
    return replace(p, gran=gran, clock=clock)


# "... compared with a loss of $3 million last year": in a report on a quarter, the same quarter.
_COMPARED = re.compile(r"\b(?:compared\s+with|compared\s+to|versus|from)\b[^.;]*$", re.IGNORECASE)
_NEAR_DAYS, _FAR_DAYS = 45, 240


def _candidates_years(p: Point, base: date) -> list[Point]:
    return [replace(p, year=base.year + k) for k in (-1, 0, 1)]


def _resolve_underspecified(spec: Spec, ctx: AnchorContext) -> Resolution:
    p = spec.point
    if ctx.narrative and _is_bc(ctx.prev) and not spec.notes.get("holiday"):
        point = replace(p, year=ctx.prev.year)  # "in August" after "480 BC": August 480 BC
        return Resolution(point.value(), point, "previous", spec.mod)
    if spec.notes.get("that_year"):
        # "August of that year": the year of the previous mention, whatever the document's date.
        if ctx.prev is None or ctx.prev.year is None:
            return Resolution(_unresolved_value(p), None, "none", spec.mod)
        try:
            point = replace(p, year=ctx.prev.year)
            point.date_range()
        except ValueError:
            return Resolution(_unresolved_value(p), None, "none", spec.mod)
        return Resolution(point.value(), point, "previous", spec.mod)
    base, how = _base(ctx, spec)
    if ctx.narrative and ctx.prev is not None and ctx.prev.year is not None:
        base, how = ctx.prev_day or ctx.prev.start_day(), "previous"
    elif ctx.narrative and ctx.prev is not None:
        base, how = None, "none"
    if base is None:
        return Resolution(_unresolved_value(p), None, "none", spec.mod)
    tense = tense_at(ctx.text, spec.start, spec.end)
    rel = spec.rel
    cands = []
    if spec.notes.get("holiday") and p.year is not None:
        p = replace(p, year=None)
    for c in _candidates_years(p, base):
        if spec.notes.get("holiday"):
            day = floating_holiday(spec.notes["holiday"], c.year)
            c = replace(c, month=day.month, day=day.day)
        try:
            cands.append((c, *c.date_range()))
        except ValueError:
            continue  # 29 February in a common year
    if not cands:
        return Resolution(_unresolved_value(p), None, "none", spec.mod)
    chosen = None
    if "year_shift" in spec.notes:
        # "June last year": the named month of the anchor's year shifted as the phrase says.
        chosen = next((c for c in cands if c[0].year == base.year + spec.notes["year_shift"]), None)
    elif rel in ("last", "past", "this past", "previous"):
        # The latest occurrence that ended before the anchor's own period began.
        own_start = _own_period_start(p, base)
        prior = [c for c in cands if c[2] < own_start]
        chosen = max(prior, key=lambda c: c[1]) if prior else None
    elif rel in ("next", "coming", "following"):
        later = [c for c in cands if c[1] > base]
        chosen = min(later, key=lambda c: c[1]) if later else None
    elif rel == "this":
        # "this September", "this summer": the anchor's own year.
        chosen = next((c for c in cands if c[0].year == base.year), None)
    elif how == "previous":
        chosen = next(c for c in cands if c[0].year == base.year) if any(c[0].year == base.year for c in cands) else cands[0]
        if p.gran == "season" and p.season == "WI" and base.month <= 2 and ctx.prev_day is not None:
            chosen = next((c for c in cands if c[0].year == base.year - 1), chosen)
    elif p.gran in ("quarter", "half"):
        # A quarter named without a year is the latest one under way or reported.
        started = [c for c in cands if c[1] <= base]
        chosen = max(started, key=lambda c: c[1]) if started else None
    elif tense == "future":
        later = [c for c in cands if c[2] >= base]
        chosen = min(later, key=lambda c: c[1]) if later else None
    elif tense == "past":
        earlier = [c for c in cands if c[1] <= base]
        chosen = max(earlier, key=lambda c: c[1]) if earlier else None
    # No tense (or the present): the occurrence nearest the anchor, below.
    if chosen is None:
        # No tense (or only the present): the occurrence nearest the anchor, measured to its nearer
        # end ("the January figures" in September: the coming January; "the October slaying" in
        # April: the October just past). HeidelTime takes the document's own year here, which puts
        # "the October slaying" written in April half a year into the future.
        chosen = min(cands, key=lambda c: -1 if c[1] <= base <= c[2] else (
            (c[1] - base).days if c[1] > base else (base - c[2]).days))
    if p.gran == "day" and not rel and how == "document":
        # A day named without its year is almost always close to the time of writing: one within
        # _NEAR_DAYS of the document date beats a tense reading that puts it most of a year away
        # ("the Jan. 14 deadline" a week before it, "signed on Feb. 23" two weeks after it).
        near = [c for c in cands if abs((c[1] - base).days) <= _NEAR_DAYS]
        if near and abs((chosen[1] - base).days) > _FAR_DAYS and not (
                tense == "future" and _WILL.search(ctx.text, max(0, spec.start - 60), spec.start)):
            chosen = near[0]
    point = _with_clock(chosen[0], spec.clock)
    if spec.notes.get("year_back"):
        point = replace(point, year=point.year - spec.notes["year_back"])
    return Resolution(point.value(), point, how, spec.mod)


def floating_holiday(name: str, year: int) -> date:
    """The date of a holiday fixed by weekday: Thanksgiving is the 4th Thursday of November."""
    month, weekday, nth = FLOATING_HOLIDAYS[name]
    if nth == "election":  # the Tuesday after the first Monday of November
        first = date(year, 11, 1)
        monday = first + timedelta(days=(1 - first.isoweekday()) % 7)
        return monday + timedelta(days=1)
    if nth == -1:
        last = date(year, month + 1, 1) - timedelta(days=1)
        return last - timedelta(days=(last.isoweekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))


def _own_period_start(p: Point, base: date) -> date:
    if p.gran == "season":
        return season_of(base).date_range()[0]
    if p.gran == "month":
        return date(base.year, base.month, 1)
    return base


def _unresolved_value(p: Point) -> str:
    if p.gran in ("day", "time", "part_of_day") and p.month and p.day:
        v = f"XXXX-{p.month:02d}-{p.day:02d}"
        return v + (f"T{p.clock}" if p.clock else "")
    if p.gran == "month" and p.month:
        return f"XXXX-{p.month:02d}"
    if p.gran == "season":
        return f"XXXX-{p.season}"
    if p.gran == "quarter":
        return f"XXXX-Q{p.quarter}"
    if p.gran == "half":
        return f"XXXX-H{p.half}"
    return "XXXX"


_AHEAD_OF = re.compile(r"\b(?:ahead\s+of|before|until|till|upcoming|for)\s+(?:the\s+)?$", re.IGNORECASE)


def _possessive_weekday_past(text: str, start: int, end: int) -> bool:
    """ "Wednesday's ruling", "Friday's close": a possessive weekday names an event already reported, so
    the latest such day, unless the clause says "will" or the phrase looks ahead ("ahead of Friday's vote").
    TimeBank dates every possessive weekday on or before the document's date."""
    surface = text[start:end]
    if not (surface.endswith(("'s", "’s")) or text[end:end + 2] in ("'s", "’s")):
        return False
    left = text[max(0, start - 60):start]
    cut = max((mm.end() for mm in _CLAUSE_END.finditer(left)), default=0)
    left = left[cut:]
    return not (_WILL.search(left) or _AHEAD_OF.search(left))


def _resolve_weekday(spec: Spec, ctx: AnchorContext) -> Resolution:
    base, how = _base(ctx, spec)
    if base is None:
        v = f"XXXX-WXX-{spec.weekday}" + (f"T{spec.clock}" if spec.clock else "")
        return Resolution(v, None, "none", spec.mod)
    rel = spec.rel
    wd = spec.weekday
    delta_back = (base.isoweekday() - wd) % 7  # days back to the latest such weekday, same day included
    delta_fwd = (wd - base.isoweekday()) % 7
    if rel in ("last", "past", "previous"):
        d = base - timedelta(days=delta_back or 7)
    elif rel in ("next", "coming", "following"):
        d = base + timedelta(days=delta_fwd or 7)
    elif rel == "this":
        d = base + timedelta(days=wd - base.isoweekday())
    else:
        tense = tense_at(ctx.text, spec.start, spec.end)
        if tense == "future" and _possessive_weekday_past(ctx.text, spec.start, spec.end):
            tense = "past"
        if tense == "future":
            d = base + timedelta(days=delta_fwd)
        else:
            d = base - timedelta(days=delta_back)
    p = _with_clock(Point("day", d.year, d.month, d.day), spec.clock)
    return Resolution(p.value(), p, how, spec.mod)


def _resolve_shift(spec: Spec, ctx: AnchorContext, relative_to_previous: bool) -> Resolution:
    unit, n = spec.unit, spec.n
    if (relative_to_previous or ctx.narrative) and _is_bc(ctx.prev):
        if unit != "year":
            return Resolution(_UNRESOLVED.get(unit, "XXXX"), None, "none", spec.mod)
        y = ctx.prev.year + n
        if y >= 0:
            y += 1  # there is no year 0: 1 BC is followed by AD 1
        p = Point("year", y)
        return Resolution(p.value(), p, "previous", spec.mod)
    how = "document"
    base = None
    if relative_to_previous or ctx.narrative:
        if unit == "day" and ctx.prev_day is not None:
            base, how = ctx.prev_day, "previous"
        elif unit != "day" and ctx.prev is not None and ctx.prev.year is not None:
            base, how = ctx.prev.start_day(), "previous"
            if ctx.prev.gran in ("day", "time", "part_of_day"):
                base = ctx.prev_day or base
    if base is None and ctx.anchor is not None and not (ctx.narrative and relative_to_previous and ctx.prev is not None):
        base, how = ctx.anchor, "document"
    if base is None:
        value = _UNRESOLVED.get(unit, "XXXX")
        if spec.clock:
            value = value + f"T{spec.clock}"
        return Resolution(value, None, "none", spec.mod)
    # "a year earlier" in a report about quarters means the same quarter a year before.
    if (unit == "year" and n in (-1, 1) and ctx.last_quarter is not None and ctx.prev is ctx.last_quarter
            and (spec.family in ("ago", "year_ago_adj") or _COMPARED.search(ctx.text, max(0, spec.start - 60),
                                                                              spec.start))):
        q = ctx.last_quarter
        p = replace(q, year=q.year + n)
        return Resolution(p.value(), p, "previous", spec.mod)
    if unit == "weekend" and n == 0:
        # "the weekend" told in the past is the one before the anchor, unless the anchor is in it.
        tense = tense_at(ctx.text, spec.start, spec.end)
        if tense != "future" and base.isoweekday() < 6:
            n = -1
    p = shift(base, unit, n)
    if p is None:
        return Resolution(_UNRESOLVED.get(unit, "XXXX"), None, "none", spec.mod)
    p = _with_clock(p, spec.clock)
    return Resolution(p.value(), p, how, spec.mod)


def _resolve_quarter_ref(spec: Spec, ctx: AnchorContext) -> Resolution:
    rel = spec.rel
    base = ctx.anchor if not ctx.narrative else (ctx.prev_day or (ctx.prev.start_day() if ctx.prev and ctx.prev.year else None))
    if rel in ("the", "latest", "same", "recent", "this", "current") and ctx.last_quarter is not None:
        p = ctx.last_quarter
        return Resolution(p.value(), p, "previous", spec.mod)
    if rel in ("year-ago", "year-earlier", "comparable", "prior-year", "year-before"):
        if ctx.last_quarter is not None:
            p = replace(ctx.last_quarter, year=ctx.last_quarter.year - 1)
            return Resolution(p.value(), p, "previous", spec.mod)
        if base is None:
            return Resolution("XXXX-QX", None, "none", spec.mod)
        p = shift(base, "quarter", -5)
        return Resolution(p.value(), p, "document", spec.mod)
    if base is None:
        return Resolution("XXXX-QX", None, "none", spec.mod)
    n = {"this": 0, "current": 0, "next": 1}.get(rel, -1)
    p = shift(base, "quarter", n)
    return Resolution(p.value(), p, "document", spec.mod)


def _resolve_year_quarter(spec: Spec, ctx: AnchorContext) -> Resolution:
    """'the 1988 third quarter', "this year's first half", 'the 1989 period' (the quarter in focus)."""
    if "year" in spec.notes:
        year, how = spec.notes["year"], "explicit"
    elif ctx.anchor is not None:
        year, how = ctx.anchor.year + spec.notes["shift"], "document"
    else:
        return Resolution("XXXX-QX", None, "none", spec.mod)
    p = spec.point
    if p.quarter is None and p.half is None:
        if ctx.last_quarter is None:
            p = Point("year", year)
        else:
            p = replace(ctx.last_quarter, year=year)
        return Resolution(p.value(), p, "previous" if how == "explicit" else how, spec.mod)
    p = replace(p, year=year)
    return Resolution(p.value(), p, how, spec.mod)


def _resolve_clock(spec: Spec, ctx: AnchorContext) -> Resolution:
    if ctx.prev_day is not None:
        d, how = ctx.prev_day, "previous"
    elif ctx.anchor is not None and not ctx.narrative:
        d, how = ctx.anchor, "document"
    else:
        return Resolution(f"XXXX-XX-XXT{spec.clock}", None, "none", spec.mod)
    p = Point("time", d.year, d.month, d.day, clock=spec.clock)
    return Resolution(p.value(), p, how, spec.mod)

