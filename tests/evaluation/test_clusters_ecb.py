"""ECB+ cross-document coreference scoring, on CAT XML files written for this test."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluation.clusters_ecb import conll_scores, evaluate_ecbplus, read_ecbplus


def _doc(name: str, sentences: list[list[str]], actions: dict[str, list[int]], chains: dict[str, list[str]]) -> str:
    tokens, t_id = [], 0
    for s, words in enumerate(sentences):
        for n, word in enumerate(words):
            t_id += 1
            tokens.append(f'<token t_id="{t_id}" sentence="{s}" number="{n}">{word}</token>')
    markables = [f'<ACTION_OCCURRENCE m_id="{m}">' + "".join(f'<token_anchor t_id="{t}"/>' for t in ts)
                 + "</ACTION_OCCURRENCE>" for m, ts in actions.items()]
    relations = [f'<CROSS_DOC_COREF r_id="{i}" note="{note}">' + "".join(f'<source m_id="{m}"/>' for m in ms)
                 + '<target m_id="99"/></CROSS_DOC_COREF>' for i, (note, ms) in enumerate(chains.items())]
    return (f'<Document doc_name="{name}">' + "".join(tokens) + "<Markables>" + "".join(markables)
            + "</Markables><Relations>" + "".join(relations) + "</Relations></Document>")


@pytest.fixture
def tiny_ecb(tmp_path: Path) -> Path:
    root = tmp_path / "ecbplus"
    (root / "1").mkdir(parents=True)
    flood = "The Oder flooded Veltmar on Monday and rescuers evacuated the old quarter .".split()
    flood2 = "Rescuers evacuated Veltmar after the Oder flooded its old quarter .".split()
    vote = "The council of Brenner voted to raise taxes .".split()
    (root / "1" / "1_1ecb.xml").write_text(_doc("1_1ecb.xml", [flood, vote], {"1": [3], "2": [9], "3": [18]},
                                                {"ACT_FLOOD": ["1"], "ACT_EVAC": ["2"]}))
    url = ["http://example.org/veltmar"]
    (root / "1" / "1_2ecbplus.xml").write_text(_doc("1_2ecbplus.xml", [url, flood2], {"5": [3], "6": [8]},
                                                    {"ACT_FLOOD": ["6"], "ACT_EVAC": ["5"]}))
    (root / "ECBplus_coreference_sentences.csv").write_text(
        "Topic,File,Sentence Number\n1,1ecb,0\n1,1ecb,1\n1,2ecbplus,1\n")
    return root


def test_gold_mentions_and_chains_are_read_from_cat_xml(tiny_ecb):
    docs = read_ecbplus(tiny_ecb)
    assert [d.doc_id for d in docs] == ["1_1ecb", "1_2ecbplus"]
    first, second = docs
    assert [m.text for m in first.mentions] == ["flooded", "evacuated", "voted"]
    assert [m.gold_cluster for m in first.mentions][:2] == ["ACT_FLOOD", "ACT_EVAC"]
    # An unchained mention is a singleton of its own; the URL sentence of an ecbplus file is left out.
    assert first.mentions[2].gold_cluster.endswith("single3")
    assert "http" not in second.text and second.subtopic == "1ecbplus"


def test_scores_of_a_perfect_and_of_an_all_in_one_response():
    key = [{"a", "b"}, {"c"}]
    assert conll_scores(key, [{"a", "b"}, {"c"}])["conll"] == pytest.approx(1.0)
    lumped = conll_scores(key, [{"a", "b", "c"}])
    # MUC: every key link is found (recall 1), half the response links are wrong (precision 1/2).
    assert (lumped["muc_r"], lumped["muc_p"]) == (pytest.approx(1.0), pytest.approx(0.5))
    assert lumped["b3"] < 1.0 and lumped["ceafe"] < 1.0


def test_evaluation_clusters_the_two_reports_and_keeps_the_vote_apart(tiny_ecb):
    figures = evaluate_ecbplus(tiny_ecb)
    assert (figures["documents"], figures["mentions"], figures["gold_clusters"]) == (2, 5, 3)
    ours = figures["all"]["datewire"]
    assert ours["conll"] == pytest.approx(1.0)
    assert ours["n_sources"] == {"clusters": 2, "exact": 1.0, "mae": 0.0}
    assert set(figures["all"]) == {"datewire", "datewire_gold_stories", "lemma", "lemma_topic", "lemma_subtopic", "oracle_lemma"}
    assert figures["all"]["datewire_gold_stories"]["conll"] == pytest.approx(1.0)


def test_on_the_shared_corpus_clusters_beat_the_lemma_baseline_without_topics(shared_corpus):
    ecb = shared_corpus / "ecbplus"
    if not ecb.is_dir():
        pytest.skip(f"ECB+ is not at {ecb}")
    figures = evaluate_ecbplus(ecb, limit=60)
    assert figures["documents"] == 60
    assert figures["all"]["datewire"]["conll"] > figures["all"]["lemma"]["conll"]
