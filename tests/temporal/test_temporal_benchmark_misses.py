"""The temporal benchmark's breakdown of strict misses by cause (benchmarks/temporal_benchmark.py)."""
import pytest

from benchmarks.temporal_benchmark import MISS_CAUSES, classify_strict_misses, miss_causes_table, strict_miss_causes
from pipeline.evaluate import load_corpus, load_tagger


def test_each_cause_of_a_strict_miss():
    gold = [(10, 20), (30, 40), (50, 60), (70, 75), (77, 80), (90, 100), (110, 120), (130, 140)]
    system = [
        (10, 20),  # exact: no miss
        (26, 40),  # too wide
        (52, 60),  # too narrow
        (70, 80),  # merged: covers two gold spans
        (90, 94), (96, 100),  # split
        (115, 125),  # shifted
    ]  # (130, 140): not found
    assert classify_strict_misses(gold, system) == [
        (1, "too wide"), (2, "too narrow"), (3, "merged"), (4, "merged"), (5, "split"), (6, "shifted"),
        (7, "not found")]


TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>written-1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2003-11-12" functionInDocument="CREATION_TIME">2003-11-12</TIMEX3></DCT>
<TEXT>Output fell in <TIMEX3 tid="t1" type="DATE" value="2003-Q3">the third quarter</TIMEX3>. The dam closed on \
<TIMEX3 tid="t2" type="DATE" value="2003-11-07">Friday</TIMEX3> night. It rained for \
<TIMEX3 tid="t3" type="DURATION" value="P3D">three</TIMEX3> days.</TEXT>
</TimeML>
"""


def test_strict_miss_causes_over_a_written_corpus(tmp_path):
    (tmp_path / "written-1.tml").write_text(TML, encoding="utf-8")
    corpus = load_corpus(tmp_path)
    tagger, _ = load_tagger("datewire")
    counts, shown = strict_miss_causes(corpus, tagger, use_dct=True)
    assert set(counts) == set(MISS_CAUSES)
    # "Friday night" holds the gold "Friday"; "three days" holds the gold "three".
    assert counts["too wide"] == 2 and sum(counts.values()) == 2
    assert shown["too wide"][0] == "Friday | Friday night"
    table = "\n".join(miss_causes_table([("written", 3, counts, shown)]))
    assert "| written | 3 | 2 | 0 | 0 | 0 | 0 | 0 |" in table


def test_short_documents_cut_texts_at_word_boundaries():
    from datetime import date
    from types import SimpleNamespace

    from benchmarks.temporal_benchmark import SHORT_DOCUMENT_CHARS, short_documents

    text = " ".join(f"The ferry number {i} left the harbour on 3 May 2021 after a storm." for i in range(40))
    doc = SimpleNamespace(text=text, dct=date(2021, 5, 4))
    pieces = short_documents([doc])
    assert all(0 < len(p.text) <= SHORT_DOCUMENT_CHARS for p in pieces)
    assert " ".join(p.text for p in pieces).split() == text.split()  # no word cut or lost
    assert all(p.dct == date(2021, 5, 4) for p in pieces)


def test_an_earlier_revision_tagger_runs_beside_todays():
    from datetime import date
    from types import SimpleNamespace

    from benchmarks.temporal_benchmark import BASELINE_REV, load_revision_tagger, measure_side_by_side
    from pipeline.evaluation.taggers import datewire_tagger

    before = load_revision_tagger(BASELINE_REV)
    if before is None:
        pytest.skip(f"revision {BASELINE_REV} is not in this checkout")
    text = "Record 1500 was filed on 3 May 2021."
    assert [t.value for t in before(text, date(2021, 5, 4))] == ["1500", "2021-05-03"]  # the count read as a year
    assert [t.value for t in datewire_tagger(text, date(2021, 5, 4))] == ["2021-05-03"]
    docs = [SimpleNamespace(text=text, dct=date(2021, 5, 4))] * 3
    runs = measure_side_by_side([("today", datewire_tagger), ("before", before)], docs, repeat=2)
    assert [r.tagger for r in runs] == ["today", "before"]
    assert all(r.n_chars == 3 * len(text) and r.seconds > 0 for r in runs)


def test_a_heideltime_run_is_scored_like_any_tagger(tmp_path):
    import json
    from types import SimpleNamespace

    from benchmarks.temporal_benchmark import heideltime_table, heideltime_tagger

    docs = [SimpleNamespace(doc_id="a", text="The ferry left on Monday."), SimpleNamespace(doc_id="b", text="None.")]
    run = tmp_path / "toy.jsonl"
    run.write_text(json.dumps({"doc_id": "a", "start": 18, "end": 24, "text": "Monday", "timex": "2021-05-03",
                               "type": "DATE"}) + "\n", encoding="utf-8")
    tagger = heideltime_tagger(SimpleNamespace(documents=docs), run)
    assert [(m.start, m.end, m.value) for m in tagger(docs[0].text, None)] == [(18, 24, "2021-05-03")]
    assert tagger(docs[1].text, None) == []
    counts = SimpleNamespace(strict_f1=0.5, relaxed_f1=0.75, value_f1=0.25)
    rows = heideltime_table([("toy", "HeidelTime", SimpleNamespace(counts=counts), 2700.0)])
    assert "| toy | HeidelTime | 50.0 | 75.0 | 25.0 | 2,700 |" in rows
