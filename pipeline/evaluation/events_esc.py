"""Anchoring on the EventStoryLine Corpus (ESC v1.5): ECB+ articles with dated times and TLINKs.

ESC files are CAT XML: `<token t_id sentence number>` elements, then `<Markables>` whose children
point at tokens (`<token_anchor t_id>`), then `<Relations>`.

Text: tokens are joined by one space within a sentence, sentences by a newline, except that no space
goes before closing punctuation and clitics (",", ".", ")", "'s", "n't", ...) or after opening ones
("(", "$", "``"). Sentence 0 of an `ecbplus` file is its source URL and is left out. Each token's
[start, end) in that text is kept, so a markable's span runs from its first token's start to its last
token's end.

Gold anchors: a TLINK from a TIME_DATE with a value to an ACTION_* or NEG_ACTION_* markable, with
relType CONTAINS (the time contains the event: TimeBank's IS_INCLUDED seen from the time) or
SIMULTANEOUS. The DCT is the TIME_DATE with DCT="TRUE" (often not in the text). Only documents with a
DCT are measured: ECB+ articles carry no publication date, so without one neither the publication
baseline nor a publication-dated event has a value to give. An event with several anchors takes the
first TIME_DATE written in the text, else the DCT, as on TimeBank.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .events_common import AnchorCounts, AnchorInput, EventExtractor, datewire_extractor, document_anchors
from .timeml import ParseFailure, parse_dct_value

__all__ = ["ANCHOR_RELATIONS", "EscDocument", "EscEvaluation", "evaluate_esc", "parse_esc", "rebuild_text"]

ANCHOR_RELATIONS = frozenset({"CONTAINS", "SIMULTANEOUS"})
# ECB+ splits hyphenated words ("90 - day", "rear - ended"): a hyphen is joined on both sides.
_NO_SPACE_BEFORE = frozenset({"-", ",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "'S", "n't", "'", "''",
                              "'re", "'ve", "'ll", "'d", "'m"})
_NO_SPACE_AFTER = frozenset({"-", "(", "[", "{", "$", "``", "#"})


@dataclass
class EscDocument:
    doc_id: str
    path: str
    text: str
    dct_value: str | None
    anchors: list[AnchorInput]  # anchored gold events, each once
    dates: list[tuple[int, str]]  # (start, value) of the TIME_DATEs in the text that have a value
    events: int  # gold event markables with a span in the text

    @property
    def dct(self) -> date | None:
        return parse_dct_value(self.dct_value)


def rebuild_text(tokens: list[tuple[str, int, str]], skip_sentence: int | None = None) -> tuple[str, dict[str, tuple[int, int]]]:
    """Text from (t_id, sentence, token text) in document order, and t_id -> [start, end)."""
    pieces: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    length = 0
    previous_sentence: int | None = None
    previous_token = ""
    for t_id, sentence, word in tokens:
        if sentence == skip_sentence:
            continue
        if previous_sentence is None:
            gap = ""
        elif sentence != previous_sentence:
            gap = "\n"
        elif word in _NO_SPACE_BEFORE or previous_token in _NO_SPACE_AFTER:
            gap = ""
        else:
            gap = " "
        pieces.append(gap + word)
        length += len(gap)
        offsets[t_id] = (length, length + len(word))
        length += len(word)
        previous_sentence, previous_token = sentence, word
    return "".join(pieces), offsets


def _span(markable: ET.Element, offsets: dict[str, tuple[int, int]]) -> tuple[int, int] | None:
    spans = [offsets[a.get("t_id") or ""] for a in markable.iter("token_anchor") if (a.get("t_id") or "") in offsets]
    return (min(s for s, _ in spans), max(e for _, e in spans)) if spans else None


def parse_esc(xml_text: str | bytes, doc_id: str = "", path: str = "") -> EscDocument:
    """Parse one ESC (CAT XML) document. Raises ValueError when it is not well-formed."""
    if isinstance(xml_text, str):
        xml_text = xml_text.encode("utf-8")
    try:
        root = ET.fromstring(xml_text)
    except ET.ParseError as exc:
        raise ValueError(f"not well-formed XML: {exc}") from exc
    doc_name = root.get("doc_name") or doc_id or Path(path).name
    tokens = [(t.get("t_id") or "", int(t.get("sentence") or 0), t.text or "") for t in root.iter("token")]
    text, offsets = rebuild_text(tokens, skip_sentence=0 if "ecbplus" in doc_name else None)
    markables = root.find("Markables")
    times: dict[str, tuple[str, bool, int]] = {}  # m_id -> (value, is DCT, start or -1)
    event_spans: dict[str, tuple[int, int]] = {}
    dct_value = None
    for m in markables if markables is not None else ():
        m_id = m.get("m_id") or ""
        if m.tag == "TIME_DATE":
            span = _span(m, offsets)
            is_dct = m.get("DCT") == "TRUE"
            times[m_id] = ((m.get("value") or "").strip(), is_dct, span[0] if span else -1)
            if is_dct and m.get("value"):
                dct_value = dct_value or m.get("value").strip()
        elif m.tag.startswith(("ACTION_", "NEG_ACTION_")):
            span = _span(m, offsets)
            if span is not None:
                event_spans[m_id] = span
    text_dates: dict[str, tuple[int, str]] = {}  # event m_id -> (time start, value), earliest time wins
    dct_events: set[str] = set()
    relations = root.find("Relations")
    for link in relations.iter("TLINK") if relations is not None else ():
        source, target = link.find("source"), link.find("target")
        if source is None or target is None or (link.get("relType") or "") not in ANCHOR_RELATIONS:
            continue
        time, event = times.get(source.get("m_id") or ""), target.get("m_id") or ""
        if time is None or event not in event_spans or not time[0]:
            continue
        value, is_dct, start = time
        if is_dct:
            dct_events.add(event)
        elif start >= 0 and (event not in text_dates or start < text_dates[event][0]):
            text_dates[event] = (start, value)
    anchors = []
    dct_day = (parse_dct_value(dct_value).isoformat() if parse_dct_value(dct_value) else None)
    for event, (start, end) in sorted(event_spans.items(), key=lambda item: item[1]):
        if event in text_dates:
            anchors.append(AnchorInput(start, end, text_dates[event][1], to_dct=False))
        elif event in dct_events and dct_day:
            anchors.append(AnchorInput(start, end, dct_day, to_dct=True))
    dates = sorted((start, value) for value, _, start in times.values() if start >= 0 and value)
    return EscDocument(doc_name, path, text, dct_value, anchors, dates, len(event_spans))


def find_esc_files(directory: str | Path) -> list[Path]:
    directory = Path(directory)
    return [directory] if directory.is_file() else sorted(p for p in directory.rglob("*.xml") if p.is_file())


@dataclass
class EscEvaluation:
    corpus: str
    documents: int  # readable documents
    documents_with_dct: int  # the ones measured
    gold_events: int  # event markables in the measured documents
    anchoring: AnchorCounts
    failures: list[ParseFailure] = field(default_factory=list)

    def figures(self) -> dict[str, Any]:
        return {"corpus": self.corpus, "documents": self.documents, "documents_with_dct": self.documents_with_dct,
                "gold_events": self.gold_events, "anchoring": self.anchoring.figures(),
                "failures": [{"path": f.path, "reason": f.reason} for f in self.failures]}


def evaluate_esc(directory: str | Path, extractor: EventExtractor = datewire_extractor) -> EscEvaluation:
    """Anchoring of an extractor on every ESC document with a DCT, beside the two baselines."""
    from pipeline import temporal
    from pipeline.sentences import sentence_spans

    result = EscEvaluation(str(directory), 0, 0, 0, AnchorCounts())
    for path in find_esc_files(directory):
        try:
            doc = parse_esc(path.read_bytes(), path=str(path))
        except Exception as exc:  # noqa: BLE001 - one unreadable file must not end the evaluation
            result.failures.append(ParseFailure(str(path), f"{type(exc).__name__}: {exc}"))
            continue
        result.documents += 1
        if doc.dct is None:
            continue
        result.documents_with_dct += 1
        result.gold_events += doc.events
        try:
            system = list(extractor(doc.text, doc.dct))
        except Exception as exc:  # noqa: BLE001 - one bad document must not end the evaluation
            result.failures.append(ParseFailure(str(path), f"extractor raised {type(exc).__name__}: {exc}"))
            system = []
        mentions = temporal.tag(doc.text, doc.dct).mentions
        result.anchoring.add(document_anchors(doc.text, doc.dct, doc.anchors, system, mentions,
                                                sentence_spans(doc.text), doc.dates))
    return result
