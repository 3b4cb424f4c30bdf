"""The dataclasses the event modules speak. Offsets are Python string indices into the document text,
the same text `datewire extract` reports on, so `text[start:end] == <the span's text>` always holds.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

__all__ = [
    "Token", "Trigger", "ActorMention", "EventActor", "PlaceMention", "EventPlace", "EventType",
    "EventMention", "EVENT_CLASSES", "MODALITIES", "POLARITIES", "DATE_BASES", "ACTOR_ROLES",
    "GEO_PRECISIONS",
]

# TimeML's event classes (TimeBank's spelling, lower case).
EVENT_CLASSES = ("occurrence", "reporting", "state", "i_action", "i_state", "aspectual", "perception")
# Whether and how it happened. Polarity is a field of its own: a negated future event is
# modality "future", polarity "negative".
MODALITIES = ("asserted", "reported", "future", "hypothetical")
POLARITIES = ("positive", "negative")
# How the event is dated: a date expression governs it; only tense ties it to the publication date;
# or nothing dates it.
DATE_BASES = ("text", "publication", "none")
ACTOR_ROLES = ("source", "target", "participant", "speaker")
# ACLED's geo_precision: 1 a town or finer, 2 a region, 3 a country.
GEO_PRECISIONS = (1, 2, 3)


class Token(NamedTuple):
    """A word or punctuation mark; a tuple because documents have hundreds of thousands of them."""

    start: int
    end: int
    text: str
    lower: str


@dataclass
class Trigger:
    """A word (or a short multiword like 'call for') that names an event."""

    start: int
    end: int
    text: str
    lemma: str  # lower-case base form: "met" -> "meet", "talks" -> "talk"
    pos: str  # "VERB" | "NOUN" | "ADJ" | "OTHER": the part of speech as far as we can tell
    event_class: str  # one of EVENT_CLASSES
    sentence: tuple[int, int]
    passive: bool = False  # "was attacked by X": the source actor follows the trigger
    confidence: float = 1.0


@dataclass
class ActorMention:
    """A span of the document that names (or refers back to) an actor, with what it resolved to."""

    start: int
    end: int
    text: str
    canonical_name: str | None
    country_code: str | None  # ISO 3166-1 alpha-3, or None (international organisations, unknown)
    sector: str | None  # GOV MIL REB OPP CIV IGO MED BUS JUD LEG POL REL ... as in PLOVER/CAMEO
    kind: str  # person | organisation | government | military | country | group | role | pronoun
    # How it was resolved: alias (the alias file), country (pycountry name), demonym, role (a role
    # noun tied to the nearest fitting actor), pronoun (the nearest fitting actor), metonym (a capital
    # standing for its government), name (a proper name not in any list), context (a titled official
    # in no list placed in the one country its sentence names), unresolved.
    resolution: str
    antecedent: tuple[int, int] | None = None  # for role and pronoun: the span it was tied to


@dataclass
class EventActor:
    role: str  # one of ACTOR_ROLES
    actor: ActorMention


@dataclass
class PlaceMention:
    start: int
    end: int
    text: str
    name: str | None  # the gazetteer's name
    country_code: str | None  # ISO 3166-1 alpha-3
    lat: float | None
    lon: float | None
    geo_precision: int | None  # one of GEO_PRECISIONS
    # gazetteer (one entry fits), context (several fit, the document's other places decided),
    # ambiguous (several fit, undecided: name/lat/lon stay None), unresolved (no entry)
    resolution: str
    candidates: list[str] = field(default_factory=list)  # "Paris, FRA" ... when ambiguous


@dataclass
class EventPlace:
    place: PlaceMention


@dataclass(frozen=True)
class EventType:
    event_type: str  # PLOVER type (AGREE ... ASSAULT), or STATEMENT, ELECTION, DECISION, other
    plover_mode: str | None  # the trigger's mode where it says one ("protest" -> "demonstrate")
    cameo_root: str | None  # two-digit CAMEO root code, "01" ... "20"


@dataclass
class EventMention:
    doc_id: str
    trigger: Trigger
    event_type: EventType
    modality: str  # one of MODALITIES
    polarity: str  # one of POLARITIES
    date_basis: str  # one of DATE_BASES
    date: object | None  # the governing pipeline.temporal.TemporalMention, or None
    actors: list[EventActor] = field(default_factory=list)
    places: list[EventPlace] = field(default_factory=list)
    confidence: float = 1.0
    frame: tuple[int, int] | None = None  # the reporting trigger whose speaker reports this event
    modal: str | None = None  # the modal word of the verb group ("would"), as TimeML's modality
