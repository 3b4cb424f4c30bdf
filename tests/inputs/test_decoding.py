"""Tests for pipeline.inputs.decoding: encodings, normalisation, the English check."""
from __future__ import annotations

import json

import pytest
from input_fixtures import (
    ARTICLE,
    CAFE,
    GERMAN,
    HTML_PAGE,
    RUSSIAN,
    jsonl,
    only_document,
    only_rejection,
    read_all,
    write,
)

from pipeline.inputs import (
    decode_bytes,
    english_check,
)
from pipeline.models import Document, Rejection

# ---------------------------------------------------------------------------------------------- encodings



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


def test_html_in_a_legacy_encoding_declared_by_meta_charset(tmp_path):
    page = HTML_PAGE.replace('<meta charset="utf-8">', '<meta charset="windows-1252">').replace(
        "residents had asked for", "the café owners had asked for")
    doc = only_document(read_all(write(tmp_path / "legacy.html", page.encode("cp1252"))))
    assert "the café owners" in doc.text
    assert doc.encoding == "cp1252"


def test_jsonl_with_an_undecodable_line_keeps_the_other_lines(tmp_path):
    good = json.dumps({"id": "ok", "text": CAFE}, ensure_ascii=False).encode()
    bad = b'{"id": "bad", "text": "broken \xff\xfe bytes"}'
    f = write(tmp_path / "mixed.jsonl", good + b"\n" + bad + b"\n" + good.replace(b'"ok"', b'"ok2"') + b"\n")
    doc1, rej, doc2 = read_all(f)
    assert (doc1.doc_id, doc2.doc_id) == ("ok", "ok2")
    assert doc1.text == CAFE
    assert rej.locator == "line 2"
    assert rej.reason == "undecodable bytes: invalid UTF-8 at byte 30 of the line"


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
