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

Where each step lives: `discovery` (discover, folder walks, regular-file checks), `decoding` (size cap,
binary detection, charsets, normalisation, the English check), `readers` (the .txt, .html and JSON-lines
readers, read_input), `splitting` (large JSON-lines exports cut into parts).
"""
from __future__ import annotations

from pipeline.inputs.decoding import InputRefused, decode_bytes, english_check
from pipeline.inputs.discovery import SUPPORTED_SUFFIXES, InputFile, discover
from pipeline.inputs.readers import parse_published, read_input
from pipeline.inputs.splitting import split_gzip_jsonl, split_jsonl

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
