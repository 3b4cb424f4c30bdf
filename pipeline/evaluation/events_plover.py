"""Event type, actor countries and places on the PLOVER gold-standard records (PLOVER_GSR_CAMEO).

Each record is one sentence with one coded event: its type in PLOVER 0.5b1 names, source and target
actors (text, ISO 3166 alpha-3 `code` or "IGO", sector), sometimes an `eventLoc` {name, country code
(alpha-2)}. Dates are placeholders (2000-01-01), given to the extractor as the document date.

Type names: 0.5b1 names that PLOVER later merged are mapped onto our taxonomy (PLOVER's 16 types plus
STATEMENT, ELECTION, DECISION, other) in `PLOVER_05_TO_OURS`; the others are the same words.

Which of our events is the record's event: the extractor returns every event of the sentence, the
record codes one. Rule (no gold information): the first event, in text order, that is not of class
reporting or state and has a PLOVER type (not STATEMENT, ELECTION, DECISION or other); failing that,
the first non-reporting event; failing that, the first event. A second figure, with the gold trigger
given, takes our event whose trigger is a word of the gold `eventText` (else the rule's choice): it
shows how much of the type error is the choice of event rather than the type of the right event.

Scores over records (records without a coded actor or place are left out of that figure):
  * type accuracy: the chosen event's type equals the mapped gold type (no event = wrong);
  * source (target) country accuracy: one of the chosen event's source (target) actors carries one
    of the gold source (target) codes; our international and non-governmental organisations (sector
    IGO or NGO, no country) count as the GSR's codes "IGO" and "NGO"; participants count for either
    role, as a reciprocal "A and B met" codes both as sources;
  * place accuracy: one of the chosen event's places is in the gold location's country (alpha-2
    converted to alpha-3 by pycountry), or has its name; with only a name in gold, the name must match.

Development and held-out halves (`record_half`): a record is "dev" when the first byte of the SHA-1
of its id is even, else "held-out" (deterministic, independent of file order). Actor rules are
chosen by reading development errors only; type and source accuracy are also reported per half.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .events_common import EventExtractor, datewire_extractor
from .timeml import ParseFailure

__all__ = [
    "PLOVER_05_TO_OURS", "PloverEvaluation", "choose_event", "evaluate_plover", "gold_type",
    "load_plover_records", "record_half",
]

PLOVER_05_TO_OURS = {
    "DEMAND": "REQUEST",  # 0.5b1 DEMAND became REQUEST
    "DISAPPROVE": "ACCUSE",  # merged into ACCUSE (its mode "disapprove")
    "INVESTIGATE": "ACCUSE",  # merged into ACCUSE (its mode "investigate")
    "FIGHT": "ASSAULT",  # armed fighting, ASSAULT in our taxonomy
}
PLACEHOLDER_DATE = date(2000, 1, 1)
_NOT_PLOVER = frozenset({"STATEMENT", "ELECTION", "DECISION", "other"})


def gold_type(record: dict) -> str:
    return PLOVER_05_TO_OURS.get(record["event"], record["event"])


def record_half(record_id: str) -> str:
    """"dev" or "held-out": the half a record belongs to, by the SHA-1 of its id (module docstring)."""
    return "dev" if hashlib.sha1(record_id.encode("utf-8")).digest()[0] % 2 == 0 else "held-out"


def load_plover_records(path: str | Path) -> list[dict]:
    """The coded records of a GSR file (its DOCUMENT entry and records without text left out)."""
    records = json.loads(Path(path).read_text(encoding="utf-8"))
    return [r for r in records if isinstance(r, dict) and r.get("event") not in (None, "DOCUMENT") and r.get("text")]


def choose_event(events: list[Any], gold_words: set[str] | None = None) -> Any | None:
    """The record's event among ours (module docstring); with `gold_words`, the gold trigger given."""
    if gold_words:
        hit = next((e for e in events if e.trigger.text.lower() in gold_words
                    or getattr(e.trigger, "lemma", "") in gold_words), None)
        if hit is not None:
            return hit
    candidates = [e for e in events if e.trigger.event_class not in ("reporting", "state")]
    return (next((e for e in candidates if e.event_type.event_type not in _NOT_PLOVER), None)
            or (candidates[0] if candidates else None) or (events[0] if events else None))


def _coded_type(event: Any | None) -> str:
    """Our event's type as a PLOVER coder writes it (intentions as AGREE, THREATEN, REJECT, REQUEST)."""
    if event is None:
        return "(no event)"
    from pipeline.events.taxonomy import plover_coded

    return plover_coded(event.event_type, event.modality, event.polarity, getattr(event, "modal", None)).event_type


def _gold_codes(record: dict, key: str) -> set[str]:
    actors = record.get(key) or []
    actors = [actors] if isinstance(actors, dict) else actors if isinstance(actors, list) else []
    return {a["code"] for a in actors if isinstance(a, dict) and a.get("code")}


def _our_codes(event: Any | None, role: str) -> set[str]:
    if event is None:
        return set()
    return {r.actor.country_code or (r.actor.sector if r.actor.sector in ("IGO", "NGO") else None)
            for r in event.actors if r.role in (role, "participant")} - {None}


def _alpha3(alpha2: str | None) -> str | None:
    if not alpha2:
        return None
    import pycountry

    country = pycountry.countries.get(alpha_2=alpha2.upper())
    return country.alpha_3 if country else None


def _place_right(event: Any | None, location: dict) -> bool:
    if event is None:
        return False
    name = (location.get("name") or "").strip().lower()
    country = _alpha3(location.get("country code"))
    for event_place in event.places:
        place = event_place.place
        names = {(place.name or "").lower(), (place.text or "").lower()}
        if (country and place.country_code == country) or (name and name in names):
            return True
    return False


@dataclass
class Tally:
    n: int = 0
    right: int = 0

    def count(self, ok: bool) -> None:
        self.n += 1
        self.right += bool(ok)

    @property
    def accuracy(self) -> float:
        return self.right / self.n if self.n else 0.0


@dataclass
class PloverEvaluation:
    corpus: str
    records: int = 0
    type: Tally = field(default_factory=Tally)
    type_gold_trigger: Tally = field(default_factory=Tally)
    source: Tally = field(default_factory=Tally)
    source_gold_trigger: Tally = field(default_factory=Tally)
    target: Tally = field(default_factory=Tally)
    place: Tally = field(default_factory=Tally)
    halves: dict[str, dict[str, Tally]] = field(default_factory=dict)  # half -> {"type", "source"}
    confusions: dict[str, int] = field(default_factory=dict)  # "GOLD -> OURS" for wrong types
    failures: list[ParseFailure] = field(default_factory=list)

    def figures(self) -> dict[str, Any]:
        tallies = {name: getattr(self, name) for name in ("type", "type_gold_trigger", "source", "source_gold_trigger",
                                                           "target", "place")}
        return {"corpus": self.corpus, "records": self.records,
                **{f"{name}_accuracy": t.accuracy for name, t in tallies.items()},
                **{f"{name}_n": t.n for name, t in tallies.items()},
                "halves": {half: {**{f"{name}_accuracy": t.accuracy for name, t in tallies_.items()},
                                  **{f"{name}_n": t.n for name, t in tallies_.items()}}
                           for half, tallies_ in sorted(self.halves.items())},
                "confusions": dict(sorted(self.confusions.items(), key=lambda kv: -kv[1])),
                "failures": [{"path": f.path, "reason": f.reason} for f in self.failures]}


def evaluate_plover(path: str | Path, extractor: EventExtractor = datewire_extractor) -> PloverEvaluation:
    """Score an extractor on the GSR records of `path` (a .json file, or a folder holding one)."""
    path = Path(path)
    if path.is_dir():
        path = next(iter(sorted(path.glob("PLOVER_GSR*.json"))), path / "PLOVER_GSR_CAMEO.dev.json")
    result = PloverEvaluation(str(path))
    for record in load_plover_records(path):
        result.records += 1
        try:
            events = list(extractor(record["text"], PLACEHOLDER_DATE))
        except Exception as exc:  # noqa: BLE001 - one bad record must not end the evaluation
            result.failures.append(ParseFailure(record.get("id", "?"), f"extractor raised {type(exc).__name__}: {exc}"))
            events = []
        expected = gold_type(record)
        chosen = choose_event(events)
        ours = _coded_type(chosen)
        half = result.halves.setdefault(record_half(record.get("id", "")), {"type": Tally(), "source": Tally()})
        result.type.count(ours == expected)
        half["type"].count(ours == expected)
        if ours != expected:
            key = f"{expected} -> {ours}"
            result.confusions[key] = result.confusions.get(key, 0) + 1
        gold_words = {w.strip(".,").lower() for w in (record.get("eventText") or "").split()}
        given = choose_event(events, gold_words)
        result.type_gold_trigger.count(given is not None and _coded_type(given) == expected)
        for role, tally in (("source", result.source), ("target", result.target)):
            codes = _gold_codes(record, role)
            if codes:
                tally.count(bool(codes & _our_codes(chosen, role)))
                if role == "source":
                    half["source"].count(bool(codes & _our_codes(chosen, role)))
        codes = _gold_codes(record, "source")
        if codes:
            result.source_gold_trigger.count(bool(codes & _our_codes(given, "source")))
        location = record.get("eventLoc")
        if isinstance(location, dict) and (location.get("name") or location.get("country code")):
            result.place.count(_place_right(chosen, location))
    return result
