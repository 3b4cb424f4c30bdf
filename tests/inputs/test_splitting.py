"""Tests for pipeline.inputs.splitting: large JSON-lines exports cut into parts."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

from pipeline.inputs import (
    InputFile,
    read_input,
    split_gzip_jsonl,
    split_jsonl,
)
from pipeline.models import Document, Rejection
from pipeline.settings import Settings

# ---------------------------------------------------------------------------------------------- large JSON lines


def _records(n: int, bad_every: int = 0, salted: bool = False) -> str:
    """n JSON lines, every `bad_every`-th one broken; `salted` adds a hash per record, which keeps a gzip
    of them above split_gzip_jsonl's ratio bound."""
    import hashlib

    lines = []
    for i in range(n):
        if bad_every and i % bad_every == bad_every - 1:
            lines.append(f'{{"id": "broken-{i}", "text": ')
        else:
            record = {"id": f"r{i}", "text": f"The council met on {1 + i % 28} May 2024 to vote."}
            if salted:
                record = {"id": record["id"], "salt": hashlib.sha256(str(i).encode()).hexdigest(), "text": record["text"]}
            lines.append(json.dumps(record))
    return "\n".join(lines) + "\n"


def test_split_jsonl_cuts_at_line_ends_and_every_line_is_read_once(tmp_path):

    path = tmp_path / "export.jsonl"
    path.write_text(_records(500, bad_every=97))
    whole = InputFile(str(path), path.stat().st_size)
    parts = split_jsonl(whole, 4096)
    assert len(parts) > 5
    assert parts[0].start == 0 and parts[-1].end == whole.size
    assert all(a.end == b.start for a, b in zip(parts, parts[1:]))
    results = [r for part in parts for r in read_input(part, Settings())]
    docs = [r for r in results if isinstance(r, Document)]
    rejections = [r for r in results if isinstance(r, Rejection)]
    assert len(docs) + len(rejections) == 500
    assert [d.doc_id for d in docs] == [f"r{i}" for i in range(500) if i % 97 != 96]
    # Line numbers stay those of the whole file, whatever part a line fell in.
    assert [r.locator for r in rejections] == [f"line {i + 1}" for i in range(500) if i % 97 == 96]
    assert all(d.locator == f"line {int(d.doc_id[1:]) + 1}" for d in docs)


def test_small_jsonl_gzip_and_other_files_are_not_split(tmp_path):

    small = tmp_path / "small.jsonl"
    small.write_text(_records(3))
    big_text = tmp_path / "big.txt"
    big_text.write_text("The vote was on 3 May 2024.\n" * 1000)
    for path in (small, big_text):
        f = InputFile(str(path), path.stat().st_size)
        assert split_jsonl(f, 1024 if path is big_text else 10**6) == [f]


def test_the_size_limit_of_json_lines_applies_to_each_record_not_the_file(tmp_path):
    path = tmp_path / "many.jsonl"
    records = _records(200)
    huge = json.dumps({"id": "huge", "text": "The vote was on 3 May 2024. " * 400})
    path.write_text(records + huge + "\n" + json.dumps({"id": "after", "text": "It rained on 4 May 2024."}) + "\n")
    settings = Settings(max_input_bytes=4096)
    assert path.stat().st_size > 4 * settings.max_input_bytes
    results = list(read_input(InputFile(str(path), path.stat().st_size), settings))
    docs = [r for r in results if isinstance(r, Document)]
    (rejection,) = [r for r in results if isinstance(r, Rejection)]
    assert len(docs) == 201 and docs[-1].doc_id == "after"
    assert rejection.locator == "line 201" and "record is too large" in rejection.reason


def _gzip(path, text: str) -> InputFile:
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(text)
    return InputFile(str(path), path.stat().st_size)


def test_split_gzip_jsonl_decompresses_parts_that_read_as_the_whole_file(tmp_path):

    whole = _gzip(tmp_path / "export.jsonl.gz", _records(600, bad_every=97, salted=True))
    parts = split_gzip_jsonl(whole, 8192, tmp_path / "parts")
    assert len(parts) > 5
    assert all(p.source == whole.path and p.is_part and p.path.endswith(".jsonl") for p in parts)
    # The parts are the decompressed file, cut at line ends, each knowing its first line.
    contents = [Path(p.path).read_bytes() for p in parts]
    assert b"".join(contents) == _records(600, bad_every=97, salted=True).encode()
    assert [p.first_line for p in parts] == [1 + sum(c.count(b"\n") for c in contents[:k]) for k in range(len(parts))]
    from_parts = [r for p in parts for r in read_input(p, Settings())]
    from_whole = list(read_input(whole, Settings()))
    assert [(type(r).__name__, r.source, r.locator, r.doc_id) for r in from_parts] == \
           [(type(r).__name__, r.source, r.locator, r.doc_id) for r in from_whole]
    assert sum(isinstance(r, Rejection) for r in from_parts) == 6


def test_gzip_jsonl_that_fits_one_part_or_cannot_be_read_whole_is_left_whole(tmp_path):

    parts_dir = tmp_path / "parts"
    small = _gzip(tmp_path / "small.jsonl.gz", _records(3, salted=True))
    assert split_gzip_jsonl(small, 10**6, parts_dir) == [small]
    # Truncated: the reader reports the truncation after the records it could read, as before.
    big = _gzip(tmp_path / "big.jsonl.gz", _records(600, salted=True))
    data = (tmp_path / "big.jsonl.gz").read_bytes()
    truncated = tmp_path / "cut.jsonl.gz"
    truncated.write_bytes(data[: len(data) * 2 // 3])
    cut = InputFile(str(truncated), truncated.stat().st_size)
    assert split_gzip_jsonl(cut, 8192, parts_dir) == [cut]
    # Binary content inside the gzip is reported for the file as a whole.
    png = tmp_path / "image.jsonl.gz"
    with gzip.open(png, "wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 400)
    binary = InputFile(str(png), png.stat().st_size)
    assert split_gzip_jsonl(binary, 8192, parts_dir) == [binary]
    assert not parts_dir.exists() or not any(parts_dir.iterdir())  # nothing left behind
    assert split_gzip_jsonl(big, 8192, parts_dir) != [big]  # the intact one is split
