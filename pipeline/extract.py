"""The extraction stage: documents in, temporal mentions and dated events out.

Each document is tagged (pipeline.temporal), its mentions are placed in sentences and marked in or out
of the article body, and its events are derived (pipeline.events). A document whose content hash
matches what the warehouse already holds is skipped without tagging. Nothing here raises for bad
content: a document that cannot be extracted becomes a rejection and the batch goes on.
"""
from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field

from pipeline import budget, temporal
from pipeline.events.records import document_events, event_record, warehouse_rows
from pipeline.inputs import InputFile, read_input
from pipeline.models import Document, Rejection, rejection_row
from pipeline.sentences import SentenceIndex
from pipeline.settings import Settings
from pipeline.staging import Shard

__all__ = ["EXTRACTOR_VERSION", "DocumentExtraction", "extract_document", "extract_batch", "mention_record",
           "event_records", "load_resources", "extract_bounded"]

log = logging.getLogger(__name__)

# Part of what decides whether a loaded document is "unchanged": bump it when tagging or event
# extraction changes, and the next run re-extracts every document with the new code.
EXTRACTOR_VERSION = "2026.12.02.1"
PROGRESS_EVERY = 1000


@dataclass
class DocumentExtraction:
    document: dict
    mentions: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    rejections: list[dict] = field(default_factory=list)
    event_actors: list[dict] = field(default_factory=list)
    event_places: list[dict] = field(default_factory=list)
    event_mentions: list = field(default_factory=list)  # pipeline.events.model.EventMention, for `datewire events`


def extract_document(document: Document, settings: Settings) -> DocumentExtraction:
    """Tag one document and derive its mention, event and document rows."""
    metadata_date = document.published_date if document.published_source == "metadata" else None
    # Body spans keep page furniture (related-post teasers, comment timestamps) out of the evidence
    # for the document's own date; mentions are still found in the whole text.
    result = temporal.tag(document.text, metadata_date, reference_date=settings.reference_date,
                          body_spans=document.body_spans)
    budget.check("temporal tagging")

    published_date, published_source, evidence = document.published_date, document.published_source, \
        document.published_evidence
    if metadata_date is None and result.anchor_source == "inferred":
        published_date, published_source, evidence = result.anchor_date, "inferred", result.anchor_evidence

    # A date stays inside one sentence even where an over-long sentence is cut (pipeline.sentences).
    sentences = SentenceIndex.of(document.text, keep_whole=[(m.start, m.end) for m in result.mentions])
    budget.check("sentence splitting")
    mentions = []
    for m in result.mentions:
        sentence_start, sentence_end = sentences.span_at(m.start, m.end)
        mentions.append({
            "mention_id": f"{document.doc_id}:{m.start}-{m.end}",
            "doc_id": document.doc_id,
            "start": m.start, "end": m.end, "text": m.text,
            "timex_type": m.type, "timex_value": m.value, "timex_mod": m.mod,
            "date_start": m.date_start, "date_end": m.date_end, "granularity": m.granularity,
            "anchor": m.anchor, "repaired": m.repaired,
            "in_body": document.in_body(m.start, m.end),
            "sentence_start": sentence_start, "sentence_end": sentence_end,
        })
    rejections = [
        rejection_row(document.source, f"chars {p.start}-{p.end}" + (f" of {document.locator}"
                                                                       if document.locator else ""),
                      "extract", p.reason, p.text, document.doc_id)
        for p in result.problems
    ]
    row = {
        "doc_id": document.doc_id, "source": document.source, "locator": document.locator,
        "input_format": document.input_format, "encoding": document.encoding,
        "publisher": document.publisher, "title": document.title, "url": document.url,
        "author": document.author,
        "published_date": published_date, "published_source": published_source,
        "published_evidence": evidence,
        "anchor_date": result.anchor_date, "anchor_source": result.anchor_source,
        "date_order": result.date_order,
        "text": document.text, "n_chars": document.n_chars,
        "body_spans": [{"start": s, "end": e} for s, e in document.body_spans]
        if document.body_spans is not None else None,
        "raw_html": document.raw_html, "content_hash": document.content_hash,
        "extractor_version": EXTRACTOR_VERSION,
    }
    # Relative dates and tense-only event dates rest on the date the article was written; the reference
    # date stands in for it when the document has none.
    event_anchor = published_date or (result.anchor_date if result.anchor_source != "unknown" else None)
    event_mentions = document_events(document.doc_id, document.text, result.mentions, sentences.spans,
                                     document.body_spans, event_anchor)
    budget.check("event extraction")
    mention_ids = {(m["start"], m["end"]): m["mention_id"] for m in mentions}
    events, event_actors, event_places = warehouse_rows(document.doc_id, document.text, event_mentions,
                                                        event_anchor, mention_ids)
    budget.check("event rows")
    return DocumentExtraction(row, mentions, events, rejections, event_actors, event_places, event_mentions)


_WARM_UP = Document(doc_id="warm-up", text="On 3 May 2024 the council in Lisbon approved the budget, officials said.",
                    source="warm-up")
_loaded = False


def load_resources(settings: Settings) -> None:
    """Load, once per process, everything extraction loads on first use (trigger model, lexicons,
    gazetteer: about 2 s), by extracting a one-sentence document."""
    global _loaded
    if not _loaded:
        extract_document(_WARM_UP, settings)
        _loaded = True


def event_records(extraction: DocumentExtraction) -> Iterable[dict]:
    """The `datewire events` contract: one JSON-ready object per event mention."""
    text = extraction.document["text"]
    anchor = extraction.document["published_date"] or extraction.document["anchor_date"]
    for event in extraction.event_mentions:
        yield event_record(event, text, anchor)


def mention_record(extraction: DocumentExtraction) -> Iterable[dict]:
    """The `datewire extract` contract: one JSON-ready object per temporal expression."""
    text = extraction.document["text"]
    for m in extraction.mentions:
        yield {
            "doc_id": m["doc_id"], "start": m["start"], "end": m["end"], "text": m["text"],
            "type": m["timex_type"], "timex": m["timex_value"],
            "date_start": m["date_start"].isoformat() if m["date_start"] else None,
            "date_end": m["date_end"].isoformat() if m["date_end"] else None,
            "granularity": m["granularity"], "in_body": m["in_body"],
            "sentence": " ".join(text[m["sentence_start"]:m["sentence_end"]].split()),
        }


def extract_bounded(document: Document, settings: Settings) -> tuple[DocumentExtraction | None, dict | None]:
    """Extract one document within its budget (settings.document_budget, document_memory_mb).

    Returns (extraction, None), or (None, a rejection row) when the document spent its budget or the
    extraction failed: a pathological document or a tagger bug costs that document, never the batch.
    `extract_batch`, `datewire extract` and `datewire events` all go through here.
    """
    where = f"{document.source} {document.locator}".strip()
    try:
        # Models and lexicons load on first use; loaded here, they are not charged to the budget of
        # the first document.
        load_resources(settings)
        with budget.document_budget(settings.document_budget, settings.document_memory_mb):
            return extract_document(document, settings), None
    except budget.BudgetExceeded as exc:
        log.warning("%s: %s", where, exc)
        return None, rejection_row(document.source, document.locator, "extract",
                                   f"{exc} ({document.n_chars:,} characters)", document.text[:200], document.doc_id)
    except Exception as exc:
        log.exception("extraction failed for %s", where)
        return None, rejection_row(document.source, document.locator, "extract",
                                   f"extraction failed: {type(exc).__name__}: {exc}",
                                   traceback.format_exc(limit=3), document.doc_id)


def extract_batch(input_files: list[InputFile], settings: Settings,
                  known: dict[str, tuple[str, str]], shard_index: int) -> Shard:
    """Read and extract one batch of input files into one shard, accounting for every input."""
    rows: dict[str, list[dict]] = {"documents": [], "mentions": [], "events": [], "event_actors": [],
                                   "event_places": [], "rejections": []}
    counts = {"n_inputs": 0, "n_documents": 0, "n_unchanged": 0, "n_rejected_inputs": 0}
    unchanged: list[str] = []
    seen: dict[str, str] = {}
    started = time.monotonic()
    for input_file in input_files:
        for item in read_input(input_file, settings):
            counts["n_inputs"] += 1
            if counts["n_inputs"] % PROGRESS_EVERY == 0:  # one JSON-lines file can hold 100k documents
                log.info("batch %d: %d inputs read, %d extracted (%.0f inputs/s)", shard_index,
                         counts["n_inputs"], counts["n_documents"],
                         counts["n_inputs"] / max(time.monotonic() - started, 1e-9))
            if isinstance(item, Rejection):
                counts["n_rejected_inputs"] += 1
                rows["rejections"].append(item.to_row())
                continue
            where = f"{item.source} {item.locator}".strip()
            if item.doc_id in seen:
                counts["n_rejected_inputs"] += 1
                rows["rejections"].append(rejection_row(
                    item.source, item.locator, "extract",
                    f"duplicate doc_id {item.doc_id!r}: already read from {seen[item.doc_id]}", None, None))
                continue
            seen[item.doc_id] = where
            if not settings.reprocess and known.get(item.doc_id) == (item.content_hash, EXTRACTOR_VERSION):
                counts["n_unchanged"] += 1
                unchanged.append(item.doc_id)
                continue
            extraction, rejection = extract_bounded(item, settings)
            if rejection is not None:
                counts["n_rejected_inputs"] += 1
                rows["rejections"].append(rejection)
                continue
            counts["n_documents"] += 1
            rows["documents"].append(extraction.document)
            rows["mentions"].extend(extraction.mentions)
            rows["events"].extend(extraction.events)
            rows["event_actors"].extend(extraction.event_actors)
            rows["event_places"].extend(extraction.event_places)
            rows["rejections"].extend(extraction.rejections)
    summary = {"shard": shard_index, **counts, "n_mentions": len(rows["mentions"]),
               "n_events": len(rows["events"]), "n_rejections": len(rows["rejections"]),
               "unchanged_doc_ids": unchanged}
    return Shard.from_rows(rows, summary)
