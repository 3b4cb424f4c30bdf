"""Cutting large JSON-lines exports into parts, so one export spreads over many extraction batches."""
from __future__ import annotations

import gzip
import hashlib
import logging
import os
import re
import zlib

from pipeline.inputs.decoding import _BOMS, _binary_kind, _human_size
from pipeline.inputs.discovery import InputFile, _matched_suffix

__all__ = ["split_gzip_jsonl", "split_jsonl"]

logger = logging.getLogger("pipeline.inputs")


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
