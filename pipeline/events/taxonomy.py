"""Event types: which kind of happening a trigger names, read from a data file a user can extend.

`data/event_types.tsv` maps trigger lemmas (and a few two-word triggers such as "call for", "step
down") to PLOVER's sixteen types plus STATEMENT, ELECTION and DECISION, with the PLOVER mode the
trigger implies and the CAMEO root code. A user's own file, named by DATEWIRE_EVENT_TYPES, is read
after it and wins. Three kinds of context decide what the lemma alone cannot:
- a light verb takes the type of its object noun ("hold talks" CONSULT, "impose sanctions" SANCTION);
- "strike" is a labour strike (PROTEST) among workers and unions, an attack (ASSAULT) among missiles;
- "fire" is an attack only when opened or aimed ("opened fire", "fired on").
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .model import EventType, Trigger
from .tokens import tokenize

__all__ = ["classify", "plover_coded", "known_event_types", "trigger_lexicon", "load_taxonomy", "TaxonomyError", "TAXONOMY_PATH", "PLOVER_TYPES",
           "OTHER"]

TAXONOMY_PATH = Path(__file__).parent / "data" / "event_types.tsv"
PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
DATEWIRE_TYPES = ("STATEMENT", "ELECTION", "DECISION")
OTHER = "other"
_OTHER = EventType(OTHER, None, None)
_LIGHT_VERBS = frozenset({"hold", "sign", "launch", "impose", "stage", "make", "take", "carry", "conduct",
                          "reach", "issue", "give", "call", "begin", "start", "mount", "open", "announce",
                          "order", "lead", "organize", "organise", "have", "seal", "strike", "broker", "wage",
                          "provide", "send", "deliver", "offer", "pledge", "grant"})
_SKIPPABLE = frozenset({"a", "an", "the", "new", "fresh", "further", "more", "its", "their", "his", "her", "out",
                        "up", "off", "major", "large", "massive", "formal", "first", "second", "joint", "wide",
                        "two", "three", "several", "series", "of", "economic", "military", "trade", "peace",
                        "snap", "early", "general", "national", "presidential", "parliamentary", "nationwide",
                        "brief", "emergency", "direct", "official", "unprecedented", "tough", "sweeping",
                        "food", "humanitarian", "financial", "medical", "nearly", "some", "about", "tons",
                        "mass", "violent", "peaceful", "street", "rival", "fierce", "heavy"})
_ATTACK_CONTEXT = frozenset({"air", "missile", "missiles", "drone", "drones", "rocket", "rockets", "artillery",
                             "military", "precision", "retaliatory", "pre-emptive", "preemptive", "airstrike",
                             "bomber", "bombers", "jets", "warplanes", "targeted", "deadly", "lethal"})
_LABOUR_CONTEXT = frozenset({"union", "unions", "workers", "employees", "staff", "pay", "wages", "wage",
                             "general", "labour", "labor", "hunger", "teachers", "doctors", "nurses", "miners",
                             "dockers", "drivers", "pickets", "walkout", "pensions", "industrial"})


class TaxonomyError(ValueError):
    """A taxonomy file with a row we cannot read; the message names the file and line."""


@dataclass(frozen=True)
class Taxonomy:
    single: dict[str, EventType]
    pairs: dict[tuple[str, str], EventType]

    @property
    def types(self) -> set[str]:
        return {t.event_type for t in (*self.single.values(), *self.pairs.values())} | {OTHER}


def load_taxonomy(paths: list[Path]) -> Taxonomy:
    single: dict[str, EventType] = {}
    pairs: dict[tuple[str, str], EventType] = {}
    for path in paths:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise TaxonomyError(f"cannot read the event taxonomy {path}: {exc}") from exc
        for number, line in enumerate(lines, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = [c.strip() for c in line.split("\t")]
            if len(cells) < 2 or not cells[0] or not cells[1]:
                raise TaxonomyError(f"{path}, line {number}: expected 'trigger<TAB>event_type<TAB>mode<TAB>"
                                    f"cameo_root', got {line!r}")
            trigger, event_type = cells[0].lower(), cells[1]
            mode = cells[2] if len(cells) > 2 and cells[2] else None
            root = cells[3] if len(cells) > 3 and cells[3] else None
            if root is not None and not (len(root) == 2 and root.isdigit() and 1 <= int(root) <= 20):
                raise TaxonomyError(f"{path}, line {number}: CAMEO root {root!r} is not a code 01..20")
            if not (event_type in PLOVER_TYPES or event_type in DATEWIRE_TYPES or event_type == OTHER
                    or event_type.isupper()):
                raise TaxonomyError(f"{path}, line {number}: event type {event_type!r} must be upper case "
                                    f"(PLOVER's {', '.join(PLOVER_TYPES)}, or a type of your own)")
            words = trigger.split()
            entry = EventType(event_type, mode, root)
            if len(words) == 1:
                single[words[0]] = entry
            elif len(words) == 2:
                pairs[(words[0], words[1])] = entry
            else:
                raise TaxonomyError(f"{path}, line {number}: a trigger has one or two words, got {trigger!r}")
    return Taxonomy(single, pairs)


def _paths() -> tuple[Path, ...]:
    extra = os.environ.get("DATEWIRE_EVENT_TYPES")
    return (TAXONOMY_PATH, Path(extra)) if extra else (TAXONOMY_PATH,)


@lru_cache(maxsize=4)
def _taxonomy(paths: tuple[Path, ...]) -> Taxonomy:
    return load_taxonomy(list(paths))


def trigger_lexicon() -> frozenset[str]:
    """The one-word triggers of the taxonomy in force, and the first words of its two-word ones."""
    taxonomy = _taxonomy(_paths())
    return frozenset(taxonomy.single) | frozenset(first for first, _ in taxonomy.pairs)


def known_event_types() -> set[str]:
    """Every event type the taxonomy in force can give (for the quality gate)."""
    return _taxonomy(_paths()).types


def classify(trigger: Trigger, text: str, after: list[str] | None = None) -> EventType:
    """The event type of a trigger, from its lemma and the words around it in its sentence. `after`, when
    the caller has it, is what this computes first: the lower-case words of the 80 characters after the
    trigger (within its sentence), at most six (records.words_after takes them from the sentence's tokens)."""
    taxonomy = _taxonomy(_paths())
    if after is None:
        after = [t.lower for t in tokenize(text, trigger.end, min(trigger.sentence[1], trigger.end + 80))][:6]
    lemma = trigger.lemma
    if after and (lemma, after[0]) in taxonomy.pairs:
        return taxonomy.pairs[(lemma, after[0])]
    if lemma == "strike" or lemma == "strikes":
        return _strike(trigger, text, taxonomy)
    if lemma == "fire" and not _aimed_fire(trigger, text, after):
        return _OTHER
    if lemma in _LIGHT_VERBS and trigger.pos == "VERB":
        for word in after:
            if word in _SKIPPABLE:
                continue
            found = _noun_type(word, taxonomy)
            if found is not None:
                return found
            break
    found = taxonomy.single.get(lemma)
    if found is not None:
        return found
    if trigger.event_class == "reporting":
        return taxonomy.single.get("say", EventType("STATEMENT", None, "01"))
    return _OTHER


def _noun_type(word: str, taxonomy: Taxonomy) -> EventType | None:
    from .triggers import lemma_of  # noqa: PLC0415  (triggers imports the model; keep import order simple)

    return taxonomy.single.get(word) or taxonomy.single.get(lemma_of(word, "NOUN"))


def _strike(trigger: Trigger, text: str, taxonomy: Taxonomy) -> EventType:
    words = {t.lower for t in tokenize(text, *trigger.sentence)}
    before = [t.lower for t in tokenize(text, max(trigger.sentence[0], trigger.start - 40), trigger.start)][-3:]
    if words & _LABOUR_CONTEXT and not set(before) & _ATTACK_CONTEXT:
        return EventType("PROTEST", "strike", "14")
    if set(before) & {"air", "drone", "drones", "missile"}:
        return EventType("ASSAULT", "aerial", "19")
    return taxonomy.single.get("strike", EventType("ASSAULT", None, "19"))


def _aimed_fire(trigger: Trigger, text: str, after: list[str]) -> bool:
    before = [t.lower for t in tokenize(text, max(trigger.sentence[0], trigger.start - 30), trigger.start)][-2:]
    if {"open", "opened", "opens", "opening", "returned", "heavy", "artillery", "sniper"} & set(before):
        return True
    if after and after[0] == "at":
        # "fired at the police" is aimed; "a fire at the supermarket" is where a blaze was.
        return trigger.pos == "VERB" or trigger.text.lower() != "fire"
    if after and after[0] in ("on", "upon", "into"):
        return True
    # "tanks fired four shells at targets": a weapon as the object of the verb, within a few words
    # (a dismissal, "fired the minister", names no weapon).
    # The verb's inflected forms count even where the tagger calls them nouns ("Police fired tear gas").
    as_verb = trigger.pos == "VERB" or trigger.text.lower() in ("fired", "fires", "firing")
    return as_verb and bool(set(after[:4]) & _WEAPONS)


_WEAPONS = frozenset({"shot", "shots", "missile", "missiles", "rocket", "rockets", "shell", "shells", "bomb",
                      "bombs", "mortar", "mortars", "round", "rounds", "bullet", "bullets", "grenade", "grenades",
                      "salvo", "salvos", "volley", "volleys", "projectile", "projectiles", "artillery",
                      "warning", "tear", "teargas", "gas", "cannon", "torpedo", "torpedoes", "weapons"})


# How PLOVER and CAMEO code what has not happened: a promise or offer of cooperation is AGREE (CAMEO 03,
# "express intent to cooperate"), a stated intent to harm is THREATEN (13), a refusal to cooperate in
# future is REJECT (12), and "X must do Y" is REQUEST (10). Datewire keeps the intended event's own type
# and says that it has not happened in `modality`; `plover_coded` gives the type a PLOVER coder writes.
_COOPERATIVE = frozenset({"AGREE", "SUPPORT", "AID", "CONCEDE", "RETREAT", "COOPERATE", "CONSULT", OTHER})
_HOSTILE = frozenset({"ASSAULT", "COERCE", "SANCTION", "PROTEST", "MOBILIZE"})
_OBLIGATION_MODALS = frozenset({"must", "should", "ought", "need"})
# Cooperation that did not happen, or will not, is coded as its refusal (CAMEO 12: "refuse to ...",
# "reject proposal"): "failed to reach an agreement", "refused to sign", "will not send aid". Not for
# events of no type: "did not happen" is no rejection of anything.
_REFUSABLE = _COOPERATIVE - {OTHER}


def plover_coded(event_type: EventType, modality: str, polarity: str, modal: str | None = None) -> EventType:
    """The PLOVER type of an event as PLOVER's coders write intentions and refusals (see above); a
    happened event keeps its own type."""
    kind = event_type.event_type
    if polarity == "negative" and kind in _REFUSABLE and modality != "hypothetical":
        return EventType("REJECT", None, "12")
    if modality == "future":
        if polarity == "negative" and kind in _COOPERATIVE:
            return EventType("REJECT", None, "12")
        if kind in _COOPERATIVE:
            return EventType("AGREE", None, "03")
        if kind in _HOSTILE:
            return EventType("THREATEN", None, "13")
    if modal in _OBLIGATION_MODALS and polarity == "positive" and kind in _COOPERATIVE | _HOSTILE:
        return EventType("REQUEST", None, "10")
    return event_type
