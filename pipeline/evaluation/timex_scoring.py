"""TempEval-3 Task A: scoring a temporal tagger's mentions against gold TIMEX3 spans.

Scoring (micro-averaged over all documents, on character spans):
  * strict match  = identical (start, end);
  * relaxed match = overlapping spans, paired one-to-one: identical spans first (so every strict match
    is also a relaxed match), then greedily by largest overlap;
  * precision = matches / system mentions, recall = matches / gold mentions, F1 their harmonic mean;
  * type and value accuracy are computed over the relaxed matches (as the official toolkit does), and
    value F1 = value accuracy x relaxed F1 (type F1 likewise).

Any tagger can be evaluated: it is a callable `(text, document_date) -> list[SystemTimex]`
(`pipeline.evaluation.taggers` has Datewire's and the search_dates baseline).
"""

from __future__ import annotations

import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date

from .timeml import Corpus, GoldTimex, ParseFailure, TimemlDocument, default_use_dct

__all__ = [
    "TIMEX_TYPES", "DocumentScore", "ErrorGroup", "EvaluationResult", "SpanCounts", "SystemTimex",
    "Tagger", "TimexError", "corpus_notes", "evaluate_tagger", "match_relaxed", "match_strict",
    "ratio", "f1_score", "score_document",
]

TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")


@dataclass(frozen=True)
class SystemTimex:
    """What a tagger found: [start, end) are Python str offsets into the text it was given."""

    start: int
    end: int
    type: str
    value: str


# A tagger takes the text and the date it should resolve relative expressions against (or None).
Tagger = Callable[[str, "date | None"], list[SystemTimex]]


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


def ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def f1_score(precision: float, recall: float) -> float:
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
        return ratio(self.strict, self.system)

    @property
    def strict_recall(self) -> float:
        return ratio(self.strict, self.gold)

    @property
    def strict_f1(self) -> float:
        return f1_score(self.strict_precision, self.strict_recall)

    @property
    def relaxed_precision(self) -> float:
        return ratio(self.relaxed, self.system)

    @property
    def relaxed_recall(self) -> float:
        return ratio(self.relaxed, self.gold)

    @property
    def relaxed_f1(self) -> float:
        return f1_score(self.relaxed_precision, self.relaxed_recall)

    @property
    def type_accuracy(self) -> float:
        return ratio(self.type_correct, self.relaxed)

    @property
    def value_accuracy(self) -> float:
        return ratio(self.value_correct, self.relaxed)

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
                    "relaxed_precision": ratio(self.system_matched_by_type.get(t, 0), c.system),
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

