"""Event measures on TimeBank: TempEval-3 Task B triggers and classes, NEG polarity, modal words,
and anchoring.

Triggers (TempEval-3 Task B): gold EVENTs and system triggers paired one-to-one by overlap
(`events_common.match_triggers`); P = matched / system triggers, R = matched / gold events. Class
accuracy, polarity and modal words are measured on the matched pairs.

- NEG polarity: P/R/F1 of "negative" among matched events, gold NEG being the first MAKEINSTANCE's
  polarity. Not on AQUAINT, whose polarity is broken (corpus README).
- Did not happen: the same P/R/F1 of "negative", with gold being NEG polarity *or* the subordinated
  event of a COUNTER_FACTIVE SLINK. TimeBank writes the complement of "failed to reach", "declined to
  comment", "prevented them from entering" with polarity POS and says that it did not happen only in
  that SLINK, so the NEG measure counts our "negative" there as a false positive. NEG_EVIDENTIAL
  SLINKs ("denied the accusations") are left out: a denial is a claim, like a report, not a fact.
- Modal word: gold is MAKEINSTANCE's modality, the modal word itself ("would", "could", "may", ...).
  TimeBank's junk values "none", "delete" and "to" count as no modal. Ours is the mention's `modal`
  attribute when the system exposes one; "will", "shall", "'ll" and "wo" (won't) count as no modal,
  because TimeBank writes them as tense FUTURE, not as modality. A system without a `modal` attribute
  is mapped from its modality: "hypothetical" -> "would" (TimeBank's commonest modal word), anything
  else -> no modal. Reported over all matched events (most have none on both sides) and over the
  matched events whose gold has a modal word.

Training data: Datewire's trigger model is trained on AQUAINT and two thirds of TimeBank; trigger,
class, NEG and modal figures are therefore given for the held-out third (the files the model file
names as `held_out`) and, for comparison, for the files it was trained on.

Anchoring (see `events_common`): a gold event is anchored when a TLINK ties it to a DATE timex or to
the DCT by inclusion or identity: from the event, IS_INCLUDED, DURING, SIMULTANEOUS, IDENTITY; from
the time, their inverses INCLUDES, SIMULTANEOUS, IDENTITY. An event with several such links takes
the first DATE written in the text (a non-consuming DATE counts), else the DCT, so each event counts
once. The headline is over every TimeBank file. Datewire's dating rules (pipeline/events/dating.py)
were chosen by hand on the files the trigger model was trained on, so the anchoring is also given
for the held-out files alone and for the others (`anchoring_held_out`, `anchoring_trained_on`).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .events_common import (
    PRF,
    AnchorCounts,
    AnchorInput,
    EventExtractor,
    datewire_extractor,
    document_anchors,
    match_triggers,
)
from .timeml import GoldEvent, ParseFailure, TimemlDocument, load_corpus

__all__ = [
    "ANCHOR_FROM_EVENT", "ANCHOR_FROM_TIME", "TimebankEventScores", "TriggerScores", "counter_factive_events",
    "evaluate_timebank",
    "gold_modal", "our_modal", "score_triggers", "timebank_anchors", "trigger_model_held_out",
]

ANCHOR_FROM_EVENT = frozenset({"IS_INCLUDED", "DURING", "SIMULTANEOUS", "IDENTITY"})
ANCHOR_FROM_TIME = frozenset({"INCLUDES", "SIMULTANEOUS", "IDENTITY"})
JUNK_MODALITIES = frozenset({"none", "delete", "to"})
FUTURE_MODALS = frozenset({"will", "shall", "'ll", "wo"})


def gold_modal(event: GoldEvent) -> str | None:
    word = (event.modality or "").strip().lower()
    return None if not word or word in JUNK_MODALITIES else word


def our_modal(mention: Any) -> str | None:
    if not hasattr(mention, "modal"):
        return "would" if mention.modality == "hypothetical" else None
    word = (mention.modal or "").strip().lower()
    return None if not word or word in FUTURE_MODALS else word


@dataclass
class TriggerScores:
    """Task B figures over a set of documents; class, NEG and modal counts are over matched events."""

    documents: int = 0
    triggers: PRF = field(default_factory=PRF)
    class_correct: int = 0
    negation: PRF = field(default_factory=PRF)
    unhappened: PRF = field(default_factory=PRF)  # gold NEG or counter-factive, ours negative
    gold_counter_factive: int = 0  # matched events subordinated by a COUNTER_FACTIVE SLINK
    modal_correct: int = 0
    gold_modal: int = 0  # matched events whose gold has a modal word
    gold_modal_correct: int = 0

    def add(self, other: TriggerScores) -> None:
        self.documents += other.documents
        self.triggers.add(other.triggers)
        self.negation.add(other.negation)
        self.unhappened.add(other.unhappened)
        for name in ("class_correct", "modal_correct", "gold_modal", "gold_modal_correct", "gold_counter_factive"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def matched(self) -> int:
        return self.triggers.tp

    def figures(self) -> dict[str, float | int]:
        matched = self.matched or 1
        return {
            "documents": self.documents, "matched": self.matched,
            **{f"trigger_{k}": v for k, v in self.triggers.figures().items()},
            "class_accuracy": self.class_correct / matched if self.matched else 0.0,
            **{f"neg_{k}": v for k, v in self.negation.figures().items()},
            **{f"unhappened_{k}": v for k, v in self.unhappened.figures().items()},
            "gold_counter_factive": self.gold_counter_factive,
            "modal_accuracy": self.modal_correct / matched if self.matched else 0.0,
            "gold_modal": self.gold_modal,
            "modal_accuracy_gold_modal": self.gold_modal_correct / self.gold_modal if self.gold_modal else 0.0,
        }


def score_triggers(doc: TimemlDocument, system: list[Any]) -> TriggerScores:
    """Task B figures of one document."""
    scores = TriggerScores(documents=1)
    pairs = match_triggers([(e.start, e.end) for e in doc.events], system)
    scores.triggers = PRF(tp=len(pairs), fp=len(system) - len(pairs), fn=len(doc.events) - len(pairs))
    counter_factive = counter_factive_events(doc)
    for i, j in pairs.items():
        gold, ours = doc.events[i], system[j]
        scores.class_correct += gold.event_class == ours.trigger.event_class
        gold_negative, our_negative = gold.polarity == "NEG", ours.polarity == "negative"
        scores.negation.tp += gold_negative and our_negative
        scores.negation.fp += our_negative and not gold_negative
        scores.negation.fn += gold_negative and not our_negative
        countered = gold.eid in counter_factive
        scores.gold_counter_factive += countered
        gold_unhappened = gold_negative or countered
        scores.unhappened.tp += gold_unhappened and our_negative
        scores.unhappened.fp += our_negative and not gold_unhappened
        scores.unhappened.fn += gold_unhappened and not our_negative
        expected, found = gold_modal(gold), our_modal(ours)
        scores.modal_correct += expected == found
        if expected is not None:
            scores.gold_modal += 1
            scores.gold_modal_correct += expected == found
    return scores


def counter_factive_events(doc: TimemlDocument) -> set[str]:
    """The eids of the events a COUNTER_FACTIVE SLINK subordinates: they did not happen."""
    events = (doc.event_of_instance(link.subordinated) for link in doc.slinks if link.rel_type == "COUNTER_FACTIVE")
    return {event.eid for event in events if event is not None}


def timebank_anchors(doc: TimemlDocument) -> list[AnchorInput]:
    """The anchored gold events of a document, each once (see the module docstring)."""
    text_dates: dict[str, str] = {}
    dct_events: set[str] = set()
    for link in doc.tlinks:
        if link.event_instance and link.related_time and link.rel_type in ANCHOR_FROM_EVENT:
            eiid, tid = link.event_instance, link.related_time
        elif link.time and link.related_event_instance and link.rel_type in ANCHOR_FROM_TIME:
            eiid, tid = link.related_event_instance, link.time
        else:
            continue
        event = doc.event_of_instance(eiid)
        if event is None:
            continue
        if tid == doc.dct_tid and doc.dct is not None:
            dct_events.add(event.eid)
        elif tid in doc.timex_refs and doc.timex_refs[tid].type == "DATE" and doc.timex_refs[tid].value:
            text_dates.setdefault(event.eid, doc.timex_refs[tid].value)
    anchors = []
    for event in doc.events:
        if event.eid in text_dates:
            anchors.append(AnchorInput(event.start, event.end, text_dates[event.eid], to_dct=False))
        elif event.eid in dct_events:
            anchors.append(AnchorInput(event.start, event.end, doc.dct.isoformat(), to_dct=True))
    return anchors


def trigger_model_held_out() -> set[str] | None:
    """The TimeBank file names Datewire's trigger model was not trained on, or None if it names none."""
    from pipeline.events.triggers import load_model

    names = load_model().meta.get("held_out")
    return set(names) if names else None


@dataclass
class TimebankEventScores:
    corpus: str
    held_out: TriggerScores  # files the extractor was not trained on (all files when none is named)
    trained_on: TriggerScores  # the rest
    anchoring: AnchorCounts
    failures: list[ParseFailure]
    held_out_named: bool  # whether a held-out list was given
    anchoring_held_out: AnchorCounts = field(default_factory=AnchorCounts)
    anchoring_trained_on: AnchorCounts = field(default_factory=AnchorCounts)

    def figures(self) -> dict[str, Any]:
        return {"corpus": self.corpus, "held_out_named": self.held_out_named,
                "held_out": self.held_out.figures(), "trained_on": self.trained_on.figures(),
                "anchoring": self.anchoring.figures(),
                "anchoring_held_out": self.anchoring_held_out.figures(),
                "anchoring_trained_on": self.anchoring_trained_on.figures(),
                "failures": [{"path": f.path, "reason": f.reason} for f in self.failures]}


def evaluate_timebank(
    directory: str | Path,
    extractor: EventExtractor = datewire_extractor,
    held_out: Iterable[str] | None = None,
) -> TimebankEventScores:
    """Run an extractor over every TimeML file of `directory` (the DCT as document date) and score it.
    `held_out`: file names (e.g. "wsj_0006.tml") whose triggers form the headline; None = every file."""
    from pipeline import temporal
    from pipeline.sentences import sentence_spans

    corpus = load_corpus(directory)
    held_out_names = set(held_out) if held_out is not None else None
    held, trained, anchoring = TriggerScores(), TriggerScores(), AnchorCounts()
    anchoring_held, anchoring_trained = AnchorCounts(), AnchorCounts()
    failures = list(corpus.failures)
    for doc in corpus.documents:
        try:
            system = list(extractor(doc.text, doc.dct))
        except Exception as exc:  # noqa: BLE001 - one bad document must not end the evaluation
            failures.append(ParseFailure(doc.path, f"extractor raised {type(exc).__name__}: {exc}"))
            system = []
        name = Path(doc.path).name
        is_held = held_out_names is None or name in held_out_names
        (held if is_held else trained).add(score_triggers(doc, system))
        date_mentions = temporal.tag(doc.text, doc.dct).mentions
        gold_dates = [(t.start, t.value) for t in doc.timexes if t.type == "DATE"]
        counts = document_anchors(doc.text, doc.dct, timebank_anchors(doc), system, date_mentions,
                                  sentence_spans(doc.text), gold_dates)
        anchoring.add(counts)
        (anchoring_held if is_held else anchoring_trained).add(counts)
    return TimebankEventScores(str(directory), held, trained, anchoring, failures, held_out_names is not None,
                               anchoring_held, anchoring_trained)
