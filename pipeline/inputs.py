"""Finding input files and reading them into Documents.

Two steps, both total (every input ends up as Documents or Rejections, nothing is dropped silently):

* `discover(patterns)` turns files, directories and globs into a sorted, de-duplicated list of
  `InputFile`s, rejecting paths that do not exist and files of unsupported types.
* `read_input(input_file, settings)` decodes one file and yields one `Document` per good article and
  one `Rejection` (stage "read") per bad one. It never raises for bad content.

Formats: `.txt` (one article, id = file stem), `.html`/`.htm` (main text and metadata via trafilatura),
`.jsonl`/`.ndjson` (one article per line), each optionally gzipped (`.txt.gz` ...).

A `.txt` file that is really a saved web page (starts with `<!DOCTYPE html` or `<html`) is read as
HTML. Directory walks skip hidden files and folders, editor backups (`x~`, `#x#`, `.bak`, `.swp`) and
folder documentation (README, LICENSE); a file named explicitly is never skipped.

Text handling, in this order: decode (BOM, UTF-8, UTF-16/32, cp1252, then other legacy encodings
guessed by charset-normalizer), line endings to "\\n", Unicode NFC. The stored `Document.text` is
exactly what every later offset (body spans, tagged dates) indexes. `.txt` and JSON-lines texts get
`body_spans` from `pipeline.boilerplate`; HTML texts are already stripped of furniture by
trafilatura (`body_spans=None`).

Rejections (stage "read"; the locator is "" for a whole file, "line N" for a JSON line, "byte N"
where a byte offset says where the problem is), by reason:

* "empty file", "empty file (only whitespace)", "empty file (no JSON lines)"
* "file is too large (… on disk; the limit is …, max_input_bytes)" — checked before reading;
  "decompressed size is over the limit of … (max_input_bytes); the file was not read" for gzip
* "not a valid gzip file (…)", "gzip file is truncated (…)"
* "binary file (a PNG image), not text" (JPEG, GIF, PDF, ZIP, ...), "binary file (contains NUL
  bytes, first at byte N), not text", "binary file (N control characters …), not text"
* "undecodable bytes: mostly UTF-8 but invalid UTF-8 at byte N" (a JSON-lines file is then read line
  by line: "undecodable bytes: invalid UTF-8 at byte N of the line"), "undecodable bytes: not UTF-8 …
  and no other text encoding fits"
* "text is not in English (mostly Cyrillic script)", "text does not look like English (common
  English words are 2% of 70 words; English text has at least 5%)"
* "no article text found in the HTML page", "no article text found: every line looks like page
  furniture (…)", "could not parse the HTML page (…)"
* JSON lines: "malformed JSON: <json error> (column N)", "line is not a JSON object but an array",
  "record has no id", "record has an empty id", "record id must be a string or an integer, not …",
  "duplicate id 'x' (first seen on line N)", "record has no text", "record has empty text",
  "record text must be a string, not …", "published '…' is not a date (YYYY-MM-DD or ISO datetime)"
* "cannot read file: <OS error>"

Discovery rejections (stage "discover"): "no such file or directory", "glob matched no files",
"unsupported file type .xyz" (or "(no extension)"), "cannot read file: …", "not a regular file (a
named pipe (FIFO))" (or a character device, block device, socket: only regular files are opened, in a
folder walk or named directly, including through a symlink).
"""
from __future__ import annotations

import codecs
import glob
import gzip
import hashlib
import json
import logging
import os
import re
import stat
import unicodedata
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from pipeline.boilerplate import body_spans
from pipeline.models import Document, Rejection
from pipeline.settings import Settings

__all__ = [
    "SUPPORTED_SUFFIXES",
    "InputFile",
    "InputRefused",
    "decode_bytes",
    "discover",
    "english_check",
    "parse_published",
    "read_input",
    "split_gzip_jsonl",
    "split_jsonl",
]

logger = logging.getLogger(__name__)

_PLAIN_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".ndjson")
SUPPORTED_SUFFIXES = _PLAIN_SUFFIXES + tuple(s + ".gz" for s in _PLAIN_SUFFIXES)

_FORMAT_OF_SUFFIX = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".ndjson": "jsonl"}

# Files a directory walk skips without a word: editor backups and swap files are not inputs, and
# reporting each one as "unsupported" would only be noise.
_BACKUP_NAME = re.compile(r"(~|\.bak|\.orig|\.swp|\.swo|\.tmp)$|^#.*#$", re.IGNORECASE)
_GLOB_CHARS = re.compile(r"[*?\[]")
_FOLDER_DOCS = re.compile(r"^(?:readme|licen[cs]e|copying|notice)(?:\.(?:md|rst|txt))?$", re.IGNORECASE)

_EXCERPT_CHARS = 80


@dataclass(frozen=True)
class InputFile:
    path: str  # absolute path
    size: int  # bytes on disk
    # A part of a large plain JSON-lines file: the lines in bytes [start, end), the first being line
    # `first_line`. end=None means the whole file. See split_jsonl.
    start: int = 0
    end: int | None = None
    first_line: int = 1
    # A part of a large gzip JSON-lines file is a decompressed copy in the run's staging folder
    # (`path`); `source` is the file it came from, which documents and rejections name.
    source: str | None = None

    @property
    def is_part(self) -> bool:
        return self.end is not None or self.source is not None

    @property
    def origin(self) -> str:
        """The input file as the user gave it: what documents and rejections name as their source."""
        return self.source or self.path

    @property
    def starts_file(self) -> bool:
        """Whether this reads from the beginning of its file (whole-file checks apply, a BOM may lead)."""
        return self.start == 0 and self.first_line == 1


def split_jsonl(input_file: InputFile, part_bytes: int) -> list[InputFile]:
    """Cut a large plain .jsonl/.ndjson file into parts of about `part_bytes`, at line ends.

    Parts let one export of 100k articles spread over many extraction tasks instead of one. Other
    inputs, small files and gzip files (which cannot be entered in the middle) come back whole.
    """
    suffix = _matched_suffix(os.path.basename(input_file.path))
    if suffix not in (".jsonl", ".ndjson") or input_file.size <= part_bytes or input_file.is_part:
        return [input_file]
    parts: list[InputFile] = []
    start, line = 0, 1
    with open(input_file.path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        while start < size:
            handle.seek(min(start + part_bytes, size))
            if handle.tell() < size:
                handle.readline()  # finish the line the cut fell in
            end = handle.tell()
            handle.seek(start)
            newlines, left = 0, end - start
            while left:
                chunk = handle.read(min(left, 1 << 20))
                newlines += chunk.count(b"\n")
                left -= len(chunk)
            parts.append(InputFile(input_file.path, size, start, end, line))
            start, line = end, line + newlines
    return parts


# Below this compressed size a gzip export is read whole: even at 20:1 it decompresses to one part.
_GZIP_RATIO_BOUND = 20


def split_gzip_jsonl(input_file: InputFile, part_bytes: int, into: str | os.PathLike) -> list[InputFile]:
    """Cut a large gzip .jsonl/.ndjson file into decompressed parts of about `part_bytes` under `into`.

    A gzip stream cannot be entered in the middle, so a part is a decompressed copy, cut at a line end
    and named after its source; each part knows its first line, so locators stay those of the source.
    Anything that would make the reader report the file as a whole (a corrupt or truncated stream,
    binary or UTF-16/32 content, a file that fits in one part) leaves the file whole, and the reader
    reports it exactly as before.
    """
    suffix = _matched_suffix(os.path.basename(input_file.path))
    if suffix not in (".jsonl.gz", ".ndjson.gz") or input_file.is_part \
            or input_file.size * _GZIP_RATIO_BOUND <= part_bytes:
        return [input_file]
    folder = os.fspath(into)
    os.makedirs(folder, exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", os.path.basename(input_file.path))
    stem = f"{hashlib.sha256(input_file.path.encode()).hexdigest()[:12]}-{stem[:80]}"
    parts: list[InputFile] = []
    out = None
    written, line_no, first_line = 0, 1, 1

    def close_part() -> None:
        nonlocal out
        if out is not None:
            out.close()
            final = out.name[: -len(".tmp")]
            os.replace(out.name, final)  # a part is in place whole or not at all
            parts.append(InputFile(final, os.path.getsize(final), first_line=first_line, source=input_file.origin))
            out = None

    try:
        with gzip.open(input_file.path, "rb") as handle:
            sample = handle.read(1 << 12)
        if not sample or _binary_kind(sample) or any(
                sample.startswith(bom) for bom, name in _BOMS if "utf-8" not in name):
            return [input_file]
        with gzip.open(input_file.path, "rb") as handle:
            for raw in iter(lambda: handle.readline(1 << 20), b""):
                if out is None:
                    first_line = line_no
                    name = os.path.join(folder, f"{stem}.part-{len(parts) + 1:05d}.jsonl.tmp")
                    out = open(name, "wb")  # noqa: SIM115 - closed by close_part
                out.write(raw)
                written += len(raw)
                if raw.endswith(b"\n"):
                    line_no += 1
                    if written >= part_bytes:
                        close_part()
                        written = 0
            close_part()
    except (OSError, EOFError, zlib.error) as exc:  # BadGzipFile is an OSError
        logger.info("%s is read whole, not in parts: %s", input_file.path, exc)
        if out is not None:
            out.close()
            os.remove(out.name)
        for part in parts:
            os.remove(part.path)
        return [input_file]
    if len(parts) <= 1:
        for part in parts:
            os.remove(part.path)
        return [input_file]
    logger.info("%s: %d decompressed parts of about %s", input_file.path, len(parts), _human_size(part_bytes))
    return parts


# --------------------------------------------------------------------------------------------------
# discover


def _matched_suffix(name: str) -> str | None:
    """The supported suffix `name` ends with (longest first, case-insensitive), or None."""
    lower = name.lower()
    for suffix in sorted(SUPPORTED_SUFFIXES, key=len, reverse=True):
        if lower.endswith(suffix) and len(name) > len(suffix):
            return suffix
    return None


def _unsupported_reason(name: str) -> str:
    lower = name.lower()
    parts = lower.split(".")
    if len(parts) < 2 or parts[-1] == "":
        return "unsupported file type (no extension)"
    # Show the compound suffix for compressed files (".tar.gz") so the user sees what was refused.
    if parts[-1] in ("gz", "bz2", "xz", "zst") and len(parts) >= 3:
        return f"unsupported file type .{parts[-2]}.{parts[-1]}"
    return f"unsupported file type .{parts[-1]}"


def _is_hidden_or_backup(name: str) -> bool:
    return name.startswith(".") or bool(_BACKUP_NAME.search(name))


def _is_folder_documentation(name: str) -> bool:
    # data/inbox/README.md explains the inbox; reporting it as "unsupported" on every run is noise.
    # Named explicitly, such a file is still rejected.
    return bool(_FOLDER_DOCS.match(name))


def _walk_directory(root: str) -> Iterator[str]:
    """Every non-hidden, non-backup file under `root`, in sorted order (symlinked dirs not followed)."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not _is_hidden_or_backup(name):
                yield os.path.join(dirpath, name)


def _not_regular_reason(mode: int) -> str | None:
    """Why a path of this st_mode is not read, or None for a regular file.

    Opening a FIFO blocks until a writer comes (forever, in an inbox), and a device such as /dev/zero
    never ends: only regular files are inputs.
    """
    if stat.S_ISREG(mode):
        return None
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a character device" if stat.S_ISCHR(mode)
            else "a block device" if stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a directory" if stat.S_ISDIR(mode) else "a special file")
    return f"not a regular file ({kind})"


def discover(patterns: Sequence[str]) -> tuple[list[InputFile], list[Rejection]]:
    """Expand files, directories and globs into input files; reject what cannot be read.

    Returns the input files sorted by absolute path without duplicates, and the rejections
    (stage "discover") sorted by source.
    """
    found: dict[str, InputFile] = {}
    rejected: dict[tuple[str, str], Rejection] = {}

    def consider_file(path: str, explicit: bool) -> None:
        absolute = os.path.abspath(path)
        if absolute in found:
            return
        name = os.path.basename(absolute)
        if not explicit and _is_folder_documentation(name):
            return
        if _matched_suffix(name) is None:
            # Reported wherever it was found, so that a user who drops a .docx in the inbox
            # learns why it was not read.
            reason = _unsupported_reason(name)
            rejected.setdefault((absolute, reason), Rejection(
                source=absolute, locator="", stage="discover", reason=reason, payload=name))
            return
        try:
            info = os.stat(absolute)  # follows a symlink: a link to /dev/zero is a device
        except OSError as exc:
            reason = f"cannot read file: {exc.strerror or exc}"
            rejected.setdefault((absolute, reason), Rejection(
                source=absolute, locator="", stage="discover", reason=reason))
            return
        not_regular = _not_regular_reason(info.st_mode)
        if not_regular:
            rejected.setdefault((absolute, not_regular), Rejection(
                source=absolute, locator="", stage="discover", reason=not_regular, payload=name))
            return
        size = info.st_size
        found[absolute] = InputFile(path=absolute, size=size)
        logger.debug("discovered %s (%d bytes, explicit=%s)", absolute, size, explicit)

    def consider_path(path: str, explicit: bool) -> None:
        if os.path.isdir(path):
            for file_path in _walk_directory(path):
                consider_file(file_path, explicit=False)
        else:
            # Regular or not (a FIFO, a device, a link to one): consider_file accepts or rejects it,
            # so every path named or matched is accounted for.
            consider_file(path, explicit=explicit)

    for pattern in patterns:
        expanded = os.path.expanduser(pattern)
        # An existing path is taken literally even if its name has glob characters ("a[1].txt").
        if _GLOB_CHARS.search(expanded) and not os.path.exists(expanded):
            matches = sorted(glob.glob(expanded, recursive=True))
            if not matches:
                rejected.setdefault((pattern, "glob"), Rejection(
                    source=pattern, locator="", stage="discover", reason="glob matched no files",
                    payload=pattern))
            for match in matches:
                if os.path.isdir(match) or not _is_hidden_or_backup(os.path.basename(match)):
                    consider_path(match, explicit=False)
        elif os.path.exists(expanded):
            consider_path(expanded, explicit=True)
        else:
            rejected.setdefault((pattern, "missing"), Rejection(
                source=pattern, locator="", stage="discover", reason="no such file or directory",
                payload=pattern))

    files = sorted(found.values(), key=lambda f: f.path)
    rejections = sorted(rejected.values(), key=lambda r: (r.source, r.reason))
    return files, rejections


# --------------------------------------------------------------------------------------------------
# bytes: size cap, gzip, binary detection, decoding


class InputRefused(ValueError):
    """Raised inside this module (and by `decode_bytes`) when a file or record cannot be used.

    `read_input` turns it into a Rejection; it carries the Rejection's reason, locator and payload.
    """

    def __init__(self, reason: str, locator: str = "", payload: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.locator = locator
        self.payload = payload


class _MostlyUtf8(InputRefused):
    """UTF-8 with some invalid bytes: a JSON-lines file can still be read line by line."""


def _excerpt(text: str, limit: int = _EXCERPT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def _human_size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} bytes"  # unreachable


def _read_capped(path: str, compressed: bool, limit: int) -> bytes:
    """The file's (decompressed) bytes, refusing anything over `limit` without reading it all."""
    size = os.stat(path).st_size
    if size > limit:
        raise InputRefused(f"file is too large ({_human_size(size)} on disk; the limit is "
                           f"{_human_size(limit)}, max_input_bytes)", payload=str(size))
    if not compressed:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:  # the file grew after the size check
            raise InputRefused(
                f"file is too large (over the limit of {_human_size(limit)}, max_input_bytes)")
        return data
    try:
        with gzip.open(path, "rb") as handle:
            # Reading at most limit+1 bytes bounds memory however well the file compresses.
            data = handle.read(limit + 1)
    except (gzip.BadGzipFile, zlib.error) as exc:
        raise InputRefused(f"not a valid gzip file ({exc})") from exc
    except EOFError as exc:
        raise InputRefused(
            "gzip file is truncated (ended before the end of the compressed data)") from exc
    if len(data) > limit:
        raise InputRefused(f"decompressed size is over the limit of {_human_size(limit)} "
                           f"(max_input_bytes); the file was not read", payload=f">{limit}")
    return data


# Magic numbers of files people drop into an inbox by mistake.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "gzip-compressed data without a .gz suffix"),
    (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit on one parity of mostly-ASCII text, else None."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls >= 0.9 * half and even_nuls == 0:
        return "utf-16-le"
    if even_nuls >= 0.9 * half and odd_nuls == 0:
        return "utf-16-be"
    return None


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _declared_html_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def _has_valid_utf8_multibyte(data: bytes) -> bool:
    # A lead byte followed by the right number of continuation bytes: legacy single-byte text almost
    # never contains these by accident, UTF-8 text with a corrupt byte nearly always does.
    return re.search(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}",
                     data) is not None


def decode_bytes(data: bytes, html: bool = False) -> tuple[str, str]:
    """Decode `data` to text; return (text, encoding name). Raises InputRefused when it cannot.

    Order: BOM; NUL bytes (binary, unless UTF-16 without BOM); strict UTF-8; an HTML meta charset;
    charset-normalizer for legacy encodings (cp1252, latin-1, ...). A file that is mostly UTF-8 with
    some invalid bytes is refused rather than guessed, since a guess would garble its UTF-8 parts.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding.replace("-sig", "")), encoding
            except UnicodeDecodeError as exc:
                raise InputRefused(f"undecodable bytes: the file starts with a {encoding} byte-order mark "
                                   f"but is not valid {encoding} at byte {exc.start + len(bom)}",
                                   locator=f"byte {exc.start + len(bom)}",
                                   payload=data[exc.start + len(bom):][:16].hex(" ")) from exc
    kind = _binary_kind(data)
    if kind:
        raise InputRefused(f"binary file ({kind}), not text", payload=data[:8].hex(" "))
    nul = data.find(b"\x00")
    if nul >= 0:
        utf16 = _utf16_without_bom(data)
        if utf16:
            try:
                return data.decode(utf16), utf16
            except UnicodeDecodeError:
                pass
        raise InputRefused(f"binary file (contains NUL bytes, first at byte {nul}), not text",
                           locator=f"byte {nul}", payload=data[max(0, nul - 8):nul + 8].hex(" "))
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if _has_valid_utf8_multibyte(data):
        raise _MostlyUtf8(f"undecodable bytes: mostly UTF-8 but invalid UTF-8 at byte {first_bad}",
                           locator=f"byte {first_bad}", payload=data[first_bad:first_bad + 16].hex(" "))
    if html:
        declared = _declared_html_charset(data)
        if declared and declared != "utf-8":
            try:
                return data.decode(declared), declared
            except UnicodeDecodeError:
                logger.debug("declared charset %s does not decode; guessing", declared)
    western = _decode_western(data)
    if western is not None:
        return western, "cp1252"
    from charset_normalizer import from_bytes  # imported late: only legacy-encoded files need it

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputRefused(f"undecodable bytes: not UTF-8 (invalid at byte {first_bad}) and no other "
                           "text encoding fits", locator=f"byte {first_bad}",
                           payload=data[first_bad:first_bad + 16].hex(" "))
    encoding = codecs.lookup(best.encoding).name
    return data.decode(encoding), encoding


_LETTER = re.compile(r"[^\W\d_]")


def _decode_western(data: bytes) -> str | None:
    """The text as cp1252 when that is clearly right, else None (then charset-normalizer guesses).

    cp1252 (a superset of latin-1 in practice) is the legacy encoding English text arrives in. We try
    it first because charset-normalizer, on short texts, picks a sibling code page that decodes "café"
    alike but turns "à" into "ŕ" (cp1250). Western text has few non-ASCII letters among its letters;
    Cyrillic or Greek bytes read as cp1252 are nearly all non-ASCII ("Ïðåçèäåíò"), so they go on to
    charset-normalizer, which names their real code page.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = _LETTER.findall(text[:100_000])
    if not letters:
        return text
    non_ascii = sum(1 for c in letters if ord(c) > 0x7F)
    return text if non_ascii <= 0.3 * len(letters) else None


_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _normalise_text(text: str) -> str:
    """Line endings first ("\\r\\n" and lone "\\r" to "\\n"), then Unicode NFC."""
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def _check_not_binary_text(text: str) -> None:
    """Refuse decoded text that is mostly control characters (a binary file that happened to decode)."""
    sample = text[:8192]
    controls = len(_CONTROL_CHARS.findall(sample))
    if sample and controls > max(3, 0.02 * len(sample)):
        raise InputRefused(f"binary file ({controls} control characters in the first {len(sample)} "
                           "characters), not text", payload=_excerpt(repr(sample[:40])))


# --------------------------------------------------------------------------------------------------
# language


# Frequent English function words that are rare as words in the other languages news arrives in
# (no "a", "in", "die", "was", "an", "so": those are everyday words in Romance or Germanic languages).
_ENGLISH_FUNCTION_WORDS = frozenset({
    "the", "of", "and", "to", "is", "that", "for", "with", "as", "by", "from", "it", "its", "this",
    "be", "are", "were", "has", "have", "had", "been", "not", "but", "or", "which", "who", "will",
    "would", "said", "he", "she", "his", "her", "they", "their", "there", "than", "also", "after",
    "about", "into", "more",
})
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# Below this share of English function words among word tokens a text is judged "not English".
# English news measures 0.27–0.37 on this list (the five seed articles); a roster of names and
# countries with a line of English measures ~0.11; German, French, Spanish and Italian news prose
# measures 0.00–0.02. 0.05 leaves a wide margin on both sides: we reject only clear cases.
ENGLISH_MIN_SHARE = 0.05
# Shorter texts are not judged: too few words for the share to mean anything.
ENGLISH_MIN_WORDS = 40
_LANGUAGE_SAMPLE_WORDS = 5000


def english_check(text: str) -> str | None:
    """None when `text` may be English; otherwise a reason saying why it is not."""
    words = _WORD.findall(text[:200_000])[:_LANGUAGE_SAMPLE_WORDS]
    if not words:
        return None
    letters = "".join(words)
    non_latin = [c for c in letters if ord(c) > 0x24F and not 0x1E00 <= ord(c) <= 0x1EFF]
    if len(non_latin) > 0.5 * len(letters):
        try:
            script = unicodedata.name(non_latin[0]).split()[0].title()
        except ValueError:
            script = "non-Latin"
        return f"text is not in English (mostly {script} script)"
    if len(words) < ENGLISH_MIN_WORDS:
        return None
    hits = sum(1 for w in words if w.lower() in _ENGLISH_FUNCTION_WORDS)
    share = hits / len(words)
    if share < ENGLISH_MIN_SHARE:
        return (f"text does not look like English (common English words are {share:.0%} of "
                f"{len(words)} words; English text has at least {ENGLISH_MIN_SHARE:.0%})")
    return None


# --------------------------------------------------------------------------------------------------
# formats


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
    return Document(doc_id=doc_id, text=text, source=input_file.origin, locator="", input_format="txt",
                    encoding=encoding, body_spans=_body_spans_or_refuse(text))


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
