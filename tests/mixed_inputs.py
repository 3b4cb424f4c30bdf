"""A folder of everything users feed us, good and bad, built in a temporary folder for a test."""
from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

from conftest import SHARED_CORPUS

PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"

HTML_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Bridge reopens after repairs | Example Courier</title>
<meta property="article:published_time" content="2024-04-09T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>Bridge reopens after repairs</h1>
<p>The river bridge reopened to traffic on Monday, eight months after a barge struck one of its piers
in the summer of 2023.</p><p>Engineers said the repairs had cost less than feared and finished two
weeks ahead of schedule, in time for the spring festival on April 20.</p></article>
<footer>Copyright 2024 Example Courier</footer></body></html>"""

# (file name, expected rejection reason fragment) for each bad input.
BAD_FILES = {
    "empty.txt": "empty file",
    "photo.png": "unsupported file type .png",
    "scan.txt": "binary file (a PNG image)",  # an image saved under a text name
    "records.jsonl": "malformed JSON",
}


def build_mixed_folder(folder: Path, with_seeds: bool = True) -> dict:
    """Write the folder; returns what a run over it must report."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ferry-strike.txt").write_text(
        "ATHENS, June 4, 2024 — Ferry crews walked off the job on Tuesday, stranding thousands of travellers "
        "at the start of the holiday season.\n\nThe union said the strike would last 48 hours unless the "
        "ministry reopened talks it broke off on 28 May.\n")
    (folder / "vote-count.txt.gz").write_bytes(gzip.compress(
        "VILNIUS, October 14, 2024 — Election officials finished counting on Monday. Turnout was the "
        "highest since 2012, and a runoff is set for October 27.\n".encode()))
    (folder / "bridge.html").write_text(HTML_PAGE)
    (folder / "latin1-market.txt").write_bytes(
        "MÜNCHEN, 3 March 2023 - The Christmas market stalls were sold on Friday. Organisers said the "
        "café tents would return next December, and that visitor numbers had doubled since 2019.\n"
        .encode("latin-1"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.png").write_bytes(PNG_BYTES)
    (folder / "scan.txt").write_bytes(PNG_BYTES)
    good_record = {"id": "wire-port", "published": "2024-02-02", "title": "Port reopens",
                   "text": "The port reopened on Thursday after a storm closed it on 29 January."}
    (folder / "records.jsonl").write_text(
        json.dumps(good_record) + "\n" + '{"id": "broken", "text": "unterminated\n' +
        json.dumps({"id": "wire-rail", "text": "Rail services resumed on 3 February 2024 after a week-long strike."})
        + "\n")
    good = {"ferry-strike", "vote-count", "bridge", "latin1-market", "wire-port", "wire-rail"}
    n_seeds = 0
    if with_seeds and (SHARED_CORPUS / "seeds").is_dir():
        for seed in sorted((SHARED_CORPUS / "seeds").glob("*.txt")):
            shutil.copy(seed, folder / seed.name)
            good.add(seed.stem)
            n_seeds += 1
    # 6 good documents (+ seeds), and 4 bad inputs: the empty file, the two images, the broken JSON line.
    return {"good_doc_ids": good, "n_inputs": len(good) + len(BAD_FILES), "n_rejected": len(BAD_FILES),
            "n_seeds": n_seeds}
