"""From bytes to text: the size cap, gzip, binary detection, charset decoding, normalisation, and
the check that a text is English.

`InputRefused` is what every reader raises for content it cannot use; `read_input` turns it into a
Rejection.
"""
from __future__ import annotations

import codecs
import gzip
import logging
import os
import re
import unicodedata
import zlib

__all__ = ["ENGLISH_MIN_SHARE", "ENGLISH_MIN_WORDS", "InputRefused", "decode_bytes", "english_check"]

logger = logging.getLogger("pipeline.inputs")

_EXCERPT_CHARS = 80



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
