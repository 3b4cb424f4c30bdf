"""Event records: triggers, modality, type, actors, places and the governing date, put together.

`extract_events(text, document_date)` is the whole event layer over one document; the extraction stage
calls `document_events` with what it already computed (temporal mentions, sentences, body spans), and
`warehouse_rows` turns the records into rows of `events`, `event_actors` and `event_places`.
`event_record` is the `datewire events` JSON contract.
"""
from __future__ import annotations

import bisect
from collections.abc import Sequence
from datetime import date

from pipeline import budget

from . import actors as actor_layer
from . import places as place_layer
from .dating import DATABLE_TYPES, governing_date, is_relative
from .modality import modality_of
from .model import EventMention, Trigger
from .sentence_dates import is_publication_stamp
from .sentence_tokens import TokenIndex
from .story_dates import date_by_coreference, date_by_story
from .taxonomy import classify, plover_coded, trigger_lexicon
from .triggers import event_nouns, find_triggers

__all__ = ["extract_events", "document_events", "event_record", "warehouse_rows", "event_id_of"]


def event_id_of(doc_id: str, trigger: Trigger) -> str:
    return f"{doc_id}:e{trigger.start}"


def extract_events(text: str, document_date: date | None = None, *, doc_id: str = "",
                   reference_date: date | None = None) -> list[EventMention]:
    """Every event mention of a document, from its text alone (tagging and sentences included)."""
    from pipeline import temporal
    from pipeline.sentences import sentence_spans

    result = temporal.tag(text, document_date, reference_date=reference_date)
    anchor = document_date or (result.anchor_date if result.anchor_source != "unknown" else None)
    sentences = sentence_spans(text, keep_whole=[(m.start, m.end) for m in result.mentions])
    return document_events(doc_id, text, result.mentions, sentences, None, anchor)


# Every lookup below that relates one list of spans to another (sentences to body spans, mentions,
# actors and places to sentences) goes through a sorted index: a scan per item was quadratic in the
# length of the document (a 400 KB article spent 7 s matching dates to sentences alone).

def _covered(spans: Sequence[tuple[int, int]]):
    """A test "is [start, end) inside one of `spans`?" in O(log n); spans may overlap."""
    ordered = sorted(spans)
    starts = [s for s, _ in ordered]
    reach, furthest = [], -1
    for _, e in ordered:
        furthest = max(furthest, e)
        reach.append(furthest)

    def covered(start: int, end: int) -> bool:
        i = bisect.bisect_right(starts, start) - 1
        return i >= 0 and reach[i] >= end
    return covered


def _within_sentences(items: Sequence, sentences: Sequence[tuple[int, int]]) -> dict[tuple[int, int], list]:
    """For each sentence, the items (anything with .start and .end) lying inside it, in text order."""
    ordered = sorted(items, key=lambda item: (item.start, item.end))
    starts = [item.start for item in ordered]
    inside = {}
    for start, end in sentences:
        lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        inside[(start, end)] = [item for item in ordered[lo:hi] if item.end <= end]
    return inside


def _body_sentences(text: str, sentences: Sequence[tuple[int, int]],
                    body_spans: list[tuple[int, int]] | None) -> list[tuple[int, int]]:
    """Body sentences, each distinct sentence once: a teaser repeated on a page is one report."""
    seen: set[str] = set()
    kept = []
    in_body = _covered(body_spans) if body_spans is not None else None
    for start, end in sentences:
        if in_body is not None and not in_body(start, end):
            continue
        key = " ".join(text[start:end].split()).lower()
        if key in seen:
            continue
        seen.add(key)
        kept.append((start, end))
    return kept


def document_events(doc_id: str, text: str, mentions: Sequence, sentences: Sequence[tuple[int, int]],
                    body_spans: list[tuple[int, int]] | None, document_date: date | None) -> list[EventMention]:
    """The event mentions of one document, given its temporal mentions and sentence spans."""
    body = _body_sentences(text, sentences, body_spans)
    if not body:
        return []
    stamps = [m for m in mentions if is_publication_stamp(text, m.start, m.end)]
    stamp_ids = {id(m) for m in stamps}
    datable = [m for m in mentions if m.type in DATABLE_TYPES and (m.date_start is not None or is_relative(m))
               and id(m) not in stamp_ids]
    # Each body sentence is tokenised once, here, for triggers, actors, places, modality and dating.
    token_index = TokenIndex(text)
    triggers = find_triggers(text, body, lexicon=trigger_lexicon(), nouns=event_nouns(), tokens=token_index)
    doc_actors = actor_layer.find_actors(text, body, tokens=token_index)
    doc_places = place_layer.find_places(text, body, doc_actors, tokens=token_index)

    by_sentence: dict[tuple[int, int], list[Trigger]] = {}
    for trigger in triggers:
        by_sentence.setdefault(trigger.sentence, []).append(trigger)
    dates_in = _within_sentences(datable, list(by_sentence))
    actors_in = _within_sentences(doc_actors, list(by_sentence))
    places_in = _within_sentences(doc_places, list(by_sentence))
    events: list[EventMention] = []
    # "Published 3 May 2024", "KYIV, May 2 (AP) —": the line up to a publication stamp is page furniture.
    # Up to the line's start, but not past the stamp's sentence: on a text of one long line the line
    # is the whole document (and searching back to its start, once per stamp, was quadratic).
    sentence_starts = [start for start, _ in sentences]
    furniture = []
    for m in stamps:
        k = bisect.bisect_right(sentence_starts, m.start) - 1
        floor = sentences[k][0] if k >= 0 else 0
        furniture.append((text.rfind("\n", floor, m.start) + 1 or floor, m.end))
    in_furniture = _covered(furniture)
    for sentence, sentence_triggers in by_sentence.items():
        budget.check("events")
        sentence_triggers = [t for t in sentence_triggers if not in_furniture(t.start, t.start + 1)]
        sentence_tokens = token_index.sentence(*sentence)
        tokens, segments, index = sentence_tokens.tokens, sentence_tokens.segments, sentence_tokens.index
        dates = dates_in[sentence]
        sentence_actors, sentence_places = actors_in[sentence], places_in[sentence]
        frames = [(t, index[t.start]) for t in sentence_triggers if t.event_class == "reporting" and t.start in index]
        speaker_of: dict[int, list] = {}  # id(frame) -> its speaker roles: a frame reports many events
        for trigger in sentence_triggers:
            i = index.get(trigger.start)
            if i is None:
                continue
            # A reporting event is not itself reported by its neighbour: "X said Y, Z added" has two
            # statements, each its own speaker's.
            mood = modality_of(trigger, tokens, i, segments,
                               [] if trigger.event_class == "reporting" else frames)
            governing = governing_date(i, tokens, segments, dates, framed=mood.frame is not None,
                                       reporting=trigger.event_class == "reporting", trigger=trigger,
                                       document_date=document_date)
            modality = mood.modality
            if is_relative(governing):
                # "recently cut", "will recover soon": dated relative to the publication, by these words.
                basis = "publication" if document_date is not None else "none"
                if (governing.value == "FUTURE_REF" and modality in ("asserted", "reported")
                        and trigger.event_class != "reporting"):
                    modality = "future"
            elif governing is not None:
                basis = "text"
                if (modality in ("asserted", "reported") and document_date is not None
                        and trigger.event_class != "reporting"
                        and governing.date_start is not None and governing.date_start > document_date):
                    # "Belarusians are going to the polls on Feb. 27" in an article of Feb. 24: not yet.
                    modality = "future"
            elif document_date is not None:
                basis = "publication"
            else:
                basis = "none"
            roles = actor_layer.actors_for_event(trigger, text, sentence_actors, token_index)
            if mood.frame is not None:
                speakers = speaker_of.get(id(mood.frame))
                if speakers is None:
                    speakers = speaker_of[id(mood.frame)] = [
                        r for r in actor_layer.actors_for_event(mood.frame, text, sentence_actors, token_index)
                        if r.role in ("speaker", "source")]
                for speaker in speakers[:1]:
                    roles.append(type(speaker)("speaker", speaker.actor))
            events.append(EventMention(
                doc_id=doc_id, trigger=trigger, event_type=classify(trigger, text, token_index.words_after(sentence_tokens, i, 80, 6)), modality=modality,
                polarity=mood.polarity, date_basis=basis, date=governing, actors=roles,
                places=place_layer.places_for_event(trigger, text, sentence_places, token_index),
                confidence=trigger.confidence, frame=(mood.frame.start, mood.frame.end) if mood.frame else None,
                modal=mood.modal,
            ))
    events.sort(key=lambda e: e.trigger.start)
    date_by_coreference(events)
    date_by_story(events, text, document_date)
    return events


def _date_range(event: EventMention, document_date: date | None) -> tuple[date | None, date | None, str | None]:
    if event.date_basis == "text":
        return event.date.date_start, event.date.date_end, event.date.granularity
    if event.date_basis == "publication":
        # Only tense ties it to the publication date: on or before it, or (future) on or after it.
        if event.modality == "future":
            return document_date, None, None
        return None, document_date, None
    return None, None, None


def event_record(event: EventMention, text: str, document_date: date | None = None) -> dict:
    """The `datewire events` contract: one JSON-ready object per event mention."""
    trigger = event.trigger
    date_start, date_end, _ = _date_range(event, document_date)
    governing = event.date
    return {
        "doc_id": event.doc_id,
        "trigger": {"start": trigger.start, "end": trigger.end, "text": trigger.text},
        "lemma": trigger.lemma,
        "event_class": trigger.event_class,
        "event_type": event.event_type.event_type,
        "plover_mode": event.event_type.plover_mode,
        "cameo_root": event.event_type.cameo_root,
        # As PLOVER's coders write what has not happened: "will provide aid" is AGREE, "will blockade"
        # THREATEN (taxonomy.plover_coded); event_type keeps the intended event's own type.
        "plover_coded_type": plover_coded(event.event_type, event.modality, event.polarity,
                                          event.modal).event_type,
        "modality": event.modality,
        "polarity": event.polarity,
        "date_basis": event.date_basis,
        "date": None if governing is None else {
            "start": governing.start, "end": governing.end, "text": governing.text, "timex": governing.value,
            "date_start": governing.date_start.isoformat() if governing.date_start else None,
            "date_end": governing.date_end.isoformat() if governing.date_end else None,
        },
        "event_date_start": date_start.isoformat() if date_start else None,
        "event_date_end": date_end.isoformat() if date_end else None,
        "actors": [{"role": r.role, "start": r.actor.start, "end": r.actor.end, "text": r.actor.text,
                    "canonical_name": r.actor.canonical_name, "country_code": r.actor.country_code,
                    "sector": r.actor.sector} for r in event.actors],
        "places": [{"start": p.place.start, "end": p.place.end, "text": p.place.text, "name": p.place.name,
                    "country_code": p.place.country_code, "lat": p.place.lat, "lon": p.place.lon,
                    "geo_precision": p.place.geo_precision} for p in event.places],
        "sentence": {"start": trigger.sentence[0], "end": trigger.sentence[1]},
        "confidence": event.confidence,
    }


def warehouse_rows(doc_id: str, text: str, events: Sequence[EventMention], document_date: date | None,
                   mention_ids: dict[tuple[int, int], str]) -> tuple[list[dict], list[dict], list[dict]]:
    """Rows of events, event_actors and event_places (see sql/schema/)."""
    event_rows, actor_rows, place_rows = [], [], []
    frame_ids = {(e.trigger.start, e.trigger.end): event_id_of(doc_id, e.trigger) for e in events}
    for event in events:
        trigger = event.trigger
        event_id = event_id_of(doc_id, trigger)
        date_start, date_end, granularity = _date_range(event, document_date)
        event_rows.append({
            "event_id": event_id, "doc_id": doc_id,
            "mention_id": mention_ids.get((event.date.start, event.date.end)) if event.date is not None else None,
            "sentence": " ".join(text[trigger.sentence[0]:trigger.sentence[1]].split()),
            "sentence_start": trigger.sentence[0], "sentence_end": trigger.sentence[1],
            "event_date_start": date_start, "event_date_end": date_end, "granularity": granularity,
            "trigger_start": trigger.start, "trigger_end": trigger.end, "trigger_text": trigger.text,
            "trigger_lemma": trigger.lemma, "event_class": trigger.event_class,
            "event_type": event.event_type.event_type, "plover_mode": event.event_type.plover_mode,
            "cameo_root": event.event_type.cameo_root, "modality": event.modality, "polarity": event.polarity,
            "date_basis": event.date_basis, "confidence": float(event.confidence),
            "frame_event_id": frame_ids.get(event.frame) if event.frame else None,
        })
        seen_roles = set()
        for role in event.actors:
            actor = role.actor
            key = (role.role, actor.start)
            if key in seen_roles:
                continue
            seen_roles.add(key)
            actor_rows.append({
                "event_id": event_id, "doc_id": doc_id, "role": role.role, "text": actor.text,
                "start": actor.start, "end": actor.end, "canonical_name": actor.canonical_name,
                "country_code": actor.country_code, "sector": actor.sector, "actor_kind": actor.kind,
                "resolution": actor.resolution,
            })
        for event_place in event.places:
            place = event_place.place
            place_rows.append({
                "event_id": event_id, "doc_id": doc_id, "text": place.text, "start": place.start, "end": place.end,
                "name": place.name, "country_code": place.country_code, "lat": place.lat, "lon": place.lon,
                "geo_precision": place.geo_precision, "resolution": place.resolution,
                "candidates": list(place.candidates),
            })
    return event_rows, actor_rows, place_rows
