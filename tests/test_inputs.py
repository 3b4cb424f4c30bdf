"""Tests for pipeline.inputs: discovery, formats, encodings, gzip and every kind of bad input.

All fixtures are written here, into tmp_path, from text of our own.
"""
from __future__ import annotations

import gzip
import json
import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from pipeline.inputs import (
    SUPPORTED_SUFFIXES,
    InputFile,
    decode_bytes,
    discover,
    english_check,
    parse_published,
    read_input,
)
from pipeline.models import Document, Rejection
from pipeline.settings import Settings

CORPUS_SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"

ARTICLE = (
    "Harbour Council Approves New Ferry Timetable\n"
    "\n"
    "The harbour council voted on Tuesday to add two evening ferries to the island route, a change that "
    "residents had asked for since the spring. The new timetable starts on 3 March and will be reviewed "
    "after six months.\n"
    "\n"
    "Officials said the extra sailings would cost about 40,000 euros a year, which the council expects to "
    "recover from ticket sales. Several members of the council warned that the budget was tight.\n"
)

GERMAN = (
    "Der Stadtrat hat am Dienstag nach langer Debatte einen neuen Fahrplan für die Fähre beschlossen. "
    "Die Opposition kritisierte, dass die Verwaltung zu wenig Geld für die Häfen vorgesehen habe. Der "
    "Bürgermeister sagte, man müsse sparen, weil die Kosten gestiegen seien und die Einnahmen kaum "
    "wachsen. In den kommenden Wochen soll der Kreistag über den Plan beraten, bevor er im März in Kraft "
    "treten kann. Was die Bürger davon halten, ist noch offen."
)

RUSSIAN = ("Городской совет во вторник утвердил новое расписание паромов. По словам чиновников, "
           "дополнительные рейсы обойдутся примерно в сорок тысяч евро в год.")

HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Harbour council approves new ferry timetable</title>
<meta property="article:published_time" content="2024-03-05T10:00:00+01:00">
<meta name="author" content="Mara Quill">
<link rel="canonical" href="https://news.example.org/harbour/ferry-timetable">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/local">Local</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Harbour council approves new ferry timetable</h1>
<p>The harbour council voted on Tuesday to add two evening ferries to the island route, a change that
residents had asked for since the spring.</p>
<p>The new timetable starts on 3 March and will be reviewed after six months, officials said. The extra
sailings would cost about 40,000 euros a year, which the council expects to recover from tickets.</p>
<p>Several members of the council warned that the budget was tight and that the ferry company had not yet
confirmed it could find crews for the late sailings.</p>
</article>
<div id="comments" class="comments"><h3>3 comments</h3>
<div class="comment"><p>Finally! About time they listened to us.</p></div>
</div>
<footer><p>Copyright 2024 Example News. All rights reserved.</p></footer>
</body></html>
"""


def write(path: Path, data: bytes | str) -> InputFile:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if path.name.endswith(".gz"):
        data = gzip.compress(data)
    path.write_bytes(data)
    return InputFile(path=str(path.resolve()), size=path.stat().st_size)


def read_all(input_file: InputFile, **settings_changes) -> list[Document | Rejection]:
    return list(read_input(input_file, Settings().with_(**settings_changes)))


def only_document(results: list) -> Document:
    assert len(results) == 1, results
    assert isinstance(results[0], Document), results[0]
    return results[0]


def only_rejection(results: list) -> Rejection:
    assert len(results) == 1, results
    assert isinstance(results[0], Rejection), results[0]
    assert results[0].stage == "read"
    return results[0]


def jsonl(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


# ---------------------------------------------------------------------------------------------- discover


def test_supported_suffixes_include_gzip_of_each():
    for plain in (".txt", ".html", ".htm", ".jsonl", ".ndjson"):
        assert plain in SUPPORTED_SUFFIXES
        assert plain + ".gz" in SUPPORTED_SUFFIXES


def test_discover_single_file(tmp_path):
    f = write(tmp_path / "a.txt", ARTICLE)
    files, rejections = discover([str(tmp_path / "a.txt")])
    assert files == [f]
    assert rejections == []
    assert os.path.isabs(files[0].path)
    assert files[0].size == len(ARTICLE.encode())


def test_discover_directory_recursive_skips_hidden_and_backups_reports_unsupported(tmp_path):
    write(tmp_path / "in" / "b.txt", ARTICLE)
    write(tmp_path / "in" / "sub" / "deeper" / "a.jsonl", jsonl({"id": 1, "text": ARTICLE}))
    write(tmp_path / "in" / "sub" / "c.html", HTML_PAGE)
    write(tmp_path / "in" / "sub" / "d.txt.gz", ARTICLE)
    write(tmp_path / "in" / ".hidden.txt", ARTICLE)
    write(tmp_path / "in" / ".git" / "x.txt", ARTICLE)
    write(tmp_path / "in" / "b.txt~", ARTICLE)
    write(tmp_path / "in" / "#b.txt#", ARTICLE)
    write(tmp_path / "in" / "notes.docx", b"PK\x03\x04")
    write(tmp_path / "in" / "archive.tar.gz", b"x")
    files, rejections = discover([str(tmp_path / "in")])
    names = [os.path.relpath(f.path, tmp_path / "in") for f in files]
    assert names == sorted(["b.txt", "sub/deeper/a.jsonl", "sub/c.html", "sub/d.txt.gz"])
    assert {(os.path.basename(r.source), r.reason) for r in rejections} == {
        ("notes.docx", "unsupported file type .docx"),
        ("archive.tar.gz", "unsupported file type .tar.gz"),
    }
    assert all(r.stage == "discover" for r in rejections)


def test_discover_globs_including_double_star(tmp_path):
    write(tmp_path / "inbox" / "one.jsonl", jsonl({"id": 1, "text": ARTICLE}))
    write(tmp_path / "inbox" / "two.jsonl", jsonl({"id": 2, "text": ARTICLE}))
    write(tmp_path / "inbox" / "three.txt", ARTICLE)
    write(tmp_path / "inbox" / "nested" / "four.jsonl", jsonl({"id": 4, "text": ARTICLE}))
    files, rejections = discover([str(tmp_path / "inbox" / "*.jsonl")])
    assert [os.path.basename(f.path) for f in files] == ["one.jsonl", "two.jsonl"]
    files, rejections = discover([str(tmp_path / "**" / "*.jsonl")])
    assert sorted(os.path.basename(f.path) for f in files) == ["four.jsonl", "one.jsonl", "two.jsonl"]
    assert rejections == []


def test_discover_missing_path_and_empty_glob_are_rejections(tmp_path):
    files, rejections = discover([str(tmp_path / "nope.txt"), str(tmp_path / "nothing" / "*.txt")])
    assert files == []
    reasons = {r.reason for r in rejections}
    assert reasons == {"no such file or directory", "glob matched no files"}
    assert all(r.stage == "discover" and r.locator == "" for r in rejections)


def test_discover_explicit_unsupported_file_is_rejected(tmp_path):
    write(tmp_path / "photo.png", b"\x89PNG\r\n\x1a\n")
    write(tmp_path / "README", b"hello")
    files, rejections = discover([str(tmp_path / "photo.png"), str(tmp_path / "README")])
    assert files == []
    assert sorted(r.reason for r in rejections) == [
        "unsupported file type (no extension)", "unsupported file type .png"]


def test_discover_deduplicates_and_sorts(tmp_path):
    write(tmp_path / "b.txt", ARTICLE)
    write(tmp_path / "a.txt", ARTICLE)
    patterns = [str(tmp_path / "b.txt"), str(tmp_path), str(tmp_path / "*.txt"), str(tmp_path / "a.txt")]
    files, rejections = discover(patterns)
    assert [os.path.basename(f.path) for f in files] == ["a.txt", "b.txt"]
    assert rejections == []
    assert discover(list(reversed(patterns))) == (files, rejections)


def test_discover_suffix_case_insensitive(tmp_path):
    write(tmp_path / "Loud.TXT", ARTICLE)
    files, _ = discover([str(tmp_path)])
    assert len(files) == 1


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
    assert doc.title is None and doc.url is None and doc.published_date is None
    assert doc.published_source == "unknown"
    assert doc.body_spans, "txt inputs are analysed for furniture"
    assert doc.content_hash


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


# ---------------------------------------------------------------------------------------------- encodings

CAFE = ("The new café on the quay opened on Monday, and its owner called it “a place for everyone”. "
        "It’s the third to open this year – after two closed in the winter.\n")


def test_utf8_with_bom(tmp_path):
    doc = only_document(read_all(write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + CAFE.encode())))
    assert doc.text == CAFE
    assert doc.encoding == "utf-8-sig"


@pytest.mark.parametrize("codec, expected_encoding", [("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be")])
def test_utf16_with_bom(tmp_path, codec, expected_encoding):
    bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    doc = only_document(read_all(write(tmp_path / "u16.txt", bom + CAFE.encode(codec))))
    assert doc.text == CAFE
    assert doc.encoding == expected_encoding


def test_utf16_without_bom_is_recognised(tmp_path):
    doc = only_document(read_all(write(tmp_path / "u16.txt", CAFE.encode("utf-16-le"))))
    assert doc.text == CAFE


def test_cp1252_legacy_text(tmp_path):
    doc = only_document(read_all(write(tmp_path / "legacy.txt", CAFE.encode("cp1252"))))
    assert doc.text == CAFE
    assert doc.encoding == "cp1252"


def test_latin1_text_with_accents_other_code_pages_would_garble(tmp_path):
    text = "A naïve résumé of the affair left everyone with a sense of déjà vu, the minister said on Friday.\n"
    doc = only_document(read_all(write(tmp_path / "l1.txt", text.encode("latin-1"))))
    assert doc.text == text


def test_cyrillic_legacy_encoding_is_decoded_then_rejected_as_not_english(tmp_path):
    rej = only_rejection(read_all(write(tmp_path / "ru.txt", RUSSIAN.encode("cp1251"))))
    assert rej.reason == "text is not in English (mostly Cyrillic script)"


def test_crlf_and_cr_line_endings_normalised_before_offsets(tmp_path):
    doc = only_document(read_all(write(tmp_path / "crlf.txt", ARTICLE.replace("\n", "\r\n"))))
    assert doc.text == ARTICLE
    doc = only_document(read_all(write(tmp_path / "cr.txt", ARTICLE.replace("\n", "\r"))))
    assert doc.text == ARTICLE
    for start, end in doc.body_spans:
        assert 0 <= start < end <= len(doc.text)


def test_text_is_nfc(tmp_path):
    decomposed = CAFE.replace("é", "e\u0301")
    doc = only_document(read_all(write(tmp_path / "nfd.txt", decomposed)))
    assert doc.text == CAFE


def test_jsonl_text_gets_same_normalisation(tmp_path):
    f = write(tmp_path / "n.jsonl", jsonl({"id": 1, "text": CAFE.replace("é", "e\u0301").replace("\n", "\r\n")}))
    assert only_document(read_all(f)).text == CAFE


def test_decode_bytes_reports_encoding():
    assert decode_bytes(b"plain ascii") == ("plain ascii", "utf-8")


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


def test_not_english_latin_script(tmp_path):
    rej = only_rejection(read_all(write(tmp_path / "de.txt", GERMAN)))
    assert rej.reason.startswith("text does not look like English")
    assert rej.payload and rej.payload.startswith("Der Stadtrat")


def test_not_english_non_latin_script(tmp_path):
    rej = only_rejection(read_all(write(tmp_path / "ru.txt", RUSSIAN)))
    assert rej.reason == "text is not in English (mostly Cyrillic script)"


def test_not_english_jsonl_record(tmp_path):
    f = write(tmp_path / "x.jsonl", jsonl({"id": "de", "text": GERMAN}, {"id": "en", "text": ARTICLE}))
    rej, doc = read_all(f)
    assert isinstance(rej, Rejection) and rej.locator == "line 1" and rej.doc_id == "de"
    assert isinstance(doc, Document) and doc.doc_id == "en"


def test_short_english_and_name_heavy_english_pass():
    assert english_check("Talks resume Monday.") is None
    assert english_check("Kyiv") is None
    roster = ("Participants: Aleksandr Lukashenko (Belarus), Vladimir Putin (Russia), Volodymyr Zelensky "
              "(Ukraine), Recep Tayyip Erdogan (Turkey), Emmanuel Macron (France), Olaf Scholz (Germany), "
              "Giorgia Meloni (Italy), Pedro Sanchez (Spain), Mark Rutte (Netherlands), Andrzej Duda "
              "(Poland), Gitanas Nauseda (Lithuania), Edgars Rinkevics (Latvia), Alar Karis (Estonia). "
              "Venue: Palais des Nations, Geneva. Moderator: Josep Borrell of the EU. Observers from the "
              "OSCE and the UN attended the opening session on Monday.")
    assert english_check(roster) is None


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


def test_discover_takes_existing_names_with_glob_characters_literally(tmp_path):
    write(tmp_path / "report[1].txt", ARTICLE)
    files, rejections = discover([str(tmp_path / "report[1].txt")])
    assert [os.path.basename(f.path) for f in files] == ["report[1].txt"] and rejections == []


def test_html_in_a_legacy_encoding_declared_by_meta_charset(tmp_path):
    page = HTML_PAGE.replace('<meta charset="utf-8">', '<meta charset="windows-1252">').replace(
        "residents had asked for", "the café owners had asked for")
    doc = only_document(read_all(write(tmp_path / "legacy.html", page.encode("cp1252"))))
    assert "the café owners" in doc.text
    assert doc.encoding == "cp1252"


def test_discover_skips_folder_readme_in_directories_but_not_when_named(tmp_path):
    write(tmp_path / "inbox" / "README.md", "Drop articles here.")
    write(tmp_path / "inbox" / "LICENSE", "licence text")
    write(tmp_path / "inbox" / "a.txt", ARTICLE)
    files, rejections = discover([str(tmp_path / "inbox"), str(tmp_path / "inbox" / "*")])
    assert [os.path.basename(f.path) for f in files] == ["a.txt"]
    assert rejections == []
    files, rejections = discover([str(tmp_path / "inbox" / "README.md")])
    assert files == [] and [r.reason for r in rejections] == ["unsupported file type .md"]


def test_jsonl_with_an_undecodable_line_keeps_the_other_lines(tmp_path):
    good = json.dumps({"id": "ok", "text": CAFE}, ensure_ascii=False).encode()
    bad = b'{"id": "bad", "text": "broken \xff\xfe bytes"}'
    f = write(tmp_path / "mixed.jsonl", good + b"\n" + bad + b"\n" + good.replace(b'"ok"', b'"ok2"') + b"\n")
    doc1, rej, doc2 = read_all(f)
    assert (doc1.doc_id, doc2.doc_id) == ("ok", "ok2")
    assert doc1.text == CAFE
    assert rej.locator == "line 2"
    assert rej.reason == "undecodable bytes: invalid UTF-8 at byte 30 of the line"


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
    from pipeline.inputs import split_jsonl

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
    from pipeline.inputs import split_jsonl

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
    from pipeline.inputs import split_gzip_jsonl

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
    from pipeline.inputs import split_gzip_jsonl

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


# --- only regular files are opened ---------------------------------------------------------------

def _special_files(folder: Path) -> dict[str, Path]:
    """A FIFO, a symlink to /dev/zero and a Unix socket, all with supported names, in `folder`."""
    import socket  # noqa: PLC0415

    folder.mkdir(parents=True, exist_ok=True)
    fifo, zero, sock = folder / "fifo.txt", folder / "zero.txt", folder / "sock.jsonl"
    os.mkfifo(fifo)
    zero.symlink_to("/dev/zero")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock))  # the socket file stays after the process exits
    server.close()
    return {"fifo": fifo, "zero": zero, "sock": sock}


SPECIAL_REASONS = {"fifo": "not a regular file (a named pipe (FIFO))",
                   "zero": "not a regular file (a character device)",
                   "sock": "not a regular file (a socket)"}


def test_special_files_are_rejected_in_a_folder_and_by_name(tmp_path):
    special = _special_files(tmp_path / "in")
    (tmp_path / "in" / "good.txt").write_text("A regular article.\n")
    for patterns in ([str(tmp_path / "in")], [str(p) for p in special.values()], [str(tmp_path / "in" / "*")]):
        files, rejections = discover(patterns)
        assert [os.path.basename(f.path) for f in files] == (["good.txt"] if len(patterns) == 1 else [])
        assert {os.path.basename(r.source): r.reason for r in rejections} == {
            p.name: SPECIAL_REASONS[key] for key, p in special.items()}, patterns
        assert all(r.stage == "discover" for r in rejections)


def test_a_path_replaced_by_a_fifo_after_discovery_is_rejected_at_read_time(tmp_path):
    path = tmp_path / "later.txt"
    path.write_text("An article.\n")
    files, _ = discover([str(path)])
    path.unlink()
    os.mkfifo(path)
    results = list(read_input(files[0], Settings(warehouse=tmp_path / "w.duckdb")))  # must not block
    assert len(results) == 1 and isinstance(results[0], Rejection)
    assert results[0].reason == SPECIAL_REASONS["fifo"]


@pytest.mark.parametrize("command", ["run", "extract"])
def test_run_and_extract_never_hang_on_special_files_and_account_for_every_named_input(
        settings, tmp_path, command):
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    special = _special_files(tmp_path / "in")
    (tmp_path / "in" / "good.txt").write_text(
        "Port strike ends\n\nGDANSK, 4 March 2024 - Dock workers in Gdansk ended their strike on Monday.\n")
    missing = tmp_path / "absent.txt"
    env = {**os.environ, "DATEWIRE_WAREHOUSE": str(settings.warehouse),
           "DATEWIRE_STAGING": str(settings.staging_dir)}
    args = [str(tmp_path / "in"), str(special["fifo"]), str(special["zero"]), str(missing)]
    if command == "run":
        args.append("--preview=0")
    result = subprocess.run([sys.executable, "-m", "pipeline.cli", command, *args], env=env,
                            capture_output=True, text=True, timeout=180)
    assert "Traceback" not in result.stderr
    if command == "extract":
        for key in special:
            assert f"rejected {special[key]}: {SPECIAL_REASONS[key]}" in result.stderr, result.stderr
        assert f"rejected {missing}: no such file or directory" in result.stderr
        assert '"doc_id": "good"' in result.stdout
        return
    from pipeline.warehouse import query  # noqa: PLC0415

    # Named twice (in the folder and by name), the FIFO and the link are one input each.
    assert query(settings.warehouse, "SELECT n_inputs, n_documents, n_rejected_inputs FROM runs")[1] == [(5, 1, 4)]
    reasons = dict(query(settings.warehouse, "SELECT source, reason FROM rejections WHERE stage = 'discover'")[1])
    assert reasons == {**{str(p): SPECIAL_REASONS[k] for k, p in special.items()},
                       str(missing): "no such file or directory"}


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
