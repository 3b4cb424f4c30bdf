"""Tests for pipeline.inputs.readers: ids, formats, gzip, bad input, totality, truncated exports."""
from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st
from input_fixtures import (
    ARTICLE,
    CORPUS_SEEDS,
    HTML_PAGE,
    jsonl,
    only_document,
    only_rejection,
    read_all,
    write,
)

from pipeline.inputs import (
    InputFile,
    discover,
    parse_published,
    read_input,
)
from pipeline.models import Document, Rejection
from pipeline.settings import Settings

# ---------------------------------------------------------------------------------------------- ids


@pytest.mark.parametrize("relative, expected_id", [
    ("news/2024/kyiv-talks.txt", "kyiv-talks"),
    ("news/kyiv-talks.txt.gz", "kyiv-talks"),
    ("page.v2.html", "page.v2"),
    ("page.htm", "page"),
    ("page.html.gz", "page"),
])
def test_ids_from_file_names(tmp_path, relative, expected_id):
    data = HTML_PAGE if ".htm" in relative else ARTICLE
    doc = only_document(read_all(write(tmp_path / relative, data)))
    assert doc.doc_id == expected_id


def test_jsonl_ids_string_and_integer(tmp_path):
    f = write(tmp_path / "x.jsonl", jsonl({"id": "a-1", "text": ARTICLE}, {"id": 42, "text": ARTICLE}))
    docs = read_all(f)
    assert [d.doc_id for d in docs] == ["a-1", "42"]


# ---------------------------------------------------------------------------------------------- formats


def test_txt_document(tmp_path):
    f = write(tmp_path / "ferry.txt", ARTICLE)
    doc = only_document(read_all(f))
    assert doc.text == ARTICLE
    assert doc.source == f.path
    assert doc.locator == ""
    assert doc.input_format == "txt"
    assert doc.encoding == "utf-8"
    assert doc.title == "Harbour Council Approves New Ferry Timetable"  # its headline line
    assert doc.url is None and doc.published_date is None
    assert doc.published_source == "unknown"
    assert doc.body_spans, "txt inputs are analysed for furniture"
    assert doc.content_hash


BODY = ("The harbour council voted on Tuesday to add two evening ferries to the island route, a change that "
        "residents had asked for since the spring, and the new timetable starts on 3 March.\n")


@pytest.mark.parametrize("head, title", [
    ("Ferry timetable approved\n\n", "Ferry timetable approved"),
    ("Will the ferries run at night?\n\n", "Will the ferries run at night?"),
    ("Council backs late ferries –\n\n", "Council backs late ferries"),          # a trailing dash goes
    ("top of page\n\nFerry timetable approved\n\n", "Ferry timetable approved"),  # furniture first
    ("", None),                                                                   # the body comes first
    ("Ferries.\n\n", None),                                                       # one word
    ("The council met on Tuesday.\n\n", None),                                    # a sentence
    ("Ferries, buses and trams:\n\n", None),                                      # a clause
    (("Ferry " * 30) + "\n\n", None),                                              # too long
])
def test_txt_title_is_the_headline_line_when_it_looks_like_one(tmp_path, head, title):
    assert only_document(read_all(write(tmp_path / "a.txt", head + BODY))).title == title


def test_a_one_line_txt_has_no_title(tmp_path):
    assert only_document(read_all(write(tmp_path / "a.txt", "Ferry timetable approved by the council\n"))).title is None


def test_html_document_text_and_metadata(tmp_path):
    f = write(tmp_path / "ferry.html", HTML_PAGE)
    doc = only_document(read_all(f))
    assert doc.input_format == "html"
    assert "two evening ferries" in doc.text
    assert "About time they listened" not in doc.text  # reader comment left out
    assert "All rights reserved" not in doc.text
    assert doc.title == "Harbour council approves new ferry timetable"
    assert doc.author == "Mara Quill"
    assert doc.url == "https://news.example.org/harbour/ferry-timetable"
    assert doc.published_date == date(2024, 3, 5)
    assert doc.published_source == "metadata"
    assert doc.published_evidence == "html metadata"
    assert doc.raw_html == HTML_PAGE
    assert doc.body_spans is None


def test_html_without_date_metadata_has_unknown_date(tmp_path):
    page = HTML_PAGE.replace('<meta property="article:published_time" content="2024-03-05T10:00:00+01:00">', "")
    doc = only_document(read_all(write(tmp_path / "p.htm", page)))
    assert doc.published_date is None
    assert doc.published_source == "unknown"


def test_html_without_article_text_is_rejected(tmp_path):
    rej = only_rejection(read_all(write(tmp_path / "empty.html", "<html><body><nav></nav></body></html>")))
    assert rej.reason == "no article text found in the HTML page"


def test_jsonl_documents_with_metadata(tmp_path):
    f = write(tmp_path / "batch.jsonl", jsonl(
        {"id": "a", "text": ARTICLE, "published": "2024-03-05", "url": "https://x.example/a",
         "title": "Ferries", "source": "Harbour Gazette", "author": "Mara Quill"},
        {"id": "b", "text": ARTICLE, "published": "2024-03-06T23:30:00+02:00"},
        {"id": "c", "text": ARTICLE, "published": "2024-03-07T08:00:00Z"},
        {"id": "d", "text": ARTICLE},
    ))
    a, b, c, d = read_all(f)
    assert (a.doc_id, a.locator, a.input_format) == ("a", "line 1", "jsonl")
    assert a.published_date == date(2024, 3, 5)
    assert a.published_source == "metadata" and a.published_evidence == "jsonl field published"
    assert (a.url, a.title, a.author) == ("https://x.example/a", "Ferries", "Mara Quill")
    assert a.source == f.path
    assert b.published_date == date(2024, 3, 6)  # the date part, as written
    assert c.published_date == date(2024, 3, 7)
    assert d.published_date is None and d.published_source == "unknown"
    assert a.body_spans


def test_ndjson_suffix_and_blank_lines_ignored(tmp_path):
    content = "\n" + json.dumps({"id": 1, "text": ARTICLE}) + "\n\n   \n" + json.dumps({"id": 2, "text": ARTICLE})
    results = read_all(write(tmp_path / "x.ndjson", content))
    assert [(r.doc_id, r.locator) for r in results] == [("1", "line 2"), ("2", "line 5")]


def test_jsonl_bad_lines_rejected_good_lines_kept(tmp_path):
    f = write(tmp_path / "mixed.jsonl", jsonl(
        {"id": "ok1", "text": ARTICLE},
        '{"id": "broken", "text": "unterminated',
        {"text": ARTICLE},
        {"id": ["x"], "text": ARTICLE},
        {"id": "notext"},
        {"id": "emptytext", "text": "  \n "},
        {"id": "baddate", "text": ARTICLE, "published": "last Tuesday"},
        {"id": "ok1", "text": ARTICLE},
        "[1, 2, 3]",
        {"id": True, "text": ARTICLE},
        {"id": "numtext", "text": 12},
        {"id": "baddate2", "text": ARTICLE, "published": "2024-02-30"},
        {"id": "ok2", "text": ARTICLE},
    ))
    results = read_all(f)
    docs = [r for r in results if isinstance(r, Document)]
    rejections = {r.locator: r for r in results if isinstance(r, Rejection)}
    assert [d.doc_id for d in docs] == ["ok1", "ok2"]
    assert len(results) == 13
    assert rejections["line 2"].reason.startswith("malformed JSON: Unterminated string")
    assert rejections["line 3"].reason == "record has no id"
    assert rejections["line 4"].reason == "record id must be a string or an integer, not an array"
    assert rejections["line 5"].reason == "record has no text"
    assert rejections["line 5"].doc_id == "notext"
    assert rejections["line 6"].reason == "record has empty text"
    assert rejections["line 7"].reason == (
        "published 'last Tuesday' is not a date (YYYY-MM-DD or ISO datetime)")
    assert rejections["line 8"].reason == "duplicate id 'ok1' (first seen on line 1)"
    assert rejections["line 9"].reason == "line is not a JSON object but an array"
    assert rejections["line 10"].reason == "record id must be a string or an integer, not a boolean"
    assert rejections["line 11"].reason == "record text must be a string, not a number"
    assert rejections["line 12"].reason.startswith("published '2024-02-30' is not a date")
    assert all(r.stage == "read" and r.source == f.path for r in rejections.values())


def test_empty_jsonl_yields_one_rejection(tmp_path):
    assert only_rejection(read_all(write(tmp_path / "e.jsonl", b""))).reason == "empty file"
    rej = only_rejection(read_all(write(tmp_path / "blank.jsonl", "\n\n  \n")))
    assert rej.reason.startswith("empty file")


@pytest.mark.parametrize("value, expected", [
    ("2024-03-05", date(2024, 3, 5)),
    ("2024-03-05T10:00:00", date(2024, 3, 5)),
    ("2024-03-05 10:00", date(2024, 3, 5)),
    ("2024-03-05T10:00:00.123+05:30", date(2024, 3, 5)),
    ("2024-03-05T10:00:00Z", date(2024, 3, 5)),
    ("5 March 2024", None),
    ("2024-13-01", None),
    ("2024-03", None),
    ("", None),
])
def test_parse_published(value, expected):
    assert parse_published(value) == expected


# ---------------------------------------------------------------------------------------------- gzip


@pytest.mark.parametrize("name, data", [
    ("a.txt.gz", ARTICLE),
    ("a.html.gz", HTML_PAGE),
    ("a.htm.gz", HTML_PAGE),
    ("a.jsonl.gz", jsonl({"id": "a", "text": ARTICLE})),
    ("a.ndjson.gz", jsonl({"id": "a", "text": ARTICLE})),
])
def test_gzip_of_each_format(tmp_path, name, data):
    doc = only_document(read_all(write(tmp_path / name, data)))
    assert doc.doc_id == "a"
    assert "evening ferries" in doc.text
    assert doc.input_format in ("txt", "html", "jsonl")


def test_gzip_over_decompressed_limit_is_rejected_without_reading_it_all(tmp_path):
    # 5 MB of spaces compresses to a few KB: the cap must apply to the decompressed size.
    f = write(tmp_path / "bomb.txt.gz", ARTICLE + " " * 5_000_000)
    assert f.size < 100_000
    rej = only_rejection(read_all(f, max_input_bytes=1_000_000))
    assert rej.reason.startswith("decompressed size is over the limit")


def test_corrupt_gzip_is_rejected(tmp_path):
    path = tmp_path / "bad.txt.gz"
    path.write_bytes(b"this is not gzip at all")
    rej = only_rejection(read_all(InputFile(str(path), path.stat().st_size)))
    assert rej.reason.startswith("not a valid gzip file")


def test_truncated_gzip_is_rejected(tmp_path):
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(gzip.compress(ARTICLE.encode() * 20)[:60])
    rej = only_rejection(read_all(InputFile(str(path), path.stat().st_size)))
    assert rej.reason.startswith("gzip file is truncated")


# ---------------------------------------------------------------------------------------------- bad input


def test_empty_file(tmp_path):
    rej = only_rejection(read_all(write(tmp_path / "empty.txt", b"")))
    assert rej.reason == "empty file"
    assert rej.locator == ""
    assert rej.doc_id == "empty"


def test_whitespace_only_file(tmp_path):
    rej = only_rejection(read_all(write(tmp_path / "ws.txt", " \n\t\r\n  ")))
    assert rej.reason == "empty file (only whitespace)"


def test_nul_bytes_are_binary(tmp_path):
    rej = only_rejection(read_all(write(tmp_path / "nul.txt", b"some text\x00\x01\x02 more text here")))
    assert rej.reason.startswith("binary file (contains NUL bytes")
    assert rej.locator == "byte 9"


@pytest.mark.parametrize("magic, kind", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG image"),
    (b"%PDF-1.7\n%\xe2\xe3", "PDF document"),
])
def test_images_and_documents_renamed_to_txt_are_binary(tmp_path, magic, kind):
    rej = only_rejection(read_all(write(tmp_path / "pic.txt", magic + b"\x00" * 64)))
    assert rej.reason == f"binary file (a {kind}), not text"


def test_over_size_limit_checked_before_reading(tmp_path):
    f = write(tmp_path / "big.txt", ARTICLE * 100)
    rej = only_rejection(read_all(f, max_input_bytes=1000))
    assert rej.reason.startswith("file is too large")
    assert "max_input_bytes" in rej.reason


def test_undecodable_bytes_in_utf8_text(tmp_path):
    data = "Café owners met on Monday. ".encode() + b"\xff\xfe\xfa broken " + "more text – here.".encode()
    rej = only_rejection(read_all(write(tmp_path / "bad.txt", data)))
    assert rej.reason.startswith("undecodable bytes")
    assert rej.locator == "byte 28"


def test_control_character_soup_is_binary(tmp_path):
    rej = only_rejection(read_all(write(tmp_path / "ctl.txt", bytes(range(1, 32)) * 40)))
    assert rej.reason.startswith("binary file")


def test_unreadable_file_is_rejected_not_raised(tmp_path):
    f = InputFile(str(tmp_path / "vanished.txt"), 10)
    rej = only_rejection(read_all(f))
    assert rej.reason.startswith("cannot read file")


# ---------------------------------------------------------------------------------------------- totality


@hyp_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".txt", ".jsonl", ".html"]))
def test_read_input_never_raises_and_always_accounts_for_the_file(tmp_path, data, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    results = list(read_input(InputFile(str(path), len(data)), Settings()))
    assert results, "every input yields at least one document or rejection"
    for r in results:
        assert isinstance(r, (Document, Rejection))
        if isinstance(r, Document):
            for start, end in r.body_spans or []:
                assert 0 <= start < end <= len(r.text)


@pytest.mark.corpus
def test_corpus_seeds_read_as_documents():
    if not CORPUS_SEEDS.is_dir():
        pytest.skip(f"corpus not present at {CORPUS_SEEDS}")
    files, rejections = discover([str(CORPUS_SEEDS / "*.txt")])
    assert len(files) == 5 and rejections == []
    for f in files:
        doc = only_document(read_all(f))
        assert doc.encoding == "utf-8"
        assert doc.body_spans


def test_web_page_saved_as_txt_is_read_as_html(tmp_path):
    doc = only_document(read_all(write(tmp_path / "saved-page.txt", HTML_PAGE)))
    assert doc.doc_id == "saved-page"
    assert doc.input_format == "html"
    assert "<p>" not in doc.text and "two evening ferries" in doc.text


def test_text_that_is_only_page_furniture_is_rejected(tmp_path):
    rej = only_rejection(read_all(write(tmp_path / "chrome.txt", "Loading...\nShare\nTweet\nRSS\ntop of page\n")))
    assert rej.reason.startswith("no article text found: every line looks like page furniture")
    f = write(tmp_path / "chrome.jsonl", jsonl({"id": "c", "text": "Share\nTweet\nbottom of page"}))
    rej = only_rejection(read_all(f))
    assert rej.locator == "line 1" and rej.doc_id == "c"


def test_reading_plain_text_is_fast(tmp_path):
    import time

    block = "Loading...\nShare\n\n" + ARTICLE + "\nTweet\nRead more: Ferry fares rise\n\n"
    f = write(tmp_path / "big.txt", block * (5_000_000 // len(block)))
    started = time.perf_counter()
    doc = only_document(read_all(f))
    elapsed = time.perf_counter() - started
    assert len(doc.body_spans) > 1000
    assert elapsed < 5.0, f"{f.size / elapsed / 1e6:.1f} MB/s"  # aim is > 20 MB/s; this guards blowups


_JSON_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=12),
                         st.sampled_from(["2024-03-05", "2024-03-05T10:00:00Z", "yesterday", ARTICLE]),
                         st.lists(st.integers(), max_size=2))
_RECORDS = st.one_of(
    st.fixed_dictionaries({"id": _JSON_VALUES, "text": _JSON_VALUES},
                          optional={"published": _JSON_VALUES, "title": _JSON_VALUES}),
    _JSON_VALUES.map(json.dumps),
    st.sampled_from(["{broken", "", "   ", '{"id": 1, "text": "x"'])
)


@hyp_settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(_RECORDS, max_size=12))
def test_every_jsonl_record_is_accounted_for_exactly_once(tmp_path, records):
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path = tmp_path / "fuzz.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    results = list(read_input(InputFile(str(path), path.stat().st_size), Settings()))
    record_lines = [n for n, line in enumerate(lines, start=1) if line.strip()]
    if not record_lines:
        assert len(results) == 1 and isinstance(results[0], Rejection)
        assert results[0].reason.startswith("empty file")
        return
    assert [r.locator for r in results] == [f"line {n}" for n in record_lines]


# --- a truncated gzip JSON-lines export ------------------------------------------------------------

def _truncated_jsonl_gz(path: Path, n_records: int = 1000, keep: float = 0.7) -> int:
    """Write n_records JSON lines gzipped, cut the compressed file at `keep`; return the complete lines
    that survive (counted as zcat would: decompress what there is, count the newlines)."""
    import random  # noqa: PLC0415
    import zlib  # noqa: PLC0415

    rng = random.Random(7)
    words = ["harbour", "strike", "council", "vote", "border", "talks", "ministers", "river", "bridge", "court"]
    lines = [json.dumps({"id": f"rec-{i:04d}", "published": "2024-03-04",
                         "text": f"Record {i}. " + " ".join(
                             f"The {rng.choice(words)} was on the {rng.choice(words)} and it is in the news."
                             for _ in range(8))})
             for i in range(n_records)]
    whole = gzip.compress(("\n".join(lines) + "\n").encode())
    cut = whole[: int(len(whole) * keep)]
    path.write_bytes(cut)
    recovered = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(cut)
    return recovered.count(b"\n")


def test_a_truncated_jsonl_gz_loads_its_complete_lines_and_rejects_the_tail(tmp_path):
    path = tmp_path / "export.jsonl.gz"
    complete = _truncated_jsonl_gz(path)
    assert 500 < complete < 1000
    files, _ = discover([str(path)])
    results = list(read_input(files[0], Settings(warehouse=tmp_path / "w.duckdb")))
    docs = [r for r in results if isinstance(r, Document)]
    rejections = [r for r in results if isinstance(r, Rejection)]
    assert [d.doc_id for d in docs] == [f"rec-{i:04d}" for i in range(complete)]
    assert len(rejections) == 1
    assert rejections[0].locator == f"line {complete + 1}"
    assert rejections[0].reason.startswith(f"gzip file is truncated from line {complete + 1} on")


def test_a_truncated_jsonl_gz_through_datewire_run_adds_up(settings, tmp_path, monkeypatch):
    from pipeline.cli import main  # noqa: PLC0415
    from pipeline.warehouse import query  # noqa: PLC0415

    monkeypatch.setenv("DATEWIRE_STAGING", str(settings.staging_dir))
    path = tmp_path / "in" / "export.jsonl.gz"
    path.parent.mkdir()
    complete = _truncated_jsonl_gz(path, n_records=60, keep=0.8)
    assert main(["run", str(path), "--warehouse", str(settings.warehouse), "--preview", "0"]) == 1
    assert query(settings.warehouse, "SELECT count(*) FROM documents")[1] == [(complete,)]
    assert query(settings.warehouse, "SELECT locator FROM rejections WHERE stage = 'read'")[1] == [
        (f"line {complete + 1}",)]
    assert query(settings.warehouse, "SELECT balanced FROM run_accounting")[1] == [(True,)]
