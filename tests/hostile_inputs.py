"""A folder of the hostile probes of issue 9, all at once, built in a temporary folder for a test.

Each probe is our own text. `build_hostile_folder` returns what a run over the folder must account for:
the doc_ids that load, and for every input turned away, its source, a locator fragment and a reason
fragment, so a test can check that nothing was lost or replaced without a record.
"""
from __future__ import annotations

import gzip
import json
import os
import zlib
from pathlib import Path

from mixed_inputs import PNG_BYTES

_CONSONANTS = "bcdfghjklmnpqrstvwxz"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")

NORMAL = ("Harbour strike ends\n\nGDANSK, 4 March 2024 - Dock workers in Gdansk ended their strike on Monday, "
          "the union said. Talks with the port authority resume on 18 March.\n")
CRLF_EMOJI = ("Ferry talks \N{SHIP}\r\n\r\nKIEL, 6 May 2024 - Ministers met in Kiel on Monday \N{FACE WITH TEARS OF JOY} "
              "to discuss the ferry route.\r\nThe talks resume on 20 May, a spokesman said.\r\n")
COPY = ("Bridge reopens\n\nTURKU, 9 May 2024 - The river bridge in Turku reopened on Thursday after repairs "
        "that began in January, the city said.\n")


def _record(i: int) -> dict:
    code = "".join(_CONSONANTS[(i // len(_CONSONANTS) ** k) % len(_CONSONANTS)] for k in range(3))
    day, month = 1 + i % 28, MONTHS[i % 12]
    return {"id": f"wire-{i:03d}", "published": f"2024-{i % 12 + 1:02d}-{day:02d}",
            "text": f"Officials met on {day} {month} 2024 to discuss the harbour dispute (ref {code})."}


def _complete_lines(compressed: bytes) -> int:
    """How many whole lines a reader recovers from a cut-off gzip stream."""
    data = zlib.decompressobj(wbits=31).decompress(compressed)
    return data.count(b"\n")


def build_hostile_folder(folder: Path, n_records: int = 60) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "normal.txt").write_text(NORMAL)
    (folder / "crlf-emoji.txt").write_bytes(CRLF_EMOJI.encode("utf-8"))
    os.mkfifo(folder / "fifo.txt")                      # opening it would block forever
    os.symlink("/dev/zero", folder / "zero.txt")        # reading it would never end
    (folder / "scan.txt").write_bytes(PNG_BYTES * 4)    # an image under a text name
    (folder / "copy-a.txt").write_text(COPY)            # byte-identical content under two names
    (folder / "copy-b.txt").write_text(COPY)
    # A gzip JSON-lines export cut short: its complete lines load, the tail is one rejection.
    whole = gzip.compress("".join(json.dumps(_record(i)) + "\n" for i in range(n_records)).encode(), mtime=0)
    cut = whole[: int(len(whole) * 0.6)]
    (folder / "export.jsonl.gz").write_bytes(cut)
    complete = _complete_lines(cut)
    assert 0 < complete < n_records
    # Malformed JSON lines, and an id that another source (normal.txt) already uses in this run.
    (folder / "records.jsonl").write_text(
        json.dumps({"id": "wire-rail", "text": "Rail services resumed on 3 February 2024 after a week-long strike."})
        + "\n" + '{"id": "broken", "text": "unterminated\n'
        + json.dumps({"id": "normal", "text": "A different story that claims the id of normal.txt, from 2 May 2024."})
        + "\n")

    loaded = {"normal", "crlf-emoji", "copy-a", "wire-rail"} | {f"wire-{i:03d}" for i in range(complete)}
    rejected = [  # (file name, locator fragment, reason fragment)
        ("fifo.txt", "", "not a regular file (a named pipe (FIFO))"),
        ("zero.txt", "", "not a regular file (a character device)"),
        ("scan.txt", "", "binary file (a PNG image)"),
        ("copy-b.txt", "", "duplicate content: the same text as document 'copy-a'"),
        ("export.jsonl.gz", f"line {complete + 1}", f"gzip file is truncated from line {complete + 1} on"),
        ("records.jsonl", "line 2", "malformed JSON"),
        ("records.jsonl", "line 3", "duplicate doc_id 'normal'"),
    ]
    n_inputs = 7 + (complete + 1) + 3
    return {"loaded": loaded, "rejected": rejected, "n_inputs": n_inputs, "complete_gzip_lines": complete}
