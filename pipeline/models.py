"""The records that travel between pipeline stages.

Every stage speaks in these plain dataclasses; none of them knows about Airflow, DuckDB or GX. Their
field names match the warehouse columns (see `sql/schema/`), so a list of them becomes an Arrow table
without renaming.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

__all__ = [
    "Document",
    "Rejection",
    "content_hash",
    "rejection_row",
    "PUBLISHED_SOURCES",
    "REJECTION_STAGES",
]

# Where a document's published_date came from.
PUBLISHED_SOURCES = ("metadata", "inferred", "unknown")

# The stage that turned an input away; `rejections.stage` takes exactly these values.
REJECTION_STAGES = ("discover", "read", "extract", "validate", "load")


@dataclass
class Document:
    """One article, decoded to text (Unicode NFC), with whatever metadata its input carried."""

    doc_id: str
    text: str
    source: str  # the input file (path as given or resolved)
    locator: str = ""  # where in the source: "" for a whole file, "line 12" for a JSON line
    publisher: str | None = None  # the outlet: a JSON line's "source" field, an HTML page's site name
    title: str | None = None
    url: str | None = None
    author: str | None = None
    published_date: date | None = None
    published_source: str = "unknown"  # one of PUBLISHED_SOURCES
    published_evidence: str | None = None  # why we believe the date, e.g. "jsonl field published"
    input_format: str = "txt"  # txt | html | jsonl (the gzip wrapper is not a format of its own)
    encoding: str = "utf-8"  # the encoding the bytes were decoded with
    raw_html: str | None = None  # kept for HTML inputs so extraction can be redone
    # Character spans of `text` judged to be the article body (not page furniture, comments or
    # related-content lists). None means "not analysed": the whole text counts as body.
    body_spans: list[tuple[int, int]] | None = None
    content_hash: str = ""

    def __post_init__(self) -> None:
        if not self.content_hash:
            self.content_hash = content_hash(self.text, self.published_date, self.title, self.url)

    @property
    def n_chars(self) -> int:
        return len(self.text)

    def in_body(self, start: int, end: int) -> bool:
        """Whether the span [start, end) lies inside a body span (always true when not analysed)."""
        if self.body_spans is None:
            return True
        return any(s <= start and end <= e for s, e in self.body_spans)


@dataclass
class Rejection:
    """An input, or a part of one, that did not make it, and why. Nothing is dropped silently."""

    source: str
    locator: str
    stage: str  # one of REJECTION_STAGES
    reason: str  # a sentence a user understands
    payload: str | None = None  # the offending value or a short excerpt (truncated)
    doc_id: str | None = None  # when the rejection concerns a known document

    def __post_init__(self) -> None:
        if self.payload is not None and len(self.payload) > 500:
            self.payload = self.payload[:500] + "…"

    def to_row(self) -> dict:
        """The row the rejections table (and its staging shard) holds."""
        return rejection_row(self.source, self.locator, self.stage, self.reason, self.payload, self.doc_id)


def content_hash(text: str, published: date | None = None, title: str | None = None,
                 url: str | None = None) -> str:
    """A fingerprint of everything that changes what we extract from a document.

    The published date is part of it because relative dates ("on Thursday") resolve against it.
    """
    digest = hashlib.sha256()
    for part in (text, published.isoformat() if published else "", title or "", url or ""):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()


def _rejection_id(source: str, locator: str, stage: str, reason: str) -> str:
    return hashlib.sha256("\x1f".join((source, locator, stage, reason)).encode()).hexdigest()[:32]


def rejection_row(source: str, locator: str, stage: str, reason: str, payload: str | None,
                  doc_id: str | None) -> dict:
    """A row in the staging rejections schema."""
    if payload is not None and len(payload) > 500:
        payload = payload[:500] + "…"
    return {"rejection_id": _rejection_id(source, locator, stage, reason), "source": source,
            "locator": locator, "stage": stage, "reason": reason, "payload": payload, "doc_id": doc_id}
