"""Tests for the TimeML reader and the TempEval-3 Task A scorer (pipeline/evaluate.py).

The TimeML snippets here are written for these tests; the corpus tests at the end read ../shared/corpus
and skip when it is absent.
"""

from __future__ import annotations

import json
import sys
import types
from datetime import date
from pathlib import Path

import pytest

from pipeline.evaluate import (
    Corpus,
    GoldTimex,
    SystemTimex,
    default_use_dct,
    evaluate_tagger,
    format_report,
    load_corpus,
    load_tagger,
    main,
    match_relaxed,
    match_strict,
    parse_timeml,
    result_to_dict,
    score_document,
    search_dates_baseline,
)

TOY = """<?xml version="1.0" ?>
<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<DOCID>toy-board</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2003-05-09" temporalFunction="false" functionInDocument="CREATION_TIME">May 9, 2003</TIMEX3></DCT>
<TEXT>
The board <EVENT eid="e1" class="OCCURRENCE">met</EVENT> on <TIMEX3 tid="t1" type="DATE" value="2003-05-05">Monday</TIMEX3> &amp; again <TIMEX3 tid="t2" type="DATE" value="2003-W18">last week</TIMEX3> for <TIMEX3 tid="t3" type="DURATION" value="PT2H">two hours</TIMEX3>.<TIMEX3 tid="t4" type="DATE" value="2003" functionInDocument="NONE" anchorTimeID="t0"></TIMEX3>
</TEXT>
</TimeML>
"""
TOY_TEXT = "\nThe board met on Monday & again last week for two hours.\n"


def span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


# ---------------------------------------------------------------------------------------------- reader


def test_reader_strips_tags_decodes_entities_and_offsets_slice_gold_text():
    doc = parse_timeml(TOY)
    assert doc.doc_id == "toy-board"
    assert doc.text == TOY_TEXT  # EVENT and TIMEX3 tags gone, &amp; decoded
    assert [(t.text, t.type, t.value) for t in doc.timexes] == [
        ("Monday", "DATE", "2003-05-05"),
        ("last week", "DATE", "2003-W18"),
        ("two hours", "DURATION", "PT2H"),
    ]
    for t in doc.timexes:
        assert doc.text[t.start : t.end] == t.text
    assert doc.timexes[0].start == TOY_TEXT.index("Monday")


def test_reader_ignores_non_consuming_timex_and_reads_dct():
    doc = parse_timeml(TOY)
    assert "t4" not in {t.tid for t in doc.timexes}  # empty TIMEX3: not in the text
    assert "t0" not in {t.tid for t in doc.timexes}  # the DCT is outside <TEXT>
    assert doc.dct == date(2003, 5, 9)
    assert doc.dct_value == "2003-05-09"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1998-01-08", date(1998, 1, 8)), ("1998-01-08T14:30", date(1998, 1, 8)), ("19980108", date(1998, 1, 8)),
     ("1998-W02", None), ("", None)],
)  # fmt: skip
def test_reader_dct_formats(value, expected):
    xml = (
        f'<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="{value}" functionInDocument="CREATION_TIME">x'
        "</TIMEX3></DCT><TEXT>Nothing here.</TEXT></TimeML>"
    )
    assert parse_timeml(xml).dct == expected


def test_reader_rejects_malformed_xml_and_missing_text():
    with pytest.raises(ValueError, match="well-formed"):
        parse_timeml("<TimeML><TEXT>unclosed</TimeML>")
    with pytest.raises(ValueError, match="TEXT"):
        parse_timeml("<TimeML><DOCID>x</DOCID></TimeML>")


def test_load_corpus_reports_bad_files_and_recurses(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "good.tml").write_text(TOY, encoding="utf-8")
    (tmp_path / "bad.tml").write_text("<TimeML><TEXT>& broken</TEXT></TimeML>", encoding="utf-8")
    (tmp_path / "ignored.txt").write_text("not TimeML", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert [d.doc_id for d in corpus.documents] == ["good"]  # doc id: file stem
    assert [Path(f.path).name for f in corpus.failures] == ["bad.tml"]
    assert corpus.n_chars == len(TOY_TEXT)


def test_default_use_dct_heuristic():
    assert default_use_dct("../shared/corpus/timebank-aquaint") is True
    assert default_use_dct("../shared/corpus/WikiWars") is False
    assert default_use_dct("/data/wikiwars-tml/") is False


# ---------------------------------------------------------------------------------------------- matching


def gold(start, end, type_="DATE", value="X"):
    return GoldTimex(start, end, "", type_, value)


def test_strict_match_is_one_to_one():
    g = [gold(0, 5)]
    s = [SystemTimex(0, 5, "DATE", "X"), SystemTimex(0, 5, "DATE", "X")]  # the same span twice
    assert match_strict(g, s) == [(0, 0)]


def test_relaxed_match_is_one_to_one_by_largest_overlap():
    # One system mention covering two gold timexes matches only one: the one it overlaps most.
    g = [gold(0, 4), gold(5, 15)]
    s = [SystemTimex(2, 15, "DATE", "X")]
    assert match_relaxed(g, s) == [(1, 0)]
    # Touching spans ([0,5) and [5,9)) do not overlap.
    assert match_relaxed([gold(0, 5)], [SystemTimex(5, 9, "DATE", "X")]) == []


def test_relaxed_pairs_identical_spans_first():
    # Greedy-by-overlap alone could give gold 0 to the long system span (same overlap, 4) and leave
    # the exact match unpaired; identical spans are paired first so strict matches are relaxed ones.
    g = [gold(0, 4), gold(6, 8)]
    s = [SystemTimex(0, 8, "DATE", "X"), SystemTimex(0, 4, "DATE", "X")]
    assert match_relaxed(g, s) == [(0, 1), (1, 0)]


# ---------------------------------------------------------------------------------------------- scoring


def toy_system(extra_spurious: bool = False) -> list[SystemTimex]:
    text = TOY_TEXT
    system = [
        SystemTimex(*span(text, "Monday"), "DATE", "2003-05-05"),  # strict, right value
        SystemTimex(*span(text, "again last week"), "DATE", "2003-W19"),  # relaxed only, wrong value
        SystemTimex(*span(text, "board"), "DATE", "2003"),  # spurious
    ]
    if extra_spurious:
        system.append(SystemTimex(*span(text, "met"), "TIME", "2003-05-09T10:00"))
    return system
    # "two hours" is missed.


def test_scorer_exact_numbers_three_gold_three_system():
    counts = score_document(parse_timeml(TOY), toy_system()).counts
    assert (counts.gold, counts.system, counts.strict, counts.relaxed) == (3, 3, 1, 2)
    assert (counts.type_correct, counts.value_correct) == (2, 1)
    assert counts.strict_precision == pytest.approx(1 / 3)
    assert counts.strict_recall == pytest.approx(1 / 3)
    assert counts.strict_f1 == pytest.approx(1 / 3)
    assert counts.relaxed_precision == pytest.approx(2 / 3)
    assert counts.relaxed_recall == pytest.approx(2 / 3)
    assert counts.relaxed_f1 == pytest.approx(2 / 3)
    assert counts.type_accuracy == pytest.approx(1.0)  # over relaxed matches
    assert counts.value_accuracy == pytest.approx(1 / 2)  # over relaxed matches, not over gold
    assert counts.value_f1 == pytest.approx(1 / 2 * 2 / 3)


def test_scorer_precision_is_over_system_recall_over_gold():
    # 3 gold, 4 system: precision and recall differ, so swapping them would show.
    counts = score_document(parse_timeml(TOY), toy_system(extra_spurious=True)).counts
    assert counts.strict_precision == pytest.approx(1 / 4)
    assert counts.strict_recall == pytest.approx(1 / 3)
    assert counts.strict_f1 == pytest.approx(2 / 7)
    assert counts.relaxed_precision == pytest.approx(1 / 2)
    assert counts.relaxed_recall == pytest.approx(2 / 3)
    assert counts.relaxed_f1 == pytest.approx(4 / 7)
    assert counts.value_f1 == pytest.approx(1 / 2 * 4 / 7)


def test_scorer_records_errors_with_texts_and_values():
    score = score_document(parse_timeml(TOY), toy_system())
    by_kind = {e.kind: e for e in score.errors}
    assert set(by_kind) == {"wrong_value", "missed", "spurious"}
    wrong = by_kind["wrong_value"]
    assert (wrong.gold_text, wrong.gold_value, wrong.system_text, wrong.system_value) == (
        "last week", "2003-W18", "again last week", "2003-W19",
    )  # fmt: skip
    assert (by_kind["missed"].gold_text, by_kind["missed"].gold_type) == ("two hours", "DURATION")
    assert by_kind["spurious"].system_text == "board"


def test_scorer_empty_inputs_give_zeros_not_errors():
    counts = score_document(parse_timeml("<TimeML><TEXT>no dates</TEXT></TimeML>"), []).counts
    assert (counts.strict_f1, counts.relaxed_f1, counts.value_f1, counts.value_accuracy) == (0, 0, 0, 0)


# ---------------------------------------------------------------------------------------------- evaluation


def toy_corpus(name: str = "toy", copies: int = 2) -> Corpus:
    docs = []
    for i in range(copies):
        doc = parse_timeml(TOY, doc_id=f"toy{i}")
        docs.append(doc)
    return Corpus(name=name, documents=docs, failures=[])


def test_evaluate_tagger_sums_counts_over_documents_and_breaks_down_by_type():
    seen_dates = []

    def fake_tagger(text, document_date):
        seen_dates.append(document_date)
        return toy_system()

    result = evaluate_tagger(toy_corpus(), fake_tagger, tagger_name="fake")
    assert seen_dates == [date(2003, 5, 9)] * 2
    c = result.counts
    assert (c.gold, c.system, c.strict, c.relaxed, c.value_correct) == (6, 6, 2, 4, 2)
    assert c.value_f1 == pytest.approx(1 / 3)
    rows = {r["type"]: r for r in result.per_type_rows()}
    assert rows["DURATION"]["gold"] == 2 and rows["DURATION"]["relaxed_recall"] == 0
    assert rows["DATE"]["gold"] == 4 and rows["DATE"]["relaxed_recall"] == 1
    assert rows["DATE"]["system"] == 6 and rows["DATE"]["relaxed_precision"] == pytest.approx(2 / 3)
    groups = result.error_groups("missed")
    assert [(g.key, g.count) for g in groups] == [("two hours", 2)]


def test_evaluate_tagger_withholds_dct_for_wikiwars_and_on_request():
    seen = []

    def fake_tagger(text, document_date):
        seen.append(document_date)
        return []

    evaluate_tagger(toy_corpus(name="corpus/wikiwars", copies=1), fake_tagger)
    evaluate_tagger(toy_corpus(copies=1), fake_tagger, use_dct=False)
    evaluate_tagger(toy_corpus(name="corpus/wikiwars", copies=1), fake_tagger, use_dct=True)
    assert seen == [None, None, date(2003, 5, 9)]


def test_evaluate_tagger_survives_a_crashing_tagger():
    def flaky(text, document_date):
        raise RuntimeError("boom")

    result = evaluate_tagger(toy_corpus(copies=1), flaky, tagger_name="flaky")
    assert result.counts.gold == 3 and result.counts.system == 0
    assert "RuntimeError: boom" in result.failures[0].reason


def test_corpus_notes_flag_single_type_null_and_bc_values():
    timexes = [
        GoldTimex(i, i + 1, "x", "DATE", "BC0490" if i == 0 else "null" if i == 1 else "2001")
        for i in range(25)
    ]
    doc = parse_timeml(TOY)
    doc.timexes = timexes
    notes = " ".join(corpus_notes_for([doc]))
    assert "every gold timex is typed DATE" in notes
    assert "1 gold timexes have no value" in notes and "1 gold values are BC years" in notes
    assert corpus_notes_for(toy_corpus().documents) == []


def corpus_notes_for(documents):
    from pipeline.evaluate import corpus_notes

    return corpus_notes(Corpus(name="x", documents=documents, failures=[]))


def test_reports_render_markdown_and_json():
    result = evaluate_tagger(toy_corpus(), lambda text, d: toy_system(), tagger_name="fake")
    report = format_report([result])
    assert (
        "| toy | fake | yes | 2 | 6 | 6 | 33.3 | 33.3 | 33.3 | 66.7 | 66.7 | 66.7 | 100.0 | 50.0 | 33.3 |"
        in report
    )
    assert "last week" in report and "two hours" in report
    data = json.loads(json.dumps(result_to_dict(result)))
    assert data["scores"]["value_f1"] == pytest.approx(1 / 3)
    assert data["errors"]["spurious"][0]["key"] == "board"


# ---------------------------------------------------------------------------------------------- taggers


def test_search_dates_baseline_spans_values_and_relative_base():
    text = "He left on 5 March 2001. He came back yesterday, and left again on 5 March 2001."
    mentions = search_dates_baseline(text, date(2001, 3, 20))
    by_text = [(text[m.start : m.end], m.type, m.value) for m in mentions]
    # Relative to the DCT, not the wall clock. (search_dates returns "yesterday, and": its substrings
    # often carry neighbouring words, which is the baseline's own behaviour and is scored as such.)
    assert any(t.startswith("yesterday") and v == "2001-03-19" for t, _, v in by_text), by_text
    assert {type_ for _, type_, _ in by_text} == {"DATE"}
    # The repeated expression is located twice, scanning forward, not twice at its first occurrence.
    repeated = [m for m in mentions if m.value == "2001-03-05"]
    assert len(repeated) == 2 and repeated[0].start < repeated[1].start
    assert all(m.start < m.end for m in mentions)


def test_search_dates_baseline_without_anchor_is_reproducible():
    text = "It happened yesterday."
    assert search_dates_baseline(text, None) == search_dates_baseline(text, None)
    assert search_dates_baseline(text, None)[0].value == "1999-12-31"  # the fixed fallback base


def test_datewire_adapter_converts_mentions(monkeypatch):
    mention = types.SimpleNamespace(start=0, end=5, text="today", type="DATE", value="2020-01-01", mod=None)
    fake = types.ModuleType("pipeline.temporal")
    fake.tag = lambda text, document_date=None, **kw: types.SimpleNamespace(mentions=[mention])
    monkeypatch.setitem(sys.modules, "pipeline.temporal", fake)
    tagger, name = load_tagger("datewire")
    assert name == "datewire"
    assert tagger("today", date(2020, 1, 1)) == [SystemTimex(0, 5, "DATE", "2020-01-01")]


def test_main_runs_on_a_directory_and_prints_json(tmp_path, capsys):
    (tmp_path / "toy.tml").write_text(TOY, encoding="utf-8")
    assert main([str(tmp_path), "--tagger", "baseline", "--json", "--errors", "2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["tagger"] for r in data] == ["search_dates"]
    assert data[0]["scores"]["gold"] == 3


@pytest.mark.parametrize(
    ("dirname", "flags", "expected"),
    [
        ("news", [], True),
        ("wikiwars", [], False),
        ("news", ["--no-dct"], False),
        ("wikiwars", ["--use-dct"], True),
    ],
)
def test_main_dct_flags(tmp_path, capsys, dirname, flags, expected):
    (tmp_path / dirname).mkdir()
    (tmp_path / dirname / "toy.tml").write_text(TOY, encoding="utf-8")
    assert main([str(tmp_path / dirname), "--tagger", "baseline", "--json", *flags]) == 0
    assert json.loads(capsys.readouterr().out)[0]["use_dct"] is expected


def test_main_reports_a_directory_without_timeml(tmp_path, capsys):
    assert main([str(tmp_path), "--tagger", "baseline"]) == 2
    assert "no readable" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------- corpora

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def corpus_dir(name: str) -> Path:
    path = CORPUS / name
    if not path.is_dir():
        pytest.skip(f"{path} is absent (the shared corpora are not part of the repository)")
    return path


@pytest.mark.corpus
@pytest.mark.parametrize(("name", "n_docs"), [("timebank-aquaint", 256), ("wikiwars", 22)])
def test_corpus_reads_cleanly_and_offsets_slice_gold_text(name, n_docs):
    corpus = load_corpus(corpus_dir(name))
    assert corpus.failures == []
    assert len(corpus.documents) == n_docs
    for doc in corpus.documents:
        assert doc.dct is not None, doc.path
        assert "<" not in doc.text or "<TIMEX3" not in doc.text
        for t in doc.timexes:
            assert doc.text[t.start : t.end] == t.text and t.text.strip(), (doc.doc_id, t)
            assert t.type in {"DATE", "TIME", "DURATION", "SET"}, (doc.doc_id, t)


@pytest.mark.corpus
def test_corpus_baseline_scores_on_a_sample_are_sane():
    corpus = load_corpus(corpus_dir("timebank-aquaint") / "TimeBank", limit=10)
    result = evaluate_tagger(corpus, search_dates_baseline, tagger_name="search_dates")
    c = result.counts
    assert c.gold > 0 and c.system > 0
    assert 0 < c.strict <= c.relaxed <= min(c.gold, c.system)
    assert c.value_correct <= c.relaxed


# ---------------------------------------------------------------------------------------------- benchmark


def load_benchmark_module():
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "temporal_benchmark.py"
    spec = importlib.util.spec_from_file_location("temporal_benchmark", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


def test_benchmark_replaces_only_its_section(tmp_path):
    bench = load_benchmark_module()
    target = tmp_path / "BENCHMARKS.md"
    bench.replace_section(target, "first \\1 run")  # created when missing; backslashes kept verbatim
    assert bench.START_MARKER in target.read_text() and "first \\1 run" in target.read_text()
    target.write_text(target.read_text() + "\n## Other section\nkeep me\n")
    bench.replace_section(target, "second run")
    text = target.read_text()
    assert "second run" in text and "first" not in text and "keep me" in text
    assert text.count(bench.START_MARKER) == 1 and text.count(bench.END_MARKER) == 1
    other = tmp_path / "OTHER.md"
    other.write_text("# Mine\n")
    bench.replace_section(other, "appended")
    assert other.read_text().startswith("# Mine\n") and "appended" in other.read_text()


def test_benchmark_throughput_counts_chars_of_identical_inputs():
    bench = load_benchmark_module()
    docs = toy_corpus(copies=3).documents
    calls = []
    result = bench.measure_throughput("fake", lambda text, d: calls.append(text), docs, repeat=2)
    assert result.n_chars == 3 * len(TOY_TEXT) and result.n_documents == 3
    assert len(calls) == 1 + 2 * 3  # one warm-up call, then every document in every pass
    assert result.seconds > 0 and result.chars_per_second > 0


def test_benchmark_targets_table_computes_each_verdict():
    from collections import Counter

    from pipeline.evaluate import EvaluationResult, SpanCounts

    bench = load_benchmark_module()

    def result(corpus: str, value_correct: int, relaxed: int) -> EvaluationResult:
        counts = SpanCounts(gold=100, system=100, strict=relaxed, relaxed=relaxed, value_correct=value_correct)
        return EvaluationResult(corpus=f"/x/{corpus}", tagger="datewire", use_dct=True, n_documents=1, n_chars=1,
                                counts=counts, per_type={}, system_matched_by_type=Counter(), errors=[],
                                failures=[], seconds=1.0)

    # timebank: strict and relaxed F1 0.95 (met), value F1 0.77 (missed); wikiwars: value F1 0.90 (met).
    results = [result("timebank-aquaint", 77, 95), result("wikiwars", 90, 95)]
    fast = bench.Throughput("datewire", 1, 3_000_000, 1.0)
    slow = bench.Throughput("search_dates", 1, 200_000, 1.0)
    short = bench.Throughput("datewire", 10, 1_500_000, 1.0)
    rows = {line.split(" | ")[0].lstrip("| "): line for line in bench.targets_table(results, [fast, slow], short)
            if line.startswith("| ") and "target" not in line}
    assert rows["timebank-aquaint: strict F1 ≥ 88.00"].endswith("| 95.00 | yes |")
    assert rows["timebank-aquaint: value F1 ≥ 81.89"].endswith("| 77.00 | **no** |")
    assert rows["timebank-aquaint: relaxed F1 ≥ 94.05"].endswith("| 95.00 | yes |")
    assert rows["wikiwars: value F1 ≥ 85.81"].endswith("| 90.00 | yes |")
    assert rows["throughput ≥ 10× search_dates"].endswith("| 15.0× | yes |")
    assert rows["throughput no lower than before (1.52 M chars/s)"].endswith("| 3.00 M | yes |")
    assert rows["short documents (~150 chars) ≥ 2 M chars/s on one core"].endswith("| 1.50 M | **no** |")
    assert rows["throughput aim 2 M chars/s on one core"].endswith("| 3.00 M | yes |")
