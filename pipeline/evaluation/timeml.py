"""Reading TimeML: the text, gold TIMEX3s, EVENTs with their first MAKEINSTANCE, TLINKs and SLINKs.

The text is the content of `<TEXT>` with every tag stripped and XML entities decoded; gold spans are
the character offsets of the tagged substrings in that text. The document creation time (DCT) is the
TIMEX3 marked functionInDocument="CREATION_TIME" (in `<DCT>`).

`TimemlDocument.timexes` holds the TIMEX3s a tagger can find: those with text inside `<TEXT>`
(non-consuming TIMEX3, with empty text, are left out). Every TIMEX3 of the file, the DCT and the
non-consuming ones included, is in `timex_refs` by tid, because TLINKs point at them.

An EVENT is instantiated by one or more MAKEINSTANCE (eiid -> eventID). TLINKs name instances, so
`instance_events` maps every eiid to its eid; a `GoldEvent` carries the attributes of the first
instance of its event in file order (TimeBank gives a second instance only to a few coordinated
events, e.g. "teach" in "taught at two schools").

An SLINK subordinates one event instance to another (`subordinatedEventInstance` under
`eventInstanceID`): MODAL, EVIDENTIAL, NEG_EVIDENTIAL, FACTIVE, COUNTER_FACTIVE, CONDITIONAL. TimeBank
writes the complement of a counter-factive event ("failed to *reach*") with polarity POS: that it did
not happen is only in its COUNTER_FACTIVE SLINK.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

__all__ = [
    "Corpus", "GoldEvent", "GoldSlink", "GoldTimex", "GoldTlink", "ParseFailure", "TimemlDocument", "TimexRef",
    "default_use_dct", "find_timeml_files", "load_corpus", "parse_dct_value", "parse_timeml",
    "read_timeml",
]


@dataclass(frozen=True)
class GoldTimex:
    """A gold TIMEX3 from a TimeML file; [start, end) are offsets into the document's stripped text."""

    start: int
    end: int
    text: str
    type: str
    value: str
    tid: str = ""


@dataclass(frozen=True)
class TimexRef:
    """Any TIMEX3 of the file by its tid, including the DCT and non-consuming ones (not in the text)."""

    tid: str
    type: str
    value: str
    in_text: bool


@dataclass(frozen=True)
class GoldEvent:
    """A gold EVENT; [start, end) into the stripped text. Instance attributes come from its first
    MAKEINSTANCE, as written in the file (upper case), or the TimeML defaults when it has none."""

    start: int
    end: int
    text: str
    eid: str
    event_class: str  # lower case, as our EventMention.trigger.event_class: "occurrence", "i_action"
    polarity: str = "POS"  # POS | NEG
    modality: str | None = None  # the modal word ("would", "may"), lower case; None when absent
    tense: str = "NONE"
    aspect: str = "NONE"
    pos: str = ""
    eiids: tuple[str, ...] = ()  # every instance of the event, first one first


@dataclass(frozen=True)
class GoldTlink:
    """A TLINK: from an event instance or a time, to an event instance or a time."""

    lid: str
    rel_type: str  # IS_INCLUDED, DURING, SIMULTANEOUS, IDENTITY, BEFORE, ... (upper case)
    event_instance: str | None = None  # eventInstanceID
    time: str | None = None  # timeID
    related_event_instance: str | None = None  # relatedToEventInstance
    related_time: str | None = None  # relatedToTime


@dataclass(frozen=True)
class GoldSlink:
    """An SLINK: the event instance `subordinated` is subordinated to `event_instance`."""

    lid: str
    rel_type: str  # MODAL, EVIDENTIAL, NEG_EVIDENTIAL, FACTIVE, COUNTER_FACTIVE, CONDITIONAL (upper case)
    event_instance: str | None = None  # eventInstanceID
    subordinated: str | None = None  # subordinatedEventInstance


@dataclass
class TimemlDocument:
    doc_id: str
    path: str
    text: str
    dct: date | None  # the document creation time as a date (None when absent or unreadable)
    dct_value: str | None  # the DCT's TIMEX3 value as written in the file
    timexes: list[GoldTimex]
    events: list[GoldEvent] = field(default_factory=list)
    tlinks: list[GoldTlink] = field(default_factory=list)
    slinks: list[GoldSlink] = field(default_factory=list)
    timex_refs: dict[str, TimexRef] = field(default_factory=dict)
    instance_events: dict[str, str] = field(default_factory=dict)  # eiid -> eid
    dct_tid: str | None = None

    @cached_property
    def events_by_eid(self) -> dict[str, GoldEvent]:
        return {e.eid: e for e in self.events}

    def event_of_instance(self, eiid: str | None) -> GoldEvent | None:
        """The gold event an instance id belongs to, or None for an unknown id."""
        eid = self.instance_events.get(eiid or "")
        return self.events_by_eid.get(eid) if eid else None


@dataclass(frozen=True)
class ParseFailure:
    """A file that could not be read as TimeML, or a document the tagger raised on: reported, not fatal."""

    path: str
    reason: str


@dataclass
class Corpus:
    name: str  # the directory as given on the command line
    documents: list[TimemlDocument]
    failures: list[ParseFailure]

    @property
    def n_chars(self) -> int:
        return sum(len(d.text) for d in self.documents)


def _local_name(tag: object) -> str:
    # Tolerate namespaced TimeML ("{ns}TIMEX3") as well as the usual plain tags.
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


_SPAN_TAGS = frozenset({"TIMEX3", "EVENT"})


def _flatten(element: ET.Element) -> tuple[str, list[tuple[ET.Element, int, int]]]:
    """The element's text with all tags stripped, and the [start, end) offsets of every TIMEX3 and
    EVENT in it, in document order of their end."""
    pieces: list[str] = []
    spans: list[tuple[ET.Element, int, int]] = []
    length = 0

    def walk(node: ET.Element) -> None:
        nonlocal length
        if node.text:
            pieces.append(node.text)
            length += len(node.text)
        for child in node:
            start = length
            walk(child)
            if _local_name(child.tag) in _SPAN_TAGS:
                spans.append((child, start, length))
            if child.tail:
                pieces.append(child.tail)
                length += len(child.tail)

    walk(element)
    return "".join(pieces), spans


def parse_dct_value(value: str | None) -> date | None:
    """A date from a DCT value such as '1998-01-08', '1998-01-08T14:30' or '19980108'."""
    if not value:
        return None
    value = value.strip()
    for pattern in (r"(\d{4})-(\d{2})-(\d{2})", r"(\d{4})(\d{2})(\d{2})"):
        m = re.match(pattern, value)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return None
    return None


def _find_dct(root: ET.Element) -> tuple[str | None, str | None]:
    """(tid, value) of the DCT. It is the TIMEX3 inside <DCT>; some conversions put the CREATION_TIME
    timex elsewhere; a <DCT> with bare text gives a value and no tid."""
    for el in root.iter():
        if _local_name(el.tag) == "TIMEX3" and el.get("functionInDocument") == "CREATION_TIME" and el.get("value"):
            return el.get("tid"), el.get("value")
    for dct in (el for el in root.iter() if _local_name(el.tag) == "DCT"):
        for el in dct.iter():
            if _local_name(el.tag) == "TIMEX3" and el.get("value"):
                return el.get("tid"), el.get("value")
        text = "".join(dct.itertext()).strip()
        if text:
            return None, text
    return None, None


def _timex_ref(el: ET.Element, in_text: bool) -> TimexRef:
    return TimexRef(
        tid=el.get("tid") or "",
        type=(el.get("type") or "").strip().upper(),
        value=(el.get("value") or "").strip(),
        in_text=in_text,
    )


def _instances(root: ET.Element) -> tuple[dict[str, str], dict[str, list[ET.Element]]]:
    """eiid -> eid, and eid -> its MAKEINSTANCE elements in file order."""
    instance_events: dict[str, str] = {}
    by_event: dict[str, list[ET.Element]] = {}
    for el in root.iter():
        if _local_name(el.tag) != "MAKEINSTANCE":
            continue
        eiid, eid = el.get("eiid") or "", el.get("eventID") or ""
        if eiid and eid:
            instance_events[eiid] = eid
            by_event.setdefault(eid, []).append(el)
    return instance_events, by_event


def _gold_event(el: ET.Element, start: int, end: int, text: str, instances: list[ET.Element]) -> GoldEvent:
    first = instances[0] if instances else None

    def attribute(name: str, default: str) -> str:
        # TimeBank 1.2 keeps instance attributes on MAKEINSTANCE; older TimeML put them on EVENT.
        value = first.get(name) if first is not None else None
        value = value if value is not None else el.get(name)
        return (value or default).strip()

    modality = attribute("modality", "").lower() or None
    return GoldEvent(
        start=start,
        end=end,
        text=text[start:end],
        eid=el.get("eid") or "",
        event_class=(el.get("class") or "").strip().lower(),
        polarity=attribute("polarity", "POS").upper(),
        modality=modality,
        tense=attribute("tense", "NONE").upper(),
        aspect=attribute("aspect", "NONE").upper(),
        pos=attribute("pos", "").upper(),
        eiids=tuple(i.get("eiid") or "" for i in instances),
    )


def _tlinks(root: ET.Element) -> list[GoldTlink]:
    return [
        GoldTlink(
            lid=el.get("lid") or "",
            rel_type=(el.get("relType") or "").strip().upper(),
            event_instance=el.get("eventInstanceID"),
            time=el.get("timeID"),
            related_event_instance=el.get("relatedToEventInstance"),
            related_time=el.get("relatedToTime"),
        )
        for el in root.iter()
        if _local_name(el.tag) == "TLINK"
    ]


def _slinks(root: ET.Element) -> list[GoldSlink]:
    return [
        GoldSlink(
            lid=el.get("lid") or "",
            rel_type=(el.get("relType") or "").strip().upper(),
            event_instance=el.get("eventInstanceID"),
            subordinated=el.get("subordinatedEventInstance"),
        )
        for el in root.iter()
        if _local_name(el.tag) == "SLINK"
    ]


def parse_timeml(xml_text: str | bytes, doc_id: str = "", path: str = "") -> TimemlDocument:
    """Parse one TimeML document. Raises ValueError when it is not well-formed or has no <TEXT>."""
    if isinstance(xml_text, str):
        # ET refuses str input that carries an encoding declaration; bytes always work.
        xml_text = xml_text.encode("utf-8")
    try:
        root = ET.fromstring(xml_text)
    except ET.ParseError as exc:
        raise ValueError(f"not well-formed XML: {exc}") from exc
    text_elements = [el for el in root.iter() if _local_name(el.tag) == "TEXT"]
    if not text_elements:
        raise ValueError("no <TEXT> element")
    text, spans = _flatten(text_elements[0])
    instance_events, instances_by_event = _instances(root)
    timexes: list[GoldTimex] = []
    events: list[GoldEvent] = []
    in_text_tids: set[str] = set()
    for el, start, end in spans:
        if _local_name(el.tag) == "EVENT":
            events.append(_gold_event(el, start, end, text, instances_by_event.get(el.get("eid") or "", [])))
        elif text[start:end].strip():
            # Non-consuming timexes (empty text) are not in the text: no tagger can find them.
            ref = _timex_ref(el, in_text=True)
            in_text_tids.add(ref.tid)
            timexes.append(GoldTimex(start, end, text[start:end], ref.type, ref.value, ref.tid))
    timexes.sort(key=lambda t: (t.start, t.end))
    events.sort(key=lambda e: (e.start, e.end))
    timex_refs = {
        ref.tid: ref
        for ref in (
            _timex_ref(el, in_text=(el.get("tid") or "") in in_text_tids)
            for el in root.iter()
            if _local_name(el.tag) == "TIMEX3"
        )
        if ref.tid
    }
    if not doc_id:
        docid_el = next((el for el in root.iter() if _local_name(el.tag) == "DOCID"), None)
        doc_id = (docid_el.text or "").strip() if docid_el is not None else ""
    dct_tid, dct_value = _find_dct(root)
    return TimemlDocument(
        doc_id=doc_id or Path(path).stem,
        path=path,
        text=text,
        dct=parse_dct_value(dct_value),
        dct_value=dct_value,
        timexes=timexes,
        events=events,
        tlinks=_tlinks(root),
        slinks=_slinks(root),
        timex_refs=timex_refs,
        instance_events=instance_events,
        dct_tid=dct_tid,
    )


def read_timeml(path: str | Path) -> TimemlDocument:
    """Read a .tml file; the document id is the file name without extension (unique within a corpus)."""
    path = Path(path)
    return parse_timeml(path.read_bytes(), doc_id=path.stem, path=str(path))


def find_timeml_files(directory: str | Path) -> list[Path]:
    """All *.tml files under a directory (recursively), in a stable order; a single file is itself."""
    directory = Path(directory)
    if directory.is_file():
        return [directory]
    return sorted(p for p in directory.rglob("*.tml") if p.is_file())


def load_corpus(directory: str | Path, limit: int | None = None) -> Corpus:
    """Read every TimeML file under a directory; unreadable files become ParseFailures."""
    documents: list[TimemlDocument] = []
    failures: list[ParseFailure] = []
    for path in find_timeml_files(directory):
        if limit is not None and len(documents) >= limit:
            break
        try:
            documents.append(read_timeml(path))
        except Exception as exc:  # noqa: BLE001 - one unreadable file must not end the evaluation
            failures.append(ParseFailure(str(path), f"{type(exc).__name__}: {exc}"))
    return Corpus(name=str(directory), documents=documents, failures=failures)


def default_use_dct(directory: str | Path) -> bool:
    """Whether the DCT should be passed to the tagger as document_date, judged from the directory name.

    Heuristic: WikiWars' DCT is the date the articles were downloaded (2009), not a date the narrative is
    anchored to, so for a directory with "wikiwars" in its path the tagger gets document_date=None.
    Everything else (TimeBank, AQUAINT: news) is anchored on its DCT. `--use-dct/--no-dct` overrides.
    """
    return "wikiwars" not in str(directory).lower()
