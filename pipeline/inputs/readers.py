"""Reading one input file into Documents and Rejections: .txt, .html and JSON lines, each maybe gzipped.

`read_input` never raises for bad content: a whole file that cannot be read yields one Rejection, a
JSON-lines file yields one Document or Rejection per line.
"""
from __future__ import annotations

import codecs
import gzip
import json
import logging
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from pipeline.boilerplate import body_spans
from pipeline.inputs.decoding import (
    _BOMS,
    InputRefused,
    _binary_kind,
    _check_not_binary_text,
    _excerpt,
    _human_size,
    _normalise_text,
    _read_capped,
    decode_bytes,
    english_check,
)
from pipeline.inputs.discovery import InputFile, _matched_suffix, _not_regular_reason, _unsupported_reason
from pipeline.models import Document, Rejection
from pipeline.settings import Settings

__all__ = ["parse_published", "read_input"]

logger = logging.getLogger("pipeline.inputs")

_FORMAT_OF_SUFFIX = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".ndjson": "jsonl"}




def _format_and_stem(path: str) -> tuple[str, bool, str]:
    """(format, gzipped, id stem) for a supported path."""
    name = os.path.basename(path)
    suffix = _matched_suffix(name)
    if suffix is None:
        raise InputRefused(_unsupported_reason(name))
    compressed = suffix.endswith(".gz")
    plain = suffix[:-3] if compressed else suffix
    return _FORMAT_OF_SUFFIX[plain], compressed, name[: len(name) - len(suffix)]


def _rejection(input_file: InputFile, refused: InputRefused, doc_id: str | None = None,
               locator: str | None = None) -> Rejection:
    return Rejection(source=input_file.origin, locator=locator if locator is not None else refused.locator,
                     stage="read", reason=refused.reason, payload=refused.payload, doc_id=doc_id)


def _read_text(input_file: InputFile, doc_id: str, text: str, encoding: str) -> Document:
    reason = english_check(text)
    if reason:
        raise InputRefused(reason, payload=_excerpt(text))
    spans = _body_spans_or_refuse(text)
    return Document(doc_id=doc_id, text=text, source=input_file.origin, locator="", input_format="txt",
                    encoding=encoding, title=headline(text, spans), body_spans=spans)


# A headline is short (boilerplate's "short line"), a few words, and not a sentence.
_HEADLINE_MAX_CHARS = 150
_HEADLINE_WORDS = (2, 25)
_SENTENCE_END = re.compile(r"""[.,;:][”"’')\]]*$""")
_TRAILING_DASH = re.compile(r"\s+[-–—|]+$")
_HAS_LETTERS = re.compile(r"[^\W\d_]{2,}")


def headline(text: str, spans: list[tuple[int, int]]) -> str | None:
    """The title of a plain-text article: its first body line, when that line looks like a headline.

    Scraped .txt files put the headline first, then a blank line, then the body; page furniture before
    it ("top of page", "Loading...") is outside the first body span, so the search starts there. The
    line is a headline when it is short (at most 150 characters, 2 to 25 words), does not end like a
    sentence or a clause (".", ",", ";", ":"), and more text follows it. A first line that is already
    the body ("KIEL, 4 March 2024 - Ministers met ... .") gives no title: None, as before.
    """
    if not spans:
        return None
    start, end = spans[0]
    first_line_end = text.find("\n", start, end)
    line = text[start: end if first_line_end < 0 else first_line_end].strip()
    rest = text[start + len(line):]
    line = _TRAILING_DASH.sub("", line)
    words = line.split()
    if not line or len(line) > _HEADLINE_MAX_CHARS or not _HEADLINE_WORDS[0] <= len(words) <= _HEADLINE_WORDS[1]:
        return None
    if _SENTENCE_END.search(line) or len(_HAS_LETTERS.findall(line)) < 2 or not rest.strip():
        return None
    return line


_NO_BODY = "no article text found: every line looks like page furniture (menus, share buttons, ...)"


def _body_spans_or_refuse(text: str) -> list[tuple[int, int]]:
    spans = body_spans(text)
    if not spans:
        raise InputRefused(_NO_BODY, payload=_excerpt(text))
    return spans


def _looks_like_html(text: str) -> bool:
    """A .txt file that is really a saved web page: read it as HTML rather than as markup soup."""
    head = text[:1024].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or (head.startswith("<?xml") and "<html" in head)


def _read_html(input_file: InputFile, doc_id: str, raw_html: str, encoding: str) -> Document:
    import trafilatura  # imported late: heavy, and only HTML needs it

    try:
        extracted = trafilatura.bare_extraction(
            raw_html, with_metadata=True, favor_precision=True, include_comments=False,
            include_tables=True, output_format="python",
            # Only dates the page states in its markup, never guesses from text or URL.
            date_extraction_params={"extensive_search": False, "original_date": True})
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken pages
        logger.warning("trafilatura failed on %s: %s", input_file.path, exc)
        raise InputRefused(f"could not parse the HTML page ({type(exc).__name__}: {exc})") from exc
    main_text = (getattr(extracted, "text", None) or "") if extracted is not None else ""
    text = _normalise_text(main_text)
    if not text.strip():
        raise InputRefused("no article text found in the HTML page", payload=_excerpt(raw_html))
    reason = english_check(text)
    if reason:
        raise InputRefused(reason, payload=_excerpt(text))
    published = None
    raw_date = getattr(extracted, "date", None)
    if raw_date:
        published = parse_published(str(raw_date))
        if published is None:
            logger.debug("ignoring unparseable html date %r in %s", raw_date, input_file.path)
    return Document(
        doc_id=doc_id, text=text, source=input_file.origin, locator="", input_format="html",
        encoding=encoding, raw_html=raw_html,
        title=_clean_str(getattr(extracted, "title", None)),
        url=_clean_str(getattr(extracted, "url", None)),
        author=_clean_str(getattr(extracted, "author", None)),
        publisher=_clean_str(getattr(extracted, "sitename", None)),
        published_date=published,
        published_source="metadata" if published else "unknown",
        published_evidence="html metadata" if published else None,
        body_spans=None)


def _clean_str(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return _normalise_text(value.strip())
    return None


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_published(value: str) -> date | None:
    """A date from 'YYYY-MM-DD' or an ISO datetime (its date part, as written); None otherwise."""
    value = value.strip()
    if _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    if not _ISO_DATE.match(value):
        return None
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        return None


def _json_type(value: object) -> str:
    """The JSON name of a parsed value's type, with an article ("an array", "a number")."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return {dict: "an object", list: "an array", str: "a string"}.get(type(value), "null")


def _record_to_document(input_file: InputFile, line_no: int, record: object,
                        seen_ids: dict[str, int]) -> Document:
    locator = f"line {line_no}"
    if not isinstance(record, dict):
        raise InputRefused(f"line is not a JSON object but {_json_type(record)}",
                           payload=_excerpt(json.dumps(record, ensure_ascii=False)))
    if "id" not in record or record["id"] is None:
        raise InputRefused("record has no id",
                           payload=_excerpt(json.dumps(record, ensure_ascii=False)))
    raw_id = record["id"]
    # bool is an int in Python, but `true` is no sensible id.
    if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
        raise InputRefused(f"record id must be a string or an integer, not {_json_type(raw_id)}",
                           payload=_excerpt(json.dumps(raw_id, ensure_ascii=False)))
    doc_id = str(raw_id).strip()
    if not doc_id:
        raise InputRefused("record has an empty id", payload=repr(raw_id))
    if doc_id in seen_ids:
        raise InputRefused(f"duplicate id '{doc_id}' (first seen on line {seen_ids[doc_id]})",
                           payload=doc_id)
    seen_ids[doc_id] = line_no
    text = record.get("text")
    if text is None:
        raise InputRefused("record has no text")
    if not isinstance(text, str):
        raise InputRefused(f"record text must be a string, not {_json_type(text)}",
                           payload=_excerpt(json.dumps(text, ensure_ascii=False)))
    text = _normalise_text(text)
    if not text.strip():
        raise InputRefused("record has empty text", payload=repr(text[:20]))
    published = None
    raw_published = record.get("published")
    if raw_published not in (None, ""):
        published = parse_published(raw_published) if isinstance(raw_published, str) else None
        if published is None:
            raise InputRefused(f"published '{_excerpt(str(raw_published), 40)}' is not a date "
                               "(YYYY-MM-DD or ISO datetime)", payload=_excerpt(str(raw_published)))
    reason = english_check(text)
    if reason:
        raise InputRefused(reason, payload=_excerpt(text))
    # The record's "source" is the outlet: Document.publisher. Document.source stays the input file,
    # which rejections and lineage need.
    return Document(
        doc_id=doc_id, text=text, source=input_file.origin, locator=locator, input_format="jsonl",
        publisher=_clean_str(record.get("source")) if isinstance(record.get("source"), str) else None,
        title=_clean_str(record.get("title")), url=_clean_str(record.get("url")),
        author=_clean_str(record.get("author")),
        published_date=published,
        published_source="metadata" if published else "unknown",
        published_evidence="jsonl field published" if published else None,
        body_spans=_body_spans_or_refuse(text))


def _read_jsonl(input_file: InputFile, lines: Iterable[tuple[int, str | InputRefused, str]],
                report_empty: bool = True) -> Iterator[Document | Rejection]:
    """Documents of JSON lines given as (line number, text or refusal, encoding it was decoded with)."""
    seen_ids: dict[str, int] = {}
    records = 0
    for line_no, line, encoding in lines:
        locator = f"line {line_no}"
        if isinstance(line, InputRefused):
            records += 1
            yield _rejection(input_file, line, locator=locator)
            continue
        if not line.strip():
            continue  # blank lines separate nothing and are not records
        records += 1
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejection(source=input_file.origin, locator=locator, stage="read",
                            reason=f"malformed JSON: {exc.msg} (column {exc.colno})",
                            payload=_excerpt(line))
            continue
        except RecursionError:
            yield Rejection(source=input_file.origin, locator=locator, stage="read",
                            reason="malformed JSON: nested too deeply", payload=_excerpt(line))
            continue
        try:
            document = _record_to_document(input_file, line_no, record, seen_ids)
        except InputRefused as refused:
            doc_id = None
            if isinstance(record, dict) and isinstance(record.get("id"), (str, int)) \
                    and not isinstance(record.get("id"), bool):
                doc_id = str(record["id"]).strip() or None
            yield _rejection(input_file, refused, doc_id=doc_id, locator=locator)
            continue
        document.encoding = encoding
        yield document
    if records == 0 and report_empty:  # a later part of a split file may hold only blank lines
        yield Rejection(source=input_file.origin, locator="", stage="read",
                        reason="empty file (no JSON lines)")


def _raw_lines(input_file: InputFile, compressed: bool, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes without the line end) of a JSON-lines file or part; None for a line over `limit`.

    Reads one line at a time, so memory is bounded by the size limit of one record, not of the file.
    """
    opener = gzip.open if compressed else open
    with opener(input_file.path, "rb") as handle:
        if input_file.start:
            handle.seek(input_file.start)
        remaining = None if input_file.end is None else input_file.end - input_file.start
        line_no = input_file.first_line
        while remaining is None or remaining > 0:
            raw = handle.readline(limit + 2)
            if not raw:
                break
            if remaining is not None:
                remaining -= len(raw)
            if not raw.endswith(b"\n") and len(raw) > limit:
                # Too long: skip to the end of this line without holding it.
                while True:
                    more = handle.readline(1 << 20)
                    if remaining is not None:
                        remaining -= len(more)
                    if not more or more.endswith(b"\n"):
                        break
                yield line_no, None
            else:
                yield line_no, raw.rstrip(b"\r\n")
            line_no += 1


def _jsonl_lines(input_file: InputFile, compressed: bool, settings: Settings,
                 sample: bytes) -> Iterator[tuple[int, str | InputRefused]]:
    """Decoded lines of a JSON-lines file, one at a time; a bad line becomes an InputRefused."""
    legacy: str | None = None  # the file's own encoding, found once, if its lines are not UTF-8
    first = True
    for line_no, raw in _raw_lines(input_file, compressed, settings.max_input_bytes):
        if raw is None:
            yield line_no, InputRefused(f"record is too large (over the limit of "
                                        f"{_human_size(settings.max_input_bytes)}, max_input_bytes)"), ""
            continue
        if first and input_file.starts_file and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        first = False
        if b"\x00" in raw:
            yield line_no, InputRefused("binary data (NUL bytes) in the line, not text",
                                        payload=raw[:16].hex(" ")), ""
            continue
        try:
            yield line_no, _normalise_text(raw.decode("utf-8")), "utf-8"
            continue
        except UnicodeDecodeError as exc:
            error = exc
        if legacy is None:
            try:
                legacy = decode_bytes(sample)[1]
            except InputRefused:
                legacy = "utf-8"
        if legacy.replace("-sig", "") != "utf-8":
            try:
                yield line_no, _normalise_text(raw.decode(legacy)), legacy
                continue
            except (UnicodeDecodeError, LookupError):
                pass
        yield line_no, InputRefused(f"undecodable bytes: invalid UTF-8 at byte {error.start} of the line",
                                    payload=raw[error.start:error.start + 16].hex(" ")), ""


def _sample(path: str, compressed: bool, size: int) -> bytes:
    """Up to `size` (decompressed) bytes from the start of the file; of a truncated gzip, what there is.

    One read(size) of a truncated gzip raises EOFError and returns nothing, though everything before
    the break decompresses: read1 hands back each decompressed piece, so only the broken end is lost.
    """
    if not compressed:
        with open(path, "rb") as handle:
            return handle.read(size)
    pieces, total = [], 0
    with gzip.open(path, "rb") as handle:
        try:
            while total < size:
                piece = handle.read1(size - total)
                if not piece:
                    break
                pieces.append(piece)
                total += len(piece)
        except EOFError:
            pass  # truncated: the reader reports where, with the line number
    return b"".join(pieces)


def _read_jsonl_streaming(input_file: InputFile, compressed: bool,
                          settings: Settings) -> Iterator[Document | Rejection]:
    """JSON lines, streamed: the size limit applies to each record, not to the whole file."""
    try:
        sample = _sample(input_file.path, compressed, 1 << 20)  # file-level checks, encoding detection
    except OSError as exc:
        yield _rejection(input_file, InputRefused(f"cannot read file: {exc.strerror or exc}"))
        return
    except (gzip.BadGzipFile, zlib.error) as exc:
        yield _rejection(input_file, InputRefused(f"not a valid gzip file ({exc})"))
        return
    whole_file_checks = input_file.starts_file
    if whole_file_checks:
        if not sample:
            yield _rejection(input_file, InputRefused("empty file"))
            return
        kind = _binary_kind(sample)
        if kind:
            yield _rejection(input_file, InputRefused(f"binary file ({kind}), not text"))
            return
    if any(sample.startswith(bom) for bom, name in _BOMS if "utf-8" not in name):
        # UTF-16/32 JSON lines cannot be read line by line as bytes: read them whole, within the limit.
        yield from _read_whole(input_file, "jsonl", compressed, settings, None)
        return
    last_line = input_file.first_line - 1

    def counted(lines):
        nonlocal last_line
        for item in lines:
            last_line = item[0]
            yield item

    try:
        records = _read_jsonl(input_file, counted(_jsonl_lines(input_file, compressed, settings, sample)),
                              report_empty=whole_file_checks)
        yield from records
    except (gzip.BadGzipFile, zlib.error, EOFError) as exc:
        # The complete lines before the break were read (and loaded); the rest of the file is lost.
        what = "truncated" if isinstance(exc, EOFError) else "corrupt"
        yield _rejection(input_file, InputRefused(
            f"gzip file is {what} from line {last_line + 1} on: the {last_line - input_file.first_line + 1} "
            f"complete lines before it were read, the rest is lost ({exc or 'unexpected end'})",
            locator=f"line {last_line + 1}"))


def read_input(input_file: InputFile, settings: Settings) -> Iterator[Document | Rejection]:
    """Yield the Documents of one input file, and a Rejection for every part that cannot be read.

    Never raises for bad content; a whole file that cannot be read yields exactly one Rejection.
    """
    try:
        fmt, compressed, stem = _format_and_stem(input_file.path)
        # Checked again at read time: the path may have been replaced by a FIFO since discovery, and
        # opening one would block this batch forever.
        try:
            not_regular = _not_regular_reason(os.stat(input_file.path).st_mode)
        except OSError as exc:
            raise InputRefused(f"cannot read file: {exc.strerror or exc}") from exc
        if not_regular:
            raise InputRefused(not_regular)
    except InputRefused as refused:
        yield _rejection(input_file, refused)
        return
    if fmt == "jsonl":
        yield from _read_jsonl_streaming(input_file, compressed, settings)
        return
    yield from _read_whole(input_file, fmt, compressed, settings, stem)


def _read_whole(input_file: InputFile, fmt: str, compressed: bool, settings: Settings,
                stem: str | None) -> Iterator[Document | Rejection]:
    """Read a whole file (within the size limit), decode it and make its document(s)."""
    # A .txt or .html file is one document whose id we know; a .jsonl file holds many.
    file_doc_id = None if fmt == "jsonl" else stem
    try:
        try:
            data = _read_capped(input_file.path, compressed, settings.max_input_bytes)
        except OSError as exc:
            raise InputRefused(f"cannot read file: {exc.strerror or exc}") from exc
        if not data:
            raise InputRefused("empty file")
        raw_text, encoding = decode_bytes(data, html=(fmt == "html"))
        del data
        text = _normalise_text(raw_text)
        del raw_text
        if not text.strip():
            raise InputRefused("empty file (only whitespace)")
        _check_not_binary_text(text)
    except InputRefused as refused:
        yield _rejection(input_file, refused, doc_id=file_doc_id)
        return

    if fmt == "jsonl":
        yield from _read_jsonl(input_file, ((n, line, encoding) for n, line in enumerate(text.split("\n"), 1)))
        return
    if fmt == "txt" and _looks_like_html(text):
        logger.info("%s is a web page saved as .txt: reading it as HTML", input_file.path)
        fmt = "html"
    try:
        if fmt == "html":
            document = _read_html(input_file, stem, text, encoding)
        else:
            document = _read_text(input_file, stem, text, encoding)
    except InputRefused as refused:
        yield _rejection(input_file, refused, doc_id=stem)
        return
    yield document
