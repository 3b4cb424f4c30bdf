"""Builders of staged rows for tests: one well-formed document with its mentions and events."""
from __future__ import annotations

from datetime import date

from pipeline.models import content_hash
from pipeline.staging import Shard

TEXT = "The talks began on 3 May 2024. Nobody came on Friday."


def document_row(doc_id: str = "doc-a", text: str = TEXT, published: date | None = date(2024, 5, 10),
                 **changes) -> dict:
    row = {
        "doc_id": doc_id, "source": f"/in/{doc_id}.txt", "locator": "", "input_format": "txt",
        "encoding": "utf-8", "publisher": None, "title": None, "url": None, "author": None,
        "published_date": published, "published_source": "metadata" if published else "unknown",
        "published_evidence": None, "anchor_date": published, "anchor_source": "metadata" if published else "unknown",
        "date_order": "DMY", "text": text, "n_chars": len(text), "body_spans": None, "raw_html": None,
        "content_hash": content_hash(text, published), "extractor_version": "test",
    }
    row.update(changes)
    return row


def mention_row(doc_id: str = "doc-a", text: str = TEXT, phrase: str = "3 May 2024",
                start_date: date | None = date(2024, 5, 3), end_date: date | None = None, **changes) -> dict:
    start = text.index(phrase)
    row = {
        "mention_id": f"{doc_id}:{start}-{start + len(phrase)}", "doc_id": doc_id,
        "start": start, "end": start + len(phrase), "text": phrase, "timex_type": "DATE",
        "timex_value": start_date.isoformat() if start_date else "XXXX", "timex_mod": None,
        "date_start": start_date, "date_end": end_date or start_date, "granularity": "day",
        "anchor": "explicit", "repaired": None, "in_body": True, "sentence_start": 0, "sentence_end": 30,
    }
    row.update(changes)
    return row


def event_row(mention: dict, text: str = TEXT, trigger: str = "began", **changes) -> dict:
    """An event whose trigger is the first `trigger` of the text, dated by `mention`."""
    start = text.index(trigger)
    row = {
        "event_id": f"{mention['doc_id']}:e{start}", "doc_id": mention["doc_id"],
        "mention_id": mention["mention_id"], "sentence": "The talks began on 3 May 2024.",
        "sentence_start": 0, "sentence_end": 30,
        "event_date_start": mention["date_start"], "event_date_end": mention["date_end"],
        "granularity": mention["granularity"],
        "trigger_start": start, "trigger_end": start + len(trigger), "trigger_text": trigger,
        "trigger_lemma": trigger, "event_class": "aspectual", "event_type": "other", "plover_mode": None,
        "cameo_root": None, "modality": "asserted", "polarity": "positive", "date_basis": "text",
        "confidence": 0.9, "frame_event_id": None,
    }
    row.update(changes)
    return row


def actor_row(event: dict, phrase: str = "Nobody", text: str = TEXT, **changes) -> dict:
    start = text.index(phrase)
    row = {"event_id": event["event_id"], "doc_id": event["doc_id"], "role": "source", "text": phrase,
           "start": start, "end": start + len(phrase), "canonical_name": None, "country_code": None,
           "sector": None, "actor_kind": "person", "resolution": "unresolved"}
    row.update(changes)
    return row


def place_row(event: dict, phrase: str = "talks", text: str = TEXT, **changes) -> dict:
    start = text.index(phrase)
    row = {"event_id": event["event_id"], "doc_id": event["doc_id"], "text": phrase, "start": start,
           "end": start + len(phrase), "name": "Talks", "country_code": "FRA", "lat": 48.85, "lon": 2.35,
           "geo_precision": 1, "resolution": "gazetteer", "candidates": []}
    row.update(changes)
    return row


def shard_of(documents: list[dict], mentions: list[dict], events: list[dict], rejections=None,
             actors: list[dict] | None = None, places: list[dict] | None = None) -> Shard:
    return Shard.from_rows(
        {"documents": documents, "mentions": mentions, "events": events, "rejections": rejections or [],
         "event_actors": actors or [], "event_places": places or []},
        {"shard": 0, "n_inputs": len(documents), "n_documents": len(documents), "n_unchanged": 0,
         "n_rejected_inputs": 0, "n_mentions": len(mentions), "n_events": len(events),
         "n_rejections": len(rejections or []), "unchanged_doc_ids": []})
