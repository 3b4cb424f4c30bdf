"""Audit the gold TIMEX3 values of a TimeML corpus for annotations that contradict themselves.

    .venv/bin/python benchmarks/gold_audit.py [--corpus DIR] [--write BENCHMARKS.md]

A gold value is flagged only when it contradicts the annotated text itself, by checks a third party can
repeat without judging what the author meant: (1) the text names a weekday and the value is a date that
falls on another weekday; (2) the text holds one explicit year and a DATE/TIME value has another year;
(3) the text names one month (and day) and the value's month (or day) differs; (4) the value is not
well-formed TIMEX3 (or not a calendar date). Texts that name ranges, two different weekdays/years/dates,
fiscal years, seasons, quarters, or relate the date to another ("the day after", "a year before") are
skipped: their value may legitimately differ from the word in the text.

A fifth, informative table shows how consistently the gold resolves common deictic expressions ("last
week", "a year ago", "today") relative to the DCT: no deterministic rule can agree with every convention.

Finally it scores Datewire's tagger as `pipeline.evaluate` does (the official value F1), counts our
wrong values whose gold was flagged, and recomputes value F1 without the flagged gold timexes (and the
system mentions matched to them) as a supplementary figure, which is not an official one.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # run as a plain script from anywhere
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks.markdown_sections import emit
from pipeline.evaluate import (
    GoldTimex,
    SpanCounts,
    TimemlDocument,
    datewire_tagger,
    evaluate_tagger,
    load_corpus,
    match_relaxed,
    score_document,
)

__all__ = [
    "DEICTIC", "RULES", "Audit", "Finding", "audit", "check_malformed", "check_month_day", "check_weekday",
    "check_year", "convention_label", "main", "render", "valid_timex3_value",
]  # fmt: skip

DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus" / "timebank-aquaint"
COMMAND = ".venv/bin/python benchmarks/gold_audit.py --write BENCHMARKS.md"


@dataclass(frozen=True)
class Finding:
    doc_id: str
    tid: str
    text: str
    value: str
    reason: str
    check: str = ""
    type: str = ""


# ------------------------------------------------------------------------------------------ checks 1-4

WEEKDAY_RE = re.compile(
    r"\b(?:(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|(mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.)",
    re.IGNORECASE,
)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH = (
    r"(january|february|march|april|may|june|july|august|september|october|november|december"
    r"|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?)(?![\w])"
)
MONTH_RE = re.compile(r"\b" + MONTH, re.IGNORECASE)
DAY = r"(\d{1,2})(?:st|nd|rd|th)?(?![\d:.,]\d|\w)"
MONTH_DAY_RE = re.compile(r"\b" + MONTH + r"\s+" + DAY, re.IGNORECASE)
DAY_MONTH_RE = re.compile(r"(?<![\d.,])\b" + DAY + r"\s+(?:of\s+)?" + MONTH, re.IGNORECASE)
YEAR_RE = re.compile(r"(?<![\d.,$])\b(1\d{3}|20\d{2})\b(?![.,:]?\d)")
# A second year written as two digits ("1987-88", "1997/98") makes the text a range.
SHORT_RANGE_RE = re.compile(r"\b(?:1\d{3}|20\d{2})\s*[-–/]\s*\d{2}\b")
# Words that make a value legitimately differ from the date named in the text.
RELATIONAL_RE = re.compile(
    r"\b(?:after|before|following|preceding|prior|since|earlier|later|ago|from|eve|through|thru|until|till"
    r"|to|between|and|or|fiscal|quarter|season|half|winter|spring|summer|fall|autumn)\b"
    r"|[–—]|\d\s*-\s*\d",
    re.IGNORECASE,
)
FULL_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
MONTH_VALUE_RE = re.compile(r"^(?:\d{4}|XXXX)-(\d{2})(?:-(\d{2}))?(?![\dW])")
# No time-of-day or clock reading: "1500 GMT" is a time, not a year.
CLOCK_RE = re.compile(r"\b\d{4}\s*(?:GMT|UTC|[ECMP][SD]T|hours|hrs|local)\b", re.IGNORECASE)


def _full_date(value: str) -> date | None:
    m = FULL_DATE_RE.match(value)
    try:
        return date(int(m[1]), int(m[2]), int(m[3])) if m else None
    except ValueError:
        return None


def _month_number(name: str) -> int:
    return MONTHS.index(name.lower()[:3]) + 1


def _weekday_rule(t: GoldTimex) -> str | None:
    days = {(m[1] or m[2]).lower()[:3] for m in WEEKDAY_RE.finditer(t.text)}
    when, iso = _full_date(t.value), re.search(r"W(?:\d{2}|XX)-([1-7])(?!\d)", t.value)
    if len(days) != 1 or not (when or iso) or RELATIONAL_RE.search(t.text):
        return None
    named = [n.lower()[:3] for n in WEEKDAY_NAMES].index(days.pop())
    actual = when.weekday() if when else int(iso[1]) - 1 if iso else named
    shown = when.isoformat() if when else t.value
    return "" if actual == named else f"text says {WEEKDAY_NAMES[named]}, {shown} is a {WEEKDAY_NAMES[actual]}"


def _year_rule(t: GoldTimex) -> str | None:
    years = set(YEAR_RE.findall(t.text))
    if t.type not in ("DATE", "TIME") or len(years) != 1 or not t.value[:4].isdigit():
        return None
    if SHORT_RANGE_RE.search(t.text) or CLOCK_RE.search(t.text) or RELATIONAL_RE.search(t.text):
        return None
    year = years.pop()
    return "" if t.value[:4] == year else f"text says {year}, value year is {t.value[:4]}"


def _month_day_rule(t: GoldTimex) -> str | None:
    months = {_month_number(m) for m in MONTH_RE.findall(t.text)}
    m = MONTH_VALUE_RE.match(t.value)
    if len(months) != 1 or not m or RELATIONAL_RE.search(t.text):
        return None
    month = months.pop()
    pairs = {(_month_number(mo), int(d)) for mo, d in MONTH_DAY_RE.findall(t.text)}
    pairs |= {(_month_number(mo), int(d)) for d, mo in DAY_MONTH_RE.findall(t.text)}
    days = {d for _, d in pairs if 1 <= d <= 31}
    if int(m[1]) != month:
        return f"text names month {month:02d}, value month is {m[1]}"
    if len(days) == 1 and m[2] and int(m[2]) != (day := days.pop()):
        return f"text names day {day:02d}, value day is {m[2]}"
    return ""


def _findings(doc: TimemlDocument, check: str) -> list[Finding]:
    rule = RULES[check]
    return [Finding(doc.doc_id, t.tid, t.text, t.value, r, check, t.type) for t in doc.timexes if (r := rule(t))]


def check_weekday(doc: TimemlDocument) -> list[Finding]:
    """The text names one weekday and the value is a date (or ISO weekday) falling on another one."""
    return _findings(doc, "weekday")


def check_year(doc: TimemlDocument) -> list[Finding]:
    """The text holds one explicit year and a DATE/TIME value has a different year."""
    return _findings(doc, "year")


def check_month_day(doc: TimemlDocument) -> list[Finding]:
    """The text names one month (and day) and the value's month (or day) differs."""
    return _findings(doc, "month/day")


_N = r"(?:\d+(?:\.\d+)?|X+)"
_D = r"[\dX]"
_TIME = r"T(?:MO|MI|AF|EV|NI|DT|\d{2}(?::?\d{2}(?::?\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)"
_DATE = (
    rf"(?:BC)?(?:{_D}{{4}}(?:-(?:{_D}{{2}}(?:-{_D}{{2}})?|W(?:\d{{2}}|XX)(?:-(?:WE|[1-7X]))?|Q[1-4X]|H[12X]"
    rf"|SP|SU|FA|WI))?|{_D}{{2,3}})"
)
_DURATION = rf"P(?:(?:{_N}(?:Y|M|W|D|Q|DE|CE|ML|L|E|C|WE|H))+(?:T(?:{_N}[HMS])+)?|T(?:{_N}[HMS])+)"
TIMEX3_VALUE_RE = re.compile(rf"{_DATE}(?:{_TIME})?|{_TIME}|{_DURATION}|(?:PRESENT|PAST|FUTURE)_REF")


def valid_timex3_value(value: str) -> bool:
    """Whether a value fits a lenient TIMEX3 value grammar (and any full date in it is a calendar date)."""
    if not TIMEX3_VALUE_RE.fullmatch(value):
        return False
    return not FULL_DATE_RE.match(value) or _full_date(value) is not None


def _malformed_rule(t: GoldTimex) -> str | None:
    if valid_timex3_value(t.value):
        return ""
    if not t.value:
        return "empty value"
    kind = "a calendar date" if TIMEX3_VALUE_RE.fullmatch(t.value) else "a TIMEX3 value"
    return f"not {kind}: {t.value!r}"


def check_malformed(doc: TimemlDocument) -> list[Finding]:
    """The value is empty, does not fit the TIMEX3 value grammar, or names a day no calendar has."""
    return _findings(doc, "malformed")


# Each rule maps a gold timex to None (the check does not apply), "" (consistent) or the contradiction.
RULES: dict[str, Callable[[GoldTimex], str | None]] = {
    "weekday": _weekday_rule,
    "year": _year_rule,
    "month/day": _month_day_rule,
    "malformed": _malformed_rule,
}

# ------------------------------------------------------------------------------ check 5: conventions

DEICTIC = {
    **dict.fromkeys(("last week", "this week", "next week"), "week"),
    **dict.fromkeys(("a year ago", "a year earlier", "year-ago", "year-earlier", "last year", "this year"), "year"),
    **dict.fromkeys(("this month", "last month"), "month"),
    **dict.fromkeys(("today", "yesterday", "tomorrow"), "day"),
}


def _offset(name: str, k: int) -> str:
    return f"DCT {name}" + ("" if k == 0 else f"{'+' if k > 0 else '−'}{abs(k)}")


def convention_label(kind: str, value: str, dct: date | None) -> str:
    """How a value relates to the DCT, for an expression of `kind` ('week', 'year', 'month' or 'day')."""
    if value in ("PRESENT_REF", "PAST_REF", "FUTURE_REF") or re.fullmatch(r"P\d+[YMWD]", value):
        return value
    if dct is None:
        return "other (no DCT)"
    day = _full_date(value)
    if kind == "week":
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
            try:
                monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            except ValueError:
                return "other"
            return _offset("week", (monday - date.fromisocalendar(*dct.isocalendar()[:2], 1)).days // 7)
        if "WXX" in value:
            return "WXX"
        return "day" if day else "month" if re.fullmatch(r"\d{4}-\d{2}", value) else "other"
    if kind == "day":
        return _offset("day", (day - dct).days) if day else "other"
    if kind == "month" and (m := re.fullmatch(r"(\d{4})-(\d{2})", value)):
        return _offset("month", (int(m[1]) - dct.year) * 12 + int(m[2]) - dct.month)
    if kind == "year" and (m := re.match(r"(\d{4})(?:-(Q|H|\d{2}-\d{2}|\d{2}|W))?", value)):
        finer = {"Q": "quarter", "H": "half", "W": "week"}.get(m[2] or "", "")
        finer = finer or ("" if not m[2] else "day" if len(m[2]) > 2 else "month")
        if m.end() == len(value) or m[2] in ("Q", "H", "W") or day:
            return _offset("year", int(m[1]) - dct.year) + (f" + {finer}" if finer else "")
    return "other"


def conventions(documents: Sequence[TimemlDocument]) -> dict[str, Counter[str]]:
    table: dict[str, Counter[str]] = {expr: Counter() for expr in DEICTIC}
    for doc in documents:
        for t in doc.timexes:
            expr = re.sub(r"^the\s+", "", " ".join(t.text.lower().split()))
            if expr in DEICTIC:
                table[expr][convention_label(DEICTIC[expr], t.value, doc.dct)] += 1
    return {expr: counts for expr, counts in table.items() if counts}


# ------------------------------------------------------------------------------ effect on our score


@dataclass
class Audit:
    corpus: str
    n_documents: int
    n_gold: int
    findings: list[Finding]
    ours: dict[tuple[str, str], str | None]  # (doc_id, tid) of flagged gold -> our value (None: missed)
    official: SpanCounts
    without_flagged: SpanCounts
    wrong_values: int
    examined: Counter[str]  # per check, the gold timexes it applies to
    conventions: dict[str, Counter[str]] = field(default_factory=dict)


def audit(directory: Path) -> Audit:
    corpus = load_corpus(directory)
    findings = [f for doc in corpus.documents for check in RULES for f in _findings(doc, check)]
    examined = Counter(c for d in corpus.documents for t in d.timexes for c, r in RULES.items() if r(t) is not None)
    flagged = {(f.doc_id, f.tid) for f in findings}
    official, removed = SpanCounts(), SpanCounts()
    ours: dict[tuple[str, str], str | None] = {}
    for doc in corpus.documents:
        system = datewire_tagger(doc.text, doc.dct)  # as evaluate_tagger does on TimeBank/AQUAINT
        official.add(score_document(doc, system).counts)
        pairs = dict(match_relaxed(doc.timexes, system))
        for i, g in enumerate(doc.timexes):
            if (doc.doc_id, g.tid) in flagged:
                ours[(doc.doc_id, g.tid)] = system[pairs[i]].value if i in pairs else None
                removed.add(SpanCounts(gold=1, system=int(i in pairs), relaxed=int(i in pairs)))
                removed.value_correct += i in pairs and system[pairs[i]].value.strip() == g.value.strip()
    reference = evaluate_tagger(corpus, datewire_tagger, tagger_name="datewire").counts
    assert asdict(reference) == asdict(official), "the audit's scoring differs from pipeline.evaluate"
    kept = SpanCounts(**{k: getattr(official, k) - getattr(removed, k) for k in ("gold", "system", "relaxed")})
    kept.value_correct = official.value_correct - removed.value_correct
    wrong = removed.relaxed - removed.value_correct
    n_gold = sum(len(d.timexes) for d in corpus.documents)
    return Audit(str(directory), len(corpus.documents), n_gold, findings, ours, official, kept, wrong, examined,
                 conventions(corpus.documents))  # fmt: skip


# ------------------------------------------------------------------------------------------- report


def _cell(text: str | None) -> str:
    return " ".join((text or "").split()).replace("|", "\\|")


def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def _passes(f: Finding, our: str) -> bool:
    """Whether our value passes the check that flagged this gold timex (same text, our value)."""
    return RULES[f.check](GoldTimex(0, 0, f.text, f.type, our)) == ""


def render(a: Audit) -> str:
    counts = Counter(f.check for f in a.findings)
    flagged = {(f.doc_id, f.tid) for f in a.findings}
    out = [
        "## Gold audit: self-contradictory TIMEX3 values",
        "",
        f"Which gold values in {Path(a.corpus).name} ({a.n_documents} documents, {a.n_gold} gold timexes) "
        "contradict their own text or the TIMEX3 value grammar, and what that does to our value F1. "
        f"Reproduce: `{COMMAND}`. The checks are described in the script's docstring.",
        "",
        "| check | gold timexes it applies to | flagged as contradictory |",
        "|---|--:|--:|",
        *(f"| {name} | {a.examined[name]} | {counts[name]} |" for name in RULES),
        f"| **any of them (distinct timexes)** | | **{len(flagged)}** |",
        "",
    ]
    malformed = sorted({f.value for f in a.findings if f.check == "malformed"})
    if malformed:
        out += ["Distinct malformed values: " + ", ".join(f"`{v}`" if v else "(empty)" for v in malformed), ""]
    out += [
        "### Conventions for deictic expressions (informative)",
        "",
        "How the gold resolves each expression relative to the DCT. The share of the most common label is the "
        "most any one deterministic rule can agree with the gold on that expression.",
        "",
        "| expression | n | labels | most common |",
        "|---|--:|---|--:|",
    ]
    best = total = 0
    for expr, labels in sorted(a.conventions.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])):
        n = sum(labels.values())
        top = labels.most_common(1)[0][1]
        best, total = best + top, total + n
        shown = ", ".join(f"{label}: {k}" for label, k in labels.most_common())
        out.append(f"| {expr} | {n} | {_cell(shown)} | {_pct(top / n)}% |")
    if total:
        out += ["", f"One rule per expression can agree with at most {best} of these {total} gold values."]
    c, k = a.official, a.without_flagged
    passing = sum(
        1 for f in a.findings if (our := a.ours.get((f.doc_id, f.tid))) and our != f.value and _passes(f, our)
    )
    out += [
        "",
        "### Effect on our score",
        "",
        f"Official value F1 of Datewire's tagger (TempEval-3 Task A, relaxed match, reproduced with "
        f"`pipeline.evaluate`): **{_pct(c.value_f1)}** ({c.value_correct} values right; {c.gold} gold, "
        f"{c.system} system mentions, {c.relaxed} relaxed matches).",
        "",
        f"Of our {c.relaxed - c.value_correct} wrong values, {a.wrong_values} are on gold timexes flagged above; "
        f"on {passing} of those our value passes the check that flagged the gold (✓ below).",
        "",
        f"Supplementary, **not an official figure**: value F1 with the {len(flagged)} flagged gold timexes and "
        f"the system mentions matched to them removed from both sides: {_pct(k.value_f1)} ({k.value_correct} "
        f"values right; {k.gold} gold, {k.system} system mentions, {k.relaxed} relaxed matches).",
        "",
        "<details><summary>Every flagged gold timex</summary>",
        "",
        "✓: our value passes the check that flagged the gold (for `malformed`: it is well-formed).",
        "",
        "| doc | tid | text | gold value | check: reason | our value |",
        "|---|---|---|---|---|---|",
    ]
    for f in sorted(a.findings, key=lambda f: (f.check, f.doc_id, f.tid)):
        our = a.ours.get((f.doc_id, f.tid))
        shown = "—" if our is None else f"`{_cell(our)}`" + (" ✓" if _passes(f, our) else "")
        out.append(
            f"| {_cell(f.doc_id)} | {f.tid} | {_cell(f.text)} | `{_cell(f.value)}` | {f.check}: {_cell(f.reason)} "
            f"| {shown} |"
        )
    out += ["", "</details>", ""]
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, metavar="DIR", help="TimeML corpus")
    parser.add_argument("--write", type=Path, metavar="FILE", help="update the gold-audit section of FILE")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"error: no corpus at {args.corpus}; pass --corpus DIR", file=sys.stderr)
        return 1
    emit(render(audit(args.corpus)), "gold-audit", args.write)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
