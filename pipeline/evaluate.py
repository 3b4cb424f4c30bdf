"""Evaluate a temporal tagger on TimeML corpora with the TempEval-3 Task A measures.

Reading: the text to tag is the content of `<TEXT>` with every tag stripped and XML entities decoded;
gold TIMEX3 spans are the character offsets of the tagged substrings in that text. The document
creation time (DCT) is the value of the TIMEX3 marked functionInDocument="CREATION_TIME" (in `<DCT>`).
Non-consuming TIMEX3 (empty text) are ignored: no tagger can find a span that is not in the text.

Scoring (TempEval-3 Task A, micro-averaged over all documents, on character spans):
  * strict match  = identical (start, end);
  * relaxed match = overlapping spans, paired one-to-one: identical spans first (so every strict match
    is also a relaxed match), then greedily by largest overlap;
  * precision = matches / system mentions, recall = matches / gold mentions, F1 their harmonic mean;
  * type and value accuracy are computed over the relaxed matches (as the official toolkit does), and
    value F1 = value accuracy x relaxed F1 (type F1 likewise).

Any tagger can be evaluated: it is a callable `(text, document_date) -> list[SystemTimex]`. Two are
provided: `datewire_tagger` (an adapter for `pipeline.temporal.tag`) and `search_dates_baseline`
(dateparser's `search_dates`, the baseline the tagger has to beat).

Command line: `python -m pipeline.evaluate DIR [DIR...]` (see `main`).
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path

__all__ = [
    "BASELINE_FALLBACK_BASE",
    "TIMEX_TYPES",
    "Corpus",
    "DocumentScore",
    "ErrorGroup",
    "EvaluationResult",
    "GoldTimex",
    "ParseFailure",
    "SpanCounts",
    "SystemTimex",
    "Tagger",
    "TimemlDocument",
    "TimexError",
    "build_parser",
    "corpus_notes",
    "datewire_tagger",
    "default_use_dct",
    "evaluate_tagger",
    "find_timeml_files",
    "format_errors",
    "format_per_type_table",
    "format_report",
    "format_scores_table",
    "load_corpus",
    "load_tagger",
    "main",
    "match_relaxed",
    "match_strict",
    "parse_timeml",
    "read_timeml",
    "result_to_dict",
    "score_document",
    "search_dates_baseline",
]

TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")


# --------------------------------------------------------------------------------------------------
# Data


@dataclass(frozen=True)
class GoldTimex:
    """A gold TIMEX3 from a TimeML file; [start, end) are offsets into the document's stripped text."""

    start: int
    end: int
    text: str
    type: str
    value: str
    tid: str = ""


@dataclass(frozen=True)
class SystemTimex:
    """What a tagger found: [start, end) are Python str offsets into the text it was given."""

    start: int
    end: int
    type: str
    value: str


@dataclass
class TimemlDocument:
    doc_id: str
    path: str
    text: str
    dct: date | None  # the document creation time as a date (None when absent or unreadable)
    dct_value: str | None  # the DCT's TIMEX3 value as written in the file
    timexes: list[GoldTimex]


@dataclass(frozen=True)
class ParseFailure:
    """A file that could not be read as TimeML, or a document the tagger raised on: reported, not fatal."""

    path: str
    reason: str


@dataclass
class Corpus:
    name: str  # the directory as given on the command line
    documents: list[TimemlDocument]
    failures: list[ParseFailure]

    @property
    def n_chars(self) -> int:
        return sum(len(d.text) for d in self.documents)


# A tagger takes the text and the date it should resolve relative expressions against (or None).
Tagger = Callable[[str, "date | None"], list[SystemTimex]]


# --------------------------------------------------------------------------------------------------
# Reading TimeML


def _local_name(tag: object) -> str:
    # Tolerate namespaced TimeML ("{ns}TIMEX3") as well as the usual plain tags.
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _flatten(element: ET.Element) -> tuple[str, list[tuple[ET.Element, int, int]]]:
    """The element's text with all tags stripped, and the [start, end) offsets of every TIMEX3 in it."""
    pieces: list[str] = []
    spans: list[tuple[ET.Element, int, int]] = []
    length = 0

    def walk(node: ET.Element) -> None:
        nonlocal length
        if node.text:
            pieces.append(node.text)
            length += len(node.text)
        for child in node:
            start = length
            walk(child)
            if _local_name(child.tag) == "TIMEX3":
                spans.append((child, start, length))
            if child.tail:
                pieces.append(child.tail)
                length += len(child.tail)

    walk(element)
    return "".join(pieces), spans


def _parse_dct_value(value: str | None) -> date | None:
    """A date from a DCT value such as '1998-01-08', '1998-01-08T14:30' or '19980108'."""
    if not value:
        return None
    value = value.strip()
    for pattern in (r"(\d{4})-(\d{2})-(\d{2})", r"(\d{4})(\d{2})(\d{2})"):
        m = re.match(pattern, value)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return None
    return None


def _find_dct(root: ET.Element) -> str | None:
    # The DCT is the TIMEX3 inside <DCT>; some conversions put the CREATION_TIME timex elsewhere.
    candidates = [el for el in root.iter() if _local_name(el.tag) == "TIMEX3"]
    for el in candidates:
        if el.get("functionInDocument") == "CREATION_TIME" and el.get("value"):
            return el.get("value")
    for dct in (el for el in root.iter() if _local_name(el.tag) == "DCT"):
        for el in dct.iter():
            if _local_name(el.tag) == "TIMEX3" and el.get("value"):
                return el.get("value")
        text = "".join(dct.itertext()).strip()
        if text:
            return text
    return None


def parse_timeml(xml_text: str | bytes, doc_id: str = "", path: str = "") -> TimemlDocument:
    """Parse one TimeML document. Raises ValueError when it is not well-formed or has no <TEXT>."""
    if isinstance(xml_text, str):
        # ET refuses str input that carries an encoding declaration; bytes always work.
        xml_text = xml_text.encode("utf-8")
    try:
        root = ET.fromstring(xml_text)
    except ET.ParseError as exc:
        raise ValueError(f"not well-formed XML: {exc}") from exc
    text_elements = [el for el in root.iter() if _local_name(el.tag) == "TEXT"]
    if not text_elements:
        raise ValueError("no <TEXT> element")
    text, spans = _flatten(text_elements[0])
    timexes = [
        GoldTimex(
            start=start,
            end=end,
            text=text[start:end],
            type=(el.get("type") or "").strip().upper(),
            value=(el.get("value") or "").strip(),
            tid=el.get("tid") or "",
        )
        for el, start, end in spans
        # Non-consuming timexes (empty text) are not in the text: no tagger can find them.
        if text[start:end].strip()
    ]
    timexes.sort(key=lambda t: (t.start, t.end))
    if not doc_id:
        docid_el = next((el for el in root.iter() if _local_name(el.tag) == "DOCID"), None)
        doc_id = (docid_el.text or "").strip() if docid_el is not None else ""
    dct_value = _find_dct(root)
    return TimemlDocument(
        doc_id=doc_id or Path(path).stem,
        path=path,
        text=text,
        dct=_parse_dct_value(dct_value),
        dct_value=dct_value,
        timexes=timexes,
    )


def read_timeml(path: str | Path) -> TimemlDocument:
    """Read a .tml file; the document id is the file name without extension (unique within a corpus)."""
    path = Path(path)
    return parse_timeml(path.read_bytes(), doc_id=path.stem, path=str(path))


def find_timeml_files(directory: str | Path) -> list[Path]:
    """All *.tml files under a directory (recursively), in a stable order; a single file is itself."""
    directory = Path(directory)
    if directory.is_file():
        return [directory]
    return sorted(p for p in directory.rglob("*.tml") if p.is_file())


def load_corpus(directory: str | Path, limit: int | None = None) -> Corpus:
    """Read every TimeML file under a directory; unreadable files become ParseFailures."""
    documents: list[TimemlDocument] = []
    failures: list[ParseFailure] = []
    for path in find_timeml_files(directory):
        if limit is not None and len(documents) >= limit:
            break
        try:
            documents.append(read_timeml(path))
        except Exception as exc:  # noqa: BLE001 - one unreadable file must not end the evaluation
            failures.append(ParseFailure(str(path), f"{type(exc).__name__}: {exc}"))
    return Corpus(name=str(directory), documents=documents, failures=failures)


def default_use_dct(directory: str | Path) -> bool:
    """Whether the DCT should be passed to the tagger as document_date, judged from the directory name.

    Heuristic: WikiWars' DCT is the date the articles were downloaded (2009), not a date the narrative is
    anchored to, so for a directory with "wikiwars" in its path the tagger gets document_date=None.
    Everything else (TimeBank, AQUAINT: news) is anchored on its DCT. `--use-dct/--no-dct` overrides.
    """
    return "wikiwars" not in str(directory).lower()


# --------------------------------------------------------------------------------------------------
# Matching and scoring


def match_strict(gold: Sequence[GoldTimex], system: Sequence[SystemTimex]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, system index) with identical spans."""
    by_span: dict[tuple[int, int], list[int]] = defaultdict(list)
    for j, s in enumerate(system):
        by_span[(s.start, s.end)].append(j)
    pairs = []
    for i, g in enumerate(gold):
        free = by_span.get((g.start, g.end))
        if free:
            pairs.append((i, free.pop(0)))
    return pairs


def match_relaxed(gold: Sequence[GoldTimex], system: Sequence[SystemTimex]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, system index) of overlapping spans.

    Identical spans are paired first, so every strict match is also a relaxed match; the rest are paired
    greedily by largest overlap (ties: earliest gold, then earliest system mention).
    """
    pairs = match_strict(gold, system)
    used_gold = {i for i, _ in pairs}
    used_system = {j for _, j in pairs}
    candidates = []
    for i, g in enumerate(gold):
        if i in used_gold:
            continue
        for j, s in enumerate(system):
            if j in used_system:
                continue
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                candidates.append((-overlap, i, j))
    for _, i, j in sorted(candidates):
        if i not in used_gold and j not in used_system:
            pairs.append((i, j))
            used_gold.add(i)
            used_system.add(j)
    return sorted(pairs)


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass
class SpanCounts:
    """Counts from which every TempEval-3 Task A figure follows (they add up across documents)."""

    gold: int = 0
    system: int = 0
    strict: int = 0  # strict matches
    relaxed: int = 0  # relaxed matches
    type_correct: int = 0  # relaxed matches whose type is right
    value_correct: int = 0  # relaxed matches whose value is right

    def add(self, other: SpanCounts) -> None:
        for name in ("gold", "system", "strict", "relaxed", "type_correct", "value_correct"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def strict_precision(self) -> float:
        return _ratio(self.strict, self.system)

    @property
    def strict_recall(self) -> float:
        return _ratio(self.strict, self.gold)

    @property
    def strict_f1(self) -> float:
        return _f1(self.strict_precision, self.strict_recall)

    @property
    def relaxed_precision(self) -> float:
        return _ratio(self.relaxed, self.system)

    @property
    def relaxed_recall(self) -> float:
        return _ratio(self.relaxed, self.gold)

    @property
    def relaxed_f1(self) -> float:
        return _f1(self.relaxed_precision, self.relaxed_recall)

    @property
    def type_accuracy(self) -> float:
        return _ratio(self.type_correct, self.relaxed)

    @property
    def value_accuracy(self) -> float:
        return _ratio(self.value_correct, self.relaxed)

    @property
    def type_f1(self) -> float:
        return self.type_accuracy * self.relaxed_f1

    @property
    def value_f1(self) -> float:
        return self.value_accuracy * self.relaxed_f1

    def figures(self) -> dict[str, float | int]:
        """Counts and every derived figure, for JSON output and tables."""
        names = (
            "strict_precision", "strict_recall", "strict_f1",
            "relaxed_precision", "relaxed_recall", "relaxed_f1",
            "type_accuracy", "value_accuracy", "type_f1", "value_f1",
        )  # fmt: skip
        return {**asdict(self), **{name: getattr(self, name) for name in names}}


@dataclass(frozen=True)
class TimexError:
    """One error instance. kind: 'wrong_value' | 'wrong_type' | 'missed' | 'spurious'."""

    kind: str
    doc_id: str
    gold_text: str | None = None
    gold_type: str | None = None
    gold_value: str | None = None
    system_text: str | None = None
    system_type: str | None = None
    system_value: str | None = None


@dataclass
class DocumentScore:
    doc_id: str
    counts: SpanCounts
    # Counts per gold type (system counted under the type of the system mention, so per-type precision
    # means "of the mentions the tagger called DATE, how many overlap a gold timex").
    per_type: dict[str, SpanCounts]
    errors: list[TimexError]
    # Relaxed-matched system mentions by the type the tagger gave them: per-type precision.
    system_matched_by_type: Counter[str] = field(default_factory=Counter)


def _value_equal(gold: str, system: str) -> bool:
    # Exact string comparison, as the TempEval-3 toolkit does: "1998-W02" is not "1998-01-05" even if
    # the day falls in that week. Only surrounding whitespace is ignored.
    return gold.strip() == system.strip()


def score_document(doc: TimemlDocument, system: Sequence[SystemTimex]) -> DocumentScore:
    """Score one document's system mentions against its gold timexes."""
    gold = doc.timexes
    strict = set(match_strict(gold, system))
    relaxed = match_relaxed(gold, system)
    counts = SpanCounts(gold=len(gold), system=len(system), strict=len(strict), relaxed=len(relaxed))
    per_type: dict[str, SpanCounts] = defaultdict(SpanCounts)
    for g in gold:
        per_type[g.type].gold += 1
    for s in system:
        per_type[s.type].system += 1
    errors: list[TimexError] = []

    def text_of(s: SystemTimex) -> str:
        return doc.text[s.start : s.end]

    strict_gold = {i for i, _ in strict}
    for i, j in relaxed:
        g, s = gold[i], system[j]
        type_ok = g.type == s.type.strip()
        value_ok = _value_equal(g.value, s.value)
        counts.type_correct += type_ok
        counts.value_correct += value_ok
        per_type[g.type].relaxed += 1
        per_type[g.type].strict += i in strict_gold
        per_type[g.type].type_correct += type_ok
        per_type[g.type].value_correct += value_ok
        for kind, ok in (("wrong_value", value_ok), ("wrong_type", type_ok)):
            if not ok:
                errors.append(
                    TimexError(kind, doc.doc_id, g.text, g.type, g.value, text_of(s), s.type, s.value)
                )
    matched_gold = {i for i, _ in relaxed}
    matched_system = {j for _, j in relaxed}
    system_matched_by_type = Counter(system[j].type for j in matched_system)
    for i, g in enumerate(gold):
        if i not in matched_gold:
            errors.append(
                TimexError("missed", doc.doc_id, gold_text=g.text, gold_type=g.type, gold_value=g.value)
            )
    for j, s in enumerate(system):
        if j not in matched_system:
            errors.append(
                TimexError(
                    "spurious", doc.doc_id, system_text=text_of(s), system_type=s.type, system_value=s.value
                )
            )
    return DocumentScore(doc.doc_id, counts, dict(per_type), errors, system_matched_by_type)


@dataclass
class ErrorGroup:
    """Errors of one kind that share a key (the expression, lower-cased, digits replaced by 0)."""

    kind: str
    key: str
    count: int
    examples: list[TimexError]


@dataclass
class EvaluationResult:
    corpus: str
    tagger: str
    use_dct: bool
    n_documents: int
    n_chars: int
    counts: SpanCounts
    # By gold type, except `system`, which counts system mentions by the type the tagger gave them.
    per_type: dict[str, SpanCounts]
    system_matched_by_type: Counter[str]  # relaxed-matched system mentions by system type
    errors: list[TimexError]
    failures: list[ParseFailure]  # unreadable files and documents the tagger crashed on
    seconds: float  # time spent inside the tagger
    notes: list[str] = field(default_factory=list)  # quirks of the gold data that affect the figures

    def per_type_rows(self) -> list[dict[str, float | int | str]]:
        """Per gold type: recall, and type/value accuracy over its relaxed matches; per system type:
        how many mentions the tagger gave that type and the relaxed precision of those."""
        ordered = [t for t in TIMEX_TYPES if t in self.per_type]
        ordered += sorted(set(self.per_type) - set(TIMEX_TYPES))
        rows = []
        for t in ordered:
            c = self.per_type[t]
            rows.append(
                {
                    "type": t,
                    "gold": c.gold,
                    "strict_recall": c.strict_recall,
                    "relaxed_recall": c.relaxed_recall,
                    "type_accuracy": c.type_accuracy,
                    "value_accuracy": c.value_accuracy,
                    "system": c.system,
                    "relaxed_precision": _ratio(self.system_matched_by_type.get(t, 0), c.system),
                }
            )
        return rows

    @property
    def chars_per_second(self) -> float:
        return self.n_chars / self.seconds if self.seconds else 0.0

    def error_groups(self, kind: str, top: int = 5, examples: int = 3) -> list[ErrorGroup]:
        """The `top` most frequent errors of one kind, grouped by expression, with a few examples."""
        grouped: dict[str, list[TimexError]] = defaultdict(list)
        for error in self.errors:
            if error.kind == kind:
                grouped[_error_key(error)].append(error)
        ranked = sorted(grouped.items(), key=lambda item: (-len(item[1]), item[0]))[:top]
        return [ErrorGroup(kind, key, len(errs), errs[:examples]) for key, errs in ranked]


def _error_key(error: TimexError) -> str:
    # Group by the expression, not the exact string: "1998" and "1997" fail for the same reason.
    text = error.gold_text if error.gold_text is not None else error.system_text or ""
    return re.sub(r"\d", "0", " ".join(text.lower().split()))


def corpus_notes(corpus: Corpus) -> list[str]:
    """Quirks of the gold annotations that a reader of the figures should know about."""
    gold = [t for doc in corpus.documents for t in doc.timexes]
    notes = []
    types = Counter(t.type for t in gold)
    if len(gold) > 20 and len(types) == 1:
        # WikiWars' conversion to TimeML typed every timex DATE, durations and times included.
        only = next(iter(types))
        notes.append(
            f"every gold timex is typed {only}: type accuracy measures agreement with that, not correctness"
        )
    no_value = sum(1 for t in gold if t.value.lower() in ("", "null"))
    if no_value:
        notes.append(
            f"{no_value} gold timexes have no value ('null' or empty): scored as value errors, as TempEval-3 does"
        )
    bc_values = sum(1 for t in gold if t.value.startswith("BC"))
    if bc_values:
        notes.append(f"{bc_values} gold values are BC years written TIMEX2-style, e.g. 'BC0490'")
    return notes


def evaluate_tagger(
    corpus: Corpus,
    tagger: Tagger,
    *,
    use_dct: bool | None = None,
    tagger_name: str = "tagger",
) -> EvaluationResult:
    """Run a tagger over every document of a corpus and score it.

    use_dct: pass the DCT as document_date (True) or None (False); None means `default_use_dct`.
    A tagger that raises on a document is recorded as a failure and scored as finding nothing there.
    """
    if use_dct is None:
        use_dct = default_use_dct(corpus.name)
    counts = SpanCounts()
    per_type: dict[str, SpanCounts] = defaultdict(SpanCounts)
    system_matched_by_type: Counter[str] = Counter()
    errors: list[TimexError] = []
    failures = list(corpus.failures)
    seconds = 0.0
    for doc in corpus.documents:
        document_date = doc.dct if use_dct else None
        started = time.perf_counter()
        try:
            system = list(tagger(doc.text, document_date))
        except Exception as exc:  # noqa: BLE001 - one bad document must not end the evaluation
            system = []
            failures.append(ParseFailure(doc.path, f"{tagger_name} raised {type(exc).__name__}: {exc}"))
        seconds += time.perf_counter() - started
        score = score_document(doc, system)
        counts.add(score.counts)
        for timex_type, type_counts in score.per_type.items():
            per_type[timex_type].add(type_counts)
        system_matched_by_type.update(score.system_matched_by_type)
        errors.extend(score.errors)
    return EvaluationResult(
        corpus=corpus.name,
        tagger=tagger_name,
        use_dct=use_dct,
        n_documents=len(corpus.documents),
        n_chars=corpus.n_chars,
        counts=counts,
        per_type=dict(per_type),
        system_matched_by_type=system_matched_by_type,
        errors=errors,
        failures=failures,
        seconds=seconds,
        notes=corpus_notes(corpus),
    )


# --------------------------------------------------------------------------------------------------
# Taggers


# Used only when a document has no DCT at all: a fixed date keeps the baseline reproducible (never the
# wall clock). Every document of the shipped corpora has a DCT.
BASELINE_FALLBACK_BASE = datetime(2000, 1, 1)


def search_dates_baseline(text: str, document_date: date | None) -> list[SystemTimex]:
    """dateparser's `search_dates` as a tagger: English only, relative expressions resolved against
    document_date, every hit typed DATE with a day value YYYY-MM-DD.

    Spans: search_dates returns substrings, not offsets, so each is located by searching the text
    forward from the end of the previous hit (its hits come in text order).
    """
    from dateparser.search import search_dates  # imported here: slow to import, only the baseline needs it

    base = (
        datetime(document_date.year, document_date.month, document_date.day)
        if document_date is not None
        else BASELINE_FALLBACK_BASE
    )
    found = search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
    mentions = []
    cursor = 0
    for substring, when in found:
        start = text.find(substring, cursor)
        if start < 0:  # not where we expected: dateparser may reorder; look from the start once
            start = text.find(substring)
            if start < 0:
                continue
        end = start + len(substring)
        cursor = end
        # Format by hand: strftime("%Y") does not zero-pad years before 1000 on every platform.
        value = f"{when.year:04d}-{when.month:02d}-{when.day:02d}"
        mentions.append(SystemTimex(start, end, "DATE", value))
    return mentions


def datewire_tagger(text: str, document_date: date | None) -> list[SystemTimex]:
    """Adapter for Datewire's own tagger, `pipeline.temporal.tag`."""
    from pipeline.temporal import tag

    result = tag(text, document_date)
    return [SystemTimex(m.start, m.end, m.type, m.value) for m in result.mentions]


def load_tagger(spec: str) -> tuple[Tagger, str]:
    """A tagger from a name: 'datewire' (pipeline.temporal.tag), 'baseline' (search_dates), or
    'module:function' for any callable (text, document_date) -> list[SystemTimex] (or a TaggingResult,
    or a list of objects with start/end/type/value)."""
    if spec == "datewire":
        # Fail now, with ImportError, not once per document (the package may exist before `tag` does).
        from pipeline.temporal import tag  # noqa: F401

        return datewire_tagger, "datewire"
    if spec == "baseline":
        return search_dates_baseline, "search_dates"
    module_name, _, function_name = spec.partition(":")
    if not function_name:
        raise ValueError(f"tagger must be 'datewire', 'baseline' or 'module:function', not {spec!r}")
    function = getattr(importlib.import_module(module_name), function_name)

    def tagger(text: str, document_date: date | None) -> list[SystemTimex]:
        out = function(text, document_date)
        mentions = getattr(out, "mentions", out)
        return [SystemTimex(m.start, m.end, m.type, m.value) for m in mentions]

    return tagger, spec


# --------------------------------------------------------------------------------------------------
# Reports


def result_to_dict(result: EvaluationResult, errors: int = 5) -> dict:
    """A JSON-ready summary: figures, per-type breakdown, top error groups, failures."""
    return {
        "corpus": result.corpus,
        "tagger": result.tagger,
        "use_dct": result.use_dct,
        "documents": result.n_documents,
        "chars": result.n_chars,
        "seconds": round(result.seconds, 3),
        "chars_per_second": round(result.chars_per_second),
        "scores": result.counts.figures(),
        "per_type": result.per_type_rows(),
        "errors": {
            kind: [
                {"key": g.key, "count": g.count, "examples": [asdict(e) for e in g.examples]}
                for g in result.error_groups(kind, top=errors)
            ]
            for kind in ("wrong_value", "wrong_type", "missed", "spurious")
        },
        "notes": result.notes,
        "failures": [asdict(f) for f in result.failures],
    }


def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def format_scores_table(results: Iterable[EvaluationResult]) -> str:
    """One Markdown row per (corpus, tagger): TempEval-3 Task A figures in percent."""
    lines = [
        (
            "| corpus | tagger | DCT | docs | gold | sys | strict P | strict R | strict F1 | relaxed P "
            "| relaxed R | relaxed F1 | type acc | value acc | value F1 |"
        ),
        "|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in results:
        c = r.counts
        lines.append(
            f"| {Path(r.corpus).name or r.corpus} | {r.tagger} | {'yes' if r.use_dct else 'no'} "
            f"| {r.n_documents} | {c.gold} | {c.system} "
            f"| {_pct(c.strict_precision)} | {_pct(c.strict_recall)} | {_pct(c.strict_f1)} "
            f"| {_pct(c.relaxed_precision)} | {_pct(c.relaxed_recall)} | {_pct(c.relaxed_f1)} "
            f"| {_pct(c.type_accuracy)} | {_pct(c.value_accuracy)} | {_pct(c.value_f1)} |"
        )
    return "\n".join(lines)


def format_per_type_table(result: EvaluationResult) -> str:
    """Per gold type: recall and type/value accuracy; per system type: count and relaxed precision."""
    lines = [
        "| type | gold | strict R | relaxed R | type acc | value acc | sys (this type) | relaxed P |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for row in result.per_type_rows():
        lines.append(
            f"| {row['type'] or '?'} | {row['gold']} | {_pct(row['strict_recall'])} | {_pct(row['relaxed_recall'])} "
            f"| {_pct(row['type_accuracy'])} | {_pct(row['value_accuracy'])} | {row['system']} "
            f"| {_pct(row['relaxed_precision'])} |"
        )
    return "\n".join(lines)


def _md(text: str | None) -> str:
    # Table cells: keep them on one line and do not let a '|' split the cell.
    return " ".join((text or "").split()).replace("|", "\\|")


_ERROR_TITLES = {
    "wrong_value": "Wrong values (span found, value differs)",
    "wrong_type": "Wrong types (span found, type differs)",
    "missed": "Missed (gold timex with no overlapping system mention)",
    "spurious": "Spurious (system mention overlapping no gold timex)",
}


def format_errors(result: EvaluationResult, top: int = 5, examples: int = 3) -> str:
    """The most frequent errors of each kind, each with a few examples (doc, gold and system)."""
    sections = []
    for kind, title in _ERROR_TITLES.items():
        groups = result.error_groups(kind, top=top, examples=examples)
        total = sum(1 for e in result.errors if e.kind == kind)
        lines = [f"**{title}**: {total}", ""]
        if groups:
            lines += [
                "| n | expression | examples (doc: gold text = value → system text = value) |",
                "|--:|---|---|",
            ]
            for g in groups:
                shown = "; ".join(_format_example(e) for e in g.examples)
                lines.append(f"| {g.count} | {_md(g.key)} | {shown} |")
            lines.append("")
        sections.append("\n".join(lines))
    return "\n".join(sections)


def _format_example(e: TimexError) -> str:
    gold = f"“{_md(e.gold_text)}” = {e.gold_type} {_md(e.gold_value)}" if e.gold_text is not None else "—"
    system = (
        f"“{_md(e.system_text)}” = {e.system_type} {_md(e.system_value)}"
        if e.system_text is not None
        else "—"
    )
    return f"{_md(e.doc_id)}: {gold} → {system}"


def format_report(results: Sequence[EvaluationResult], errors: int = 5) -> str:
    """The full Markdown report: overall table, then per corpus and tagger the breakdown and errors."""
    parts = ["## TempEval-3 Task A", "", format_scores_table(results), ""]
    for r in results:
        parts += [f"### {r.tagger} on {r.corpus} (DCT as document_date: {'yes' if r.use_dct else 'no'})", ""]
        parts += [format_per_type_table(r), ""]
        if errors > 0:
            parts += [format_errors(r, top=errors), ""]
        if r.notes:
            parts += ["Notes on the gold data: " + "; ".join(r.notes) + ".", ""]
        if r.failures:
            parts += [f"**Failures**: {len(r.failures)}", ""]
            parts += [f"- {_md(f.path)}: {_md(f.reason)}" for f in r.failures[:10]]
            if len(r.failures) > 10:
                parts.append(f"- … and {len(r.failures) - 10} more (see --json)")
            parts.append("")
    return "\n".join(parts)


# --------------------------------------------------------------------------------------------------
# Command line


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="datewire evaluate",
        description="Score a temporal tagger on TimeML corpora (TempEval-3 Task A), with a "
        "dateparser.search_dates baseline on the same documents.",
    )
    parser.add_argument(
        "dirs", nargs="+", metavar="DIR", help="directory of *.tml files (searched recursively)"
    )
    parser.add_argument(
        "--tagger", default="datewire", help="'datewire' (default), 'baseline', or 'module:function'"
    )
    parser.add_argument("--no-baseline", action="store_true", help="do not run the search_dates baseline")
    parser.add_argument(
        "--limit", type=int, default=None, metavar="N", help="read at most N documents per DIR"
    )
    anchoring = parser.add_mutually_exclusive_group()
    anchoring.add_argument(
        "--use-dct",
        dest="use_dct",
        action="store_const",
        const=True,
        default=None,
        help="pass the document creation time to the tagger as document_date (the default, except for "
        "directories whose path contains 'wikiwars': their DCT is a download date, not an anchor)",
    )
    anchoring.add_argument(
        "--no-dct",
        dest="use_dct",
        action="store_const",
        const=False,
        help="pass document_date=None to the tagger (the default for 'wikiwars' directories). "
        "The search_dates baseline is always anchored on the DCT either way.",
    )
    parser.add_argument(
        "--errors", type=int, default=5, metavar="N", help="show the N most frequent errors of each kind"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Evaluate; print the report. Exit 0 on success, 1 if the tagger could not be loaded (the baseline
    still runs), 2 if a DIR holds no readable TimeML."""
    args = build_parser().parse_args(argv)
    status = 0
    tagger: Tagger | None
    try:
        tagger, tagger_name = load_tagger(args.tagger)
    except (ImportError, AttributeError, ValueError) as exc:
        print(f"error: cannot load tagger {args.tagger!r}: {exc}", file=sys.stderr)
        tagger, tagger_name, status = None, args.tagger, 1
    results: list[EvaluationResult] = []
    for directory in args.dirs:
        corpus = load_corpus(directory, limit=args.limit)
        if not corpus.documents:
            print(f"error: no readable *.tml under {directory}", file=sys.stderr)
            for failure in corpus.failures:
                print(f"  {failure.path}: {failure.reason}", file=sys.stderr)
            status = 2
            continue
        if tagger is not None:
            results.append(evaluate_tagger(corpus, tagger, use_dct=args.use_dct, tagger_name=tagger_name))
        if not args.no_baseline and tagger_name != "search_dates":
            # The baseline is defined as anchored on the DCT (RELATIVE_BASE = creation time, never the
            # wall clock), whatever the tagger gets. On WikiWars that can only favour the baseline.
            results.append(
                evaluate_tagger(corpus, search_dates_baseline, use_dct=True, tagger_name="search_dates")
            )
    if args.json:
        print(
            json.dumps([result_to_dict(r, errors=args.errors) for r in results], indent=2, ensure_ascii=False)
        )
    elif results:
        print(format_report(results, errors=args.errors))
    return status


if __name__ == "__main__":
    raise SystemExit(main())
