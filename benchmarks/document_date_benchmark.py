"""Document dates inferred from the text alone: ESC news articles and the five seeds.

    .venv/bin/python benchmarks/document_date_benchmark.py [--write BENCHMARKS.md]

ESC (`../shared/corpus/esc`, ECB+ token XML) marks the article's own date with a TIME_DATE or
TIME_OF_THE_DAY flagged `DCT="TRUE"`. Each such article's text is rebuilt from its tokens (one line
per ECB+ sentence; sentence 0, the source URL, stays the first line) and goes through the pipeline's
reading path for a `.txt` file (`pipeline.inputs.read_input`: body/furniture split, then
`pipeline.extract.extract_document`) with no date given. The seeds go the same way, their true dates
being those checked in tests/temporal/test_temporal_seeds.py.

Reported per corpus: how many documents get an inferred date, how many of those are exact, and the
coverage among documents whose text or URL states their date. Baseline, in the same run: the first
explicit full date (a day-granular TIMEX3 value read without any anchor) in the document.

Gold: the DCT value's calendar day. When the value carries a clock time the annotators often turned
it into UTC ("August 8, 2012 - 4:43 pm" is 2012-08-09T01:43Z), so the adjacent day a time zone of up
to 14 hours gives is exact too. "States its date": the DCT's own tokens read (by dateparser, a
reader independent of ours) as a full date that is exact in that sense, or the URL holds the gold day
(/2013/05/03/, /2013/may/03/, 2013-05-03, 20130503). Gold values that contradict their own tokens are
listed, and counted as they are.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks.markdown_sections import emit

__all__ = ["EscArticle", "main", "read_esc", "rebuild_text"]

DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus"
SEED_DATES = {"000": date(2024, 4, 11), "001": date(2022, 3, 17), "002": date(2024, 7, 13),
              "003": date(2022, 4, 1), "004": date(2022, 2, 24)}

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass
class EscArticle:
    name: str
    text: str
    url: str
    gold_value: str
    accepted: set[date]  # the gold day, and the adjacent day a time zone could make it
    dct_tokens: str  # the DCT's own tokens, joined
    states_in_text: bool = False
    states_in_url: bool = False
    contradicts: str | None = None


# --- rebuilding the text --------------------------------------------------------------------------
_NO_SPACE_BEFORE = {",", ".", ":", ";", "!", "?", ")", "]", "}", "%", "'s", "’s", "n't", "'", "’", "''"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "#", "``", "“"}


def rebuild_text(sentences: list[list[str]]) -> str:
    """ECB+ tokens back into text: sentence 0 (the URL) joined tightly, each sentence on its own line,
    no space before closing punctuation, digits joined across ':' '/' '.' ("9 : 56" -> "9:56")."""
    lines = []
    for number, tokens in enumerate(sentences):
        if number == 0:
            lines.append("".join(tokens))
            continue
        out = ""
        for i, tok in enumerate(tokens):
            prev = tokens[i - 1] if i else ""
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            glue = (not out or tok in _NO_SPACE_BEFORE or prev in _NO_SPACE_AFTER
                    or (prev in (":", "/", ".") and prev_joined_digits(tokens, i))
                    or (tok in (":", "/") and prev.isdigit() and nxt[:1].isdigit())
                    or (tok == "-" and prev[-1:].isalpha() and nxt[:1].isalpha())
                    or (prev == "-" and i >= 2 and tokens[i - 2][-1:].isalpha() and tok[:1].isalpha()))
            out += tok if glue else " " + tok
        lines.append(out)
    return "\n".join(lines) + "\n"


def prev_joined_digits(tokens: list[str], i: int) -> bool:
    """Token i follows a ':' or '/' (or '.') that sits between two numbers."""
    return i >= 2 and tokens[i - 2][-1:].isdigit() and tokens[i][:1].isdigit() and tokens[i - 1] in (":", "/", ".")


def _gold_day(value: str) -> tuple[date, bool] | None:
    m = re.search(r"(\d{4})[-:](\d{1,2})[-:](\d{1,2})(T\d)?", value or "")
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))), m.group(4) is not None
    except ValueError:
        return None


def _accepted(value: str) -> set[date] | None:
    read = _gold_day(value)
    if read is None:
        return None
    day, timed = read
    if not timed:
        return {day}
    hour = int(re.search(r"T(\d{1,2})", value).group(1))
    out = {day}
    if hour < 14:
        out.add(day - timedelta(days=1))
    if hour >= 10:
        out.add(day + timedelta(days=1))
    return out


def _url_states(url: str, days: set[date]) -> bool:
    low = url.lower()
    for d in days:
        forms = (f"{d.year}/{d.month:02d}/{d.day:02d}", f"{d.year}/{d.month}/{d.day}/",
                 f"{d.year}/{_MONTHS[d.month - 1]}/{d.day:02d}", f"{d.year}-{d.month:02d}-{d.day:02d}",
                 f"{d.year}{d.month:02d}{d.day:02d}")
        if any(f in low for f in forms):
            return True
    return False


def _tokens_read(dct_tokens: str) -> set[date]:
    """The DCT's own tokens read by dateparser, only when they name a day, a month and a year; a
    numeric date is read in both day-month orders."""
    import dateparser

    cleaned = re.sub(r"\s*([:/.])\s*(?=\d)", r"\1", dct_tokens).replace(" ,", ",")
    cleaned = re.sub(r"\|.*", "", cleaned)
    # Clock times, time zones and brackets are not the date and trip the reader.
    cleaned = re.sub(r"\(.*?\)|\b\d{1,2}:\d\d(?::\d\d)?\s*(?:[ap]\s*\.?\s*m\b\.?)?|\b\d{4}\s+GMT\b"
                     r"|\b\d{1,2}(?:\.\d\d)?\s*[ap]\s*\.\s*m\b\s*\.?|\blast updated\b"
                     r"|\b(?:at|hrs|UK|GMT|UTC|[ECMP][SD]?T|IST|BST|CEST|AKDT|AEST|HKT|ET)\b|@|[+-]\d\d:?\d?\d?\b",
                     " ", cleaned, flags=re.IGNORECASE)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" ,-")
    if not cleaned:
        return set()
    readings = set()
    for order in ("MDY", "DMY"):
        try:
            read = dateparser.parse(cleaned, languages=["en"],
                                    settings={"REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": order})
        except Exception:  # dateparser raises assorted errors on odd input; the tokens then state nothing
            read = None
        if read is not None:
            readings.add(read.date())
    return readings


def read_esc(root: Path) -> list[EscArticle]:
    """The ESC articles whose DCT is a full date, in file order."""
    out = []
    for path in sorted(root.glob("*/*.xml")):
        tree = ET.parse(path).getroot()
        dct = [e for e in tree.iter() if e.get("DCT") == "TRUE" and e.tag in ("TIME_DATE", "TIME_OF_THE_DAY")]
        if not dct:
            continue
        tokens: dict[str, tuple[str, int]] = {}
        sentences: dict[int, list[str]] = {}
        for t in tree.iter("token"):
            s = int(t.get("sentence"))
            tokens[t.get("t_id")] = (t.text or "", s)
            sentences.setdefault(s, []).append(t.text or "")
        ordered = [sentences[k] for k in sorted(sentences)]
        text = rebuild_text(ordered)
        url = "".join(sentences.get(0, []))
        # One article may flag its date twice (date and time of day): the one anchored in the text wins.
        dct.sort(key=lambda e: (not list(e.iter("token_anchor")), e.tag != "TIME_DATE"))
        chosen = next((e for e in dct if _accepted(e.get("value", ""))), None)
        if chosen is None:
            continue
        value = chosen.get("value")
        anchored = " ".join(tokens[a.get("t_id")][0] for a in chosen.iter("token_anchor") if a.get("t_id") in tokens)
        article = EscArticle(path.name.split(".")[0], text, url, value, _accepted(value), anchored)
        readings = _tokens_read(anchored)
        if readings & article.accepted:
            article.states_in_text = True
        elif readings:
            article.contradicts = f"tokens '{anchored[:40]}' read {min(readings).isoformat()}"
        article.states_in_url = _url_states(url, article.accepted)
        out.append(article)
    return out


# --- running the pipeline's reading path -------------------------------------------------------------
@dataclass
class Outcome:
    inferred: date | None
    evidence: str | None
    first_full: date | None  # the baseline


def _run_reading_path(named_texts: Iterable[tuple[str, str]]) -> dict[str, Outcome]:
    from pipeline.extract import extract_document
    from pipeline.inputs import InputFile, read_input
    from pipeline.models import Document
    from pipeline.settings import Settings

    settings = Settings()
    out: dict[str, Outcome] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in named_texts:
            path = Path(tmp) / f"{name}.txt"
            path.write_text(text, encoding="utf-8")
            items = list(read_input(InputFile(str(path), path.stat().st_size), settings))
            document = next((i for i in items if isinstance(i, Document)), None)
            if document is None:
                out[name] = Outcome(None, f"not read: {items[0].reason if items else '?'}", None)
                continue
            extraction = extract_document(document, settings)
            row = extraction.document
            inferred = row["published_date"] if row["published_source"] == "inferred" else None
            out[name] = Outcome(inferred, row["published_evidence"], _first_full_date(extraction.mentions))
    return out


def _first_full_date(mentions: list[dict]) -> date | None:
    for m in sorted(mentions, key=lambda m: m["start"]):
        if m["anchor"] == "explicit" and re.fullmatch(r"\d{4}-\d\d-\d\d(T.*)?", m["timex_value"] or ""):
            try:
                return date.fromisoformat(m["timex_value"][:10])
            except ValueError:
                continue
    return None


# --- scoring -------------------------------------------------------------------------------------
@dataclass
class Score:
    documents: int = 0
    dated: int = 0
    exact: int = 0
    stated: int = 0
    stated_dated: int = 0
    wrong: list[str] = field(default_factory=list)

    def rate(self, a: int, b: int) -> str:
        return f"{a}/{b} = {a / b:.1%}" if b else "—"


def _score(items: list[tuple[str, set[date], bool]], outcomes: dict[str, Outcome],
           pick: Callable[[Outcome], date | None]) -> Score:
    score = Score()
    for name, accepted, stated in items:
        got = pick(outcomes[name])
        score.documents += 1
        score.stated += stated
        if got is None:
            continue
        score.dated += 1
        score.stated_dated += stated
        if got in accepted:
            score.exact += 1
        else:
            score.wrong.append(f"{name}: {got.isoformat()} for {min(accepted).isoformat()}")
    return score


def render(corpus: Path) -> str:
    esc_root, seeds_root = corpus / "esc", corpus / "seeds"
    sections = []
    started = time.monotonic()
    rows: list[tuple[str, Score, Score]] = []
    esc_articles = read_esc(esc_root) if esc_root.is_dir() else []
    esc_wrong: list[str] = []
    contradictions = [a for a in esc_articles if a.contradicts]
    if esc_articles:
        outcomes = _run_reading_path((a.name, a.text) for a in esc_articles)
        items = [(a.name, a.accepted, a.states_in_text or a.states_in_url) for a in esc_articles]
        ours, base = _score(items, outcomes, lambda o: o.inferred), _score(items, outcomes, lambda o: o.first_full)
        rows.append(("ESC (DCT flagged)", ours, base))
        esc_wrong = ours.wrong
        issue_subset = {a.name for a in esc_articles if a.gold_value and "T" not in a.gold_value}
        sub = [i for i in items if i[0] in issue_subset]
        rows.append(("ESC, day-only DCT (the issue's set)", _score(sub, outcomes, lambda o: o.inferred),
                     _score(sub, outcomes, lambda o: o.first_full)))
    seed_paths = sorted(seeds_root.glob("*.txt")) if seeds_root.is_dir() else []
    seed_wrong: list[str] = []
    if seed_paths:
        named = [(p.name[:3], p.read_text(encoding="utf-8")) for p in seed_paths if p.name[:3] in SEED_DATES]
        outcomes = _run_reading_path(named)
        items = [(name, {SEED_DATES[name]}, True) for name, _ in named]
        ours, base = _score(items, outcomes, lambda o: o.inferred), _score(items, outcomes, lambda o: o.first_full)
        rows.append(("seeds", ours, base))
        seed_wrong = ours.wrong
    seconds = time.monotonic() - started

    out = ["## Document dates inferred from the text", "",
           "Reproduce: `.venv/bin/python benchmarks/document_date_benchmark.py --write BENCHMARKS.md` "
           f"(this run: {seconds:.1f} s). Each article goes through the pipeline's reading path for a `.txt` "
           "file with no date given; ESC texts are rebuilt from their tokens, the source URL as first line. "
           "Baseline: the first explicit full date in the document. Exact: the gold day (or, for a gold "
           "value with a clock time, the adjacent day a time zone makes it). Targets: exact for ≥ 90% of "
           "the dated documents, a date for ≥ 80% of the documents whose text or URL states it.", "",
           "| corpus | documents | method | dated | exact among dated | dated among stating text/URL |",
           "|---|--:|---|--:|--:|--:|"]
    for label, ours, base in rows:
        for method, s in (("Datewire", ours), ("baseline: first full date", base)):
            out.append(f"| {label} | {s.documents} | {method} | {s.dated} | {s.rate(s.exact, s.dated)} "
                       f"| {s.rate(s.stated_dated, s.stated)} |")
    if rows:
        ours = rows[0][1]
        verdict_exact = ours.dated and ours.exact / ours.dated >= 0.9
        verdict_cov = ours.stated and ours.stated_dated / ours.stated >= 0.8
        out += ["", f"Targets on ESC: exact ≥ 90% {'met' if verdict_exact else 'NOT met'}; "
                    f"coverage ≥ 80% {'met' if verdict_cov else 'NOT met'}."]
    if esc_articles:
        stating = sum(a.states_in_text or a.states_in_url for a in esc_articles)
        out += ["", f"ESC: {len(esc_articles)} articles with a full-date DCT, {stating} state it "
                    f"({sum(a.states_in_text for a in esc_articles)} in the text, "
                    f"{sum(a.states_in_url for a in esc_articles)} in the URL)."]
    if esc_wrong or seed_wrong:
        out += ["", "Wrong dates (inferred for gold):", ""]
        out += [f"- {w}" for w in esc_wrong + seed_wrong]
    if contradictions:
        out += ["", f"Gold values that contradict their own tokens ({len(contradictions)}, scored as given):", ""]
        out += [f"- {a.name}: gold {a.gold_value}, {a.contradicts}" for a in contradictions]
    sections.append("\n".join(out))
    return "\n".join(sections) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder holding esc/ and seeds/")
    parser.add_argument("--write", type=Path, metavar="FILE", help="update the document-dates section of FILE")
    args = parser.parse_args(argv)
    if not (args.corpus / "esc").is_dir() and not (args.corpus / "seeds").is_dir():
        print(f"no esc/ or seeds/ under {args.corpus}", file=sys.stderr)
        return 1
    emit(render(args.corpus), "document-dates", args.write)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
