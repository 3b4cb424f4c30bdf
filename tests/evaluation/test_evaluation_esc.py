"""ESC (CAT XML over ECB+ tokens) reading and anchoring (pipeline/evaluation/events_esc.py), on a
document we wrote in the corpus's format."""
from __future__ import annotations

import pytest
from event_systems import fixed_system, mention

from pipeline.evaluation.events_esc import evaluate_esc, parse_esc, rebuild_text

WORDS = [
    (0, "http"), (0, ":"), (0, "/"), (0, "/"), (0, "news.example"), (0, "/"), (0, "2013"),
    (1, "Police"), (1, "arrested"), (1, "a"), (1, "man"), (1, "on"), (1, "Tuesday"), (1, "."),
    (2, "He"), (2, "had"), (2, "n't"), (2, "been"), (2, "charged"), (2, "("), (2, "yet"), (2, ")"), (2, ","),
    (2, "officials"), (2, "said"), (2, "in"), (2, "a"), (2, "24"), (2, "-"), (2, "hour"), (2, "update"), (2, "."),
]
TOKENS = "\n".join(f'  <token t_id="{i}" sentence="{s}" number="{i}">{w}</token>' for i, (s, w) in enumerate(WORDS, 1))
# t_ids: arrested 9, Tuesday 13, charged 19, said 25; "Tuesday" contains the arrest, the DCT contains
# "said", "charged" is only AFTER a time (no anchor), and one link has an empty value.
ESC = f"""<?xml version='1.0' encoding='UTF-8'?>
<Document doc_name="99_1ecbplus.xml">
{TOKENS}
  <Markables>
    <ACTION_OCCURRENCE m_id="1"><token_anchor t_id="9"/></ACTION_OCCURRENCE>
    <NEG_ACTION_OCCURRENCE m_id="2"><token_anchor t_id="19"/></NEG_ACTION_OCCURRENCE>
    <ACTION_REPORTING m_id="3"><token_anchor t_id="25"/></ACTION_REPORTING>
    <TIME_DATE m_id="10" DCT="FALSE" value="2013-05-07"><token_anchor t_id="13"/></TIME_DATE>
    <TIME_DATE m_id="11" DCT="TRUE" value="2013-05-08"></TIME_DATE>
    <TIME_DATE m_id="12" DCT="FALSE" value=""><token_anchor t_id="7"/></TIME_DATE>
    <HUMAN_PART_PER m_id="20"><token_anchor t_id="8"/></HUMAN_PART_PER>
  </Markables>
  <Relations>
    <TLINK r_id="1" relType="CONTAINS"><source m_id="10"/><target m_id="1"/></TLINK>
    <TLINK r_id="2" relType="CONTAINS"><source m_id="11"/><target m_id="3"/></TLINK>
    <TLINK r_id="3" relType="AFTER"><source m_id="10"/><target m_id="2"/></TLINK>
    <TLINK r_id="4" relType="CONTAINS"><source m_id="12"/><target m_id="2"/></TLINK>
  </Relations>
</Document>
"""
EXPECTED_TEXT = "Police arrested a man on Tuesday.\nHe hadn't been charged (yet), officials said in a 24-hour update."


def test_text_is_rebuilt_from_tokens_without_the_url_sentence():
    doc = parse_esc(ESC)
    assert doc.text == EXPECTED_TEXT
    assert doc.dct_value == "2013-05-08" and doc.events == 3


def test_token_offsets_slice_out_their_token():
    tokens = [(str(i), s, w) for i, (s, w) in enumerate(WORDS, 1)]
    text, offsets = rebuild_text(tokens, skip_sentence=0)
    for t_id, sentence, word in tokens:
        if sentence:
            start, end = offsets[t_id]
            assert text[start:end] == word
    assert "1" not in offsets  # the URL sentence has no offsets


def test_anchors_are_contains_links_from_a_valued_time():
    doc = parse_esc(ESC)
    anchors = {doc.text[a.start:a.end]: (a.gold_value, a.to_dct) for a in doc.anchors}
    assert anchors == {"arrested": ("2013-05-07", False), "said": ("2013-05-08", True)}
    assert doc.dates == [(EXPECTED_TEXT.index("Tuesday"), "2013-05-07")]


def test_evaluate_esc_scores_ours_and_skips_documents_without_a_dct(tmp_path):
    (tmp_path / "99_1ecbplus.xml.xml").write_text(ESC, encoding="utf-8")
    (tmp_path / "99_2ecbplus.xml.xml").write_text(ESC.replace('DCT="TRUE"', 'DCT="FALSE"'), encoding="utf-8")
    (tmp_path / "broken.xml").write_text("<Document><token", encoding="utf-8")
    system = fixed_system({EXPECTED_TEXT: [
        mention(EXPECTED_TEXT, "arrested", date_basis="text", date_value="2013-05-07"),
        mention(EXPECTED_TEXT, "said", date_basis="text", date_value="2013-05-07"),  # wrong: the DCT
    ]})
    result = evaluate_esc(tmp_path, system)
    assert (result.documents, result.documents_with_dct) == (2, 1)
    assert [f.path.endswith("broken.xml") for f in result.failures] == [True]
    figures = result.anchoring.figures()
    assert (figures["anchored"], figures["matched"]) == (2, 2)
    assert figures["accuracy_datewire"] == pytest.approx(1 / 2)
    assert figures["accuracy_publication_date"] == pytest.approx(1 / 2)
    # Our tagger dates "Tuesday" before Wednesday 8 May as 7 May: right for the arrest; "said" has no date
    # in its sentence and falls back to the publication date, also right.
    assert figures["accuracy_nearest_date"] == 1.0
