"""What the event measures share: the extractor they call, trigger matching, P/R/F1 counts, and
anchoring (does an event carry the date gold ties it to?) with its two baselines.

An extractor is any callable `(text, document_date) -> list[EventMention]`; Datewire's is
`pipeline.events.records.extract_events`. The scorers read only these attributes of a mention, so a
hand-made system in a test needs no more: `trigger.start/end/event_class`, `polarity`
("positive" | "negative"), `modality`, `modal` (optional: the modal word), `date_basis`, `date.value`,
`event_type.event_type`, `confidence`, `actors[].role/.actor.country_code/.actor.sector`,
`places[].place.name/.country_code`.

Anchoring, as measured here:
  * gold: one date per anchored gold event (the corpus modules say which links count);
  * ours: the matched system event's governing date value when `date_basis == 'text'`, the document
    date when `'publication'`, nothing when `'none'`;
  * a value is right when it equals the gold value; when the gold value is a day (YYYY-MM-DD) the
    first ten characters of ours are compared, so "2024-05-03T10:00" is right for "2024-05-03";
  * over all anchored gold events, an event our system did not find counts as wrong (the headline);
    also reported over the matched ones only, with the recall that separates the two, and the
    baselines over those same matched events (so that the dating rules are compared with them on
    equal terms, trigger recall aside);
  * baselines, given the gold event's position (they find no triggers): the publication date for
    every event (GDELT's rule), and the nearest DATE/TIME mention of our tagger in the event's
    sentence (by character distance to the trigger), else the publication date.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

__all__ = [
    "ANCHOR_SYSTEMS", "AnchorCounts", "AnchorInput", "EventExtractor", "PRF", "datewire_extractor",
    "document_anchors", "match_triggers", "our_anchor_value", "same_value", "sentence_of",
]

EventExtractor = Callable[[str, "date | None"], list[Any]]

# The rows of every anchoring table, in this order.
# nearest_gold_date is a diagnostic: the nearest-date rule given the gold DATE expressions instead of
# our tagger's, which separates what the rule gets wrong from what the tagger gets wrong.
RELATIVE_VALUES = ("PAST_REF", "FUTURE_REF", "PRESENT_REF")
ANCHOR_SYSTEMS = ("datewire", "nearest_date", "nearest_gold_date", "publication_date")


def datewire_extractor(text: str, document_date: date | None) -> list[Any]:
    """Datewire's event extraction from text alone (tagging and sentences included)."""
    from pipeline.events.records import extract_events

    return extract_events(text, document_date)


@dataclass
class PRF:
    """True positives, false positives, false negatives; they add up across documents."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: PRF) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def figures(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": self.precision, "recall": self.recall, "f1": self.f1}


def match_triggers(gold_spans: Sequence[tuple[int, int]], system: Sequence[Any]) -> dict[int, int]:
    """One-to-one pairs gold index -> system index of overlapping spans (TempEval-3 Task B counts an
    event found when the trigger shares a token with the gold one; on word-sized spans a shared
    character is a shared token). Identical spans first, then the largest overlap, then text order."""
    candidates = []
    for i, (g_start, g_end) in enumerate(gold_spans):
        for j, mention in enumerate(system):
            overlap = min(g_end, mention.trigger.end) - max(g_start, mention.trigger.start)
            if overlap > 0:
                exact = (g_start, g_end) == (mention.trigger.start, mention.trigger.end)
                candidates.append((not exact, -overlap, i, j))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, _, i, j in sorted(candidates):
        if i not in pairs and j not in used:
            pairs[i] = j
            used.add(j)
    return pairs


def same_value(ours: str | None, gold: str) -> bool:
    """Whether our date value is the gold one (a day compares at a day's length; see the docstring)."""
    if not ours:
        return False
    if len(gold) == 10 and gold[:4].isdigit() and gold[4] == "-":
        return ours[:10] == gold
    return ours == gold


def our_anchor_value(mention: Any, document_date: date | None) -> str | None:
    """The date value our event carries, as anchoring compares it."""
    if mention.date_basis == "text" and mention.date is not None:
        return getattr(mention.date, "value", None)
    if mention.date_basis == "publication" and getattr(mention.date, "value", None) in RELATIVE_VALUES:
        # "recently": before the publication date, which is what TimeML's PAST_REF says.
        return mention.date.value
    if mention.date_basis == "publication" and document_date is not None:
        return document_date.isoformat()
    return None


def sentence_of(sentences: Sequence[tuple[int, int]], position: int) -> tuple[int, int] | None:
    return next(((s, e) for s, e in sentences if s <= position < e), None)


@dataclass(frozen=True)
class AnchorInput:
    """One anchored gold event: its trigger span, the gold date value, and whether it is the DCT."""

    start: int
    end: int
    gold_value: str
    to_dct: bool


@dataclass
class AnchorCounts:
    """Anchoring tallies; `right` by system (ANCHOR_SYSTEMS), `dct_events` = anchored to the DCT."""

    anchored: int = 0
    matched: int = 0  # anchored gold events our system found
    dct_events: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ANCHOR_SYSTEMS, 0))
    right_text_date: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ANCHOR_SYSTEMS, 0))
    # right among the anchored gold events our system found, by system
    right_matched: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ANCHOR_SYSTEMS, 0))
    # Datewire's anchored gold events by how our event was dated ("text", "publication", "none", or
    # "not found"), each [right, wrong]: where the anchoring errors come from.
    by_basis: dict[str, list[int]] = field(default_factory=dict)

    def add(self, other: AnchorCounts) -> None:
        self.anchored += other.anchored
        self.matched += other.matched
        self.dct_events += other.dct_events
        for name in ANCHOR_SYSTEMS:
            self.right[name] += other.right[name]
            self.right_text_date[name] += other.right_text_date[name]
            self.right_matched[name] += other.right_matched[name]
        for basis, (right, wrong) in other.by_basis.items():
            tally = self.by_basis.setdefault(basis, [0, 0])
            tally[0] += right
            tally[1] += wrong

    def accuracy(self, system: str) -> float:
        return self.right[system] / self.anchored if self.anchored else 0.0

    @property
    def accuracy_matched(self) -> float:
        # An unmatched event is never right, so every right datewire anchor is a matched one.
        return self.right["datewire"] / self.matched if self.matched else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.anchored if self.anchored else 0.0

    def figures(self) -> dict[str, float | int]:
        text_date_events = self.anchored - self.dct_events
        out: dict[str, float | int] = {
            "anchored": self.anchored, "matched": self.matched, "recall": self.recall,
            "dct_events": self.dct_events, "accuracy_matched": self.accuracy_matched,
            "datewire_by_basis": {basis: {"right": right, "wrong": wrong}
                                  for basis, (right, wrong) in sorted(self.by_basis.items())},
        }
        for name in ANCHOR_SYSTEMS:
            out[f"accuracy_{name}"] = self.accuracy(name)
            out[f"accuracy_{name}_text_dates"] = (
                self.right_text_date[name] / text_date_events if text_date_events else 0.0
            )
            out[f"accuracy_{name}_matched"] = self.right_matched[name] / self.matched if self.matched else 0.0
        return out


def document_anchors(
    text: str,
    document_date: date | None,
    gold: Sequence[AnchorInput],
    system: Sequence[Any],
    date_mentions: Sequence[Any],
    sentences: Sequence[tuple[int, int]],
    gold_dates: Sequence[tuple[int, str]] = (),
) -> AnchorCounts:
    """Anchoring tallies of one document. `date_mentions`: our tagger's mentions (start, type, value)
    for the nearest-date baseline; `sentences`: sentence spans of `text`; `gold_dates`: (start, value)
    of the gold DATE expressions in the text, for the nearest_gold_date diagnostic."""
    counts = AnchorCounts()
    publication = document_date.isoformat() if document_date is not None else None
    dated = [m for m in date_mentions if m.type in ("DATE", "TIME") and m.value]
    pairs = match_triggers([(g.start, g.end) for g in gold], system)
    for i, anchor in enumerate(gold):
        counts.anchored += 1
        counts.dct_events += anchor.to_dct
        sentence = sentence_of(sentences, anchor.start) or (anchor.start, anchor.end)
        near = [m for m in dated if sentence[0] <= m.start < sentence[1]]
        nearest = min(near, key=lambda m: abs(m.start - anchor.start)).value if near else publication
        near_gold = [(s, v) for s, v in gold_dates if sentence[0] <= s < sentence[1] and v]
        nearest_gold = min(near_gold, key=lambda d: abs(d[0] - anchor.start))[1] if near_gold else publication
        values = {"nearest_date": nearest, "nearest_gold_date": nearest_gold, "publication_date": publication,
                  "datewire": None}
        basis = "not found"
        if i in pairs:
            counts.matched += 1
            values["datewire"] = our_anchor_value(system[pairs[i]], document_date)
            basis = system[pairs[i]].date_basis
        tally = counts.by_basis.setdefault(basis, [0, 0])
        tally[0 if same_value(values["datewire"], anchor.gold_value) else 1] += 1
        for name, value in values.items():
            ok = same_value(value, anchor.gold_value)
            counts.right[name] += ok
            counts.right_text_date[name] += ok and not anchor.to_dct
            counts.right_matched[name] += ok and i in pairs
    return counts
