"""benchmarks/gold_audit.py: the self-contradiction checks on hand-written TimeML, and the script end to end."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from pipeline.evaluate import TimemlDocument, datewire_tagger, evaluate_tagger, load_corpus, parse_timeml


def load_gold_audit() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "gold_audit.py"
    spec = importlib.util.spec_from_file_location("gold_audit", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


ga = load_gold_audit()

DCT = "1998-02-12"  # a Thursday, ISO week 1998-W07


def timeml(*timexes: tuple[str, str, str], dct: str = DCT) -> str:
    """A small TimeML document with one sentence per (text, type, value)."""
    body = " ".join(
        f'Something happened <TIMEX3 tid="t{i}" type="{kind}" value="{value}">{text}</TIMEX3>.'
        for i, (text, kind, value) in enumerate(timexes, 1)
    )
    return (
        f'<TimeML><DOCID>test</DOCID><DCT><TIMEX3 tid="t0" type="DATE" value="{dct}" '
        f'functionInDocument="CREATION_TIME">{dct}</TIMEX3></DCT><TEXT>{body}</TEXT></TimeML>'
    )


def doc(*timexes: tuple[str, str, str], dct: str = DCT) -> TimemlDocument:
    return parse_timeml(timeml(*timexes, dct=dct), doc_id="test")


def flagged(check, *timexes: tuple[str, str, str]) -> list[str]:
    return [f.text for f in check(doc(*timexes))]


def test_weekday_contradiction_is_flagged_and_a_consistent_weekday_is_not():
    findings = ga.check_weekday(doc(("Friday", "DATE", "1998-02-12"), ("Thursday", "DATE", "1998-02-12")))
    assert [(f.tid, f.text, f.value) for f in findings] == [("t1", "Friday", "1998-02-12")]
    assert "Thursday" in findings[0].reason and findings[0].doc_id == "test"
    # Abbreviations, times of day, and ISO weekdays in SET values.
    assert flagged(ga.check_weekday, ("Tues.", "DATE", "1998-02-12"), ("Thu.", "DATE", "1998-02-12")) == ["Tues."]
    assert flagged(ga.check_weekday, ("Monday night", "TIME", "1998-02-10TNI")) == ["Monday night"]
    assert flagged(ga.check_weekday, ("each Thursday", "SET", "XXXX-WXX-2")) == ["each Thursday"]
    assert flagged(ga.check_weekday, ("every Tuesday", "SET", "XXXX-WXX-2")) == []


def test_weekday_ranges_and_relative_expressions_are_not_judged():
    assert (
        flagged(
            ga.check_weekday,
            ("Monday through Friday", "DURATION", "1998-02-09"),
            ("Monday or Tuesday", "DATE", "1998-02-11"),
            ("the day before Tuesday", "DATE", "1998-02-09"),
            ("Monday", "DATE", "1998-W07"),  # not a full date: nothing to compare
        )
        == []
    )


def test_explicit_year_contradiction():
    assert flagged(ga.check_year, ("June 1987", "DATE", "1988-06"), ("1987", "DATE", "1987")) == ["June 1987"]
    assert flagged(ga.check_year, ("Dec. 31, 1997", "DATE", "1997-12-31")) == []


def test_fiscal_years_ranges_clock_times_and_decades_are_not_flagged():
    assert (
        flagged(
            ga.check_year,
            ("fiscal 1988", "DATE", "1989"),
            ("1987-88", "DATE", "1988"),
            ("1500 GMT", "TIME", "1998-02-12T15:00"),
            ("the 1990s", "DATE", "199"),
            ("a year after 1995", "DATE", "1996"),
            ("1995 and 1996", "DATE", "1996"),
            ("1987", "DURATION", "P1Y"),
        )
        == []
    )


def test_explicit_month_and_day_contradictions():
    found = ga.check_month_day(
        doc(
            ("Sept. 27", "DATE", "1998-11-27"),  # wrong month
            ("Nov. 6", "DATE", "1998-11-07"),  # wrong day
            ("6 November", "DATE", "1998-11-06"),
            ("the 3rd of March", "DATE", "1998-03-03"),
            ("March", "DATE", "1998-04"),  # month alone
            ("March", "DATE", "1998-03"),
            ("Jan. 5, 1998", "DATE", "XXXX-01-05"),
        )
    )
    assert [(f.text, f.value) for f in found] == [
        ("Sept. 27", "1998-11-27"),
        ("Nov. 6", "1998-11-07"),
        ("March", "1998-04"),
    ]
    assert "month 09" in found[0].reason and "day 06" in found[1].reason


def test_month_ranges_quarters_and_relative_dates_are_not_flagged():
    assert (
        flagged(
            ga.check_month_day,
            ("March 6-10", "DATE", "1998-03-08"),
            ("the day after June 5", "DATE", "1998-06-06"),
            ("the quarter ended in September", "DATE", "1998-Q3"),
            ("the week of March 6", "DATE", "2000-W10"),
            ("June or July", "DATE", "1998-07"),
        )
        == []
    )


@pytest.mark.parametrize(
    "value", ["2000-W7", "2000-W123", "1998-13-01", "1998-02-30", "PXX", "P1", "1998-Q5", "yes", ""]
)
def test_malformed_values_are_flagged(value):
    assert not ga.valid_timex3_value(value)
    assert len(ga.check_malformed(doc(("then", "DATE", value)))) == 1


@pytest.mark.parametrize(
    "value",
    [
        "2000-W07", "1998-W33-WE", "PXY", "P1DE", "XXXX-WXX-1", "1989-Q3", "198", "PRESENT_REF",
        "2000-01-05TEV", "1989-11-06T17:00", "1989-11-06T17", "19", "196X", "1998-SU", "1989-H2", "XXXX-XX-XX",
        "P2Y6M", "PT1M30S", "PXD", "P1E", "P2L", "XXXX-WXX-1TNI", "1998-10-XX", "PAST_REF", "FUTURE_REF",
    ],
)  # fmt: skip
def test_legitimate_timex3_values_are_not_flagged(value):
    assert ga.valid_timex3_value(value)
    assert ga.check_malformed(doc(("then", "DATE", value))) == []


def test_convention_labels_relative_to_the_dct():
    dct = date(1998, 2, 12)  # ISO week 7
    week = {v: ga.convention_label("week", v, dct) for v in ("1998-W06", "1998-W07", "1998-W08", "1998-WXX")}
    assert week == {"1998-W06": "DCT week−1", "1998-W07": "DCT week", "1998-W08": "DCT week+1", "1998-WXX": "WXX"}
    assert [ga.convention_label("week", v, dct) for v in ("P1W", "1998-02", "1998-02-05", "1998-SU")] == [
        "P1W",
        "month",
        "day",
        "other",
    ]
    assert [ga.convention_label("year", v, dct) for v in ("1997", "1997-Q1", "1997-02", "1997-02-12", "1995")] == [
        "DCT year−1",
        "DCT year−1 + quarter",
        "DCT year−1 + month",
        "DCT year−1 + day",
        "DCT year−3",
    ]
    assert [ga.convention_label("day", v, dct) for v in ("1998-02-11", "1998-02-12", "PRESENT_REF", "1998")] == [
        "DCT day−1",
        "DCT day",
        "PRESENT_REF",
        "other",
    ]
    assert ga.convention_label("month", "1998-01", dct) == "DCT month−1"


def test_convention_table_counts_expressions_after_stripping_the():
    table = ga.conventions(
        [doc(("the last week", "DATE", "1998-W06"), ("last week", "DATE", "1998-WXX"), ("Today", "DATE", DCT))]
    )
    assert table == {"last week": {"DCT week−1": 1, "WXX": 1}, "today": {"DCT day": 1}}


def test_script_on_a_small_corpus(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.tml").write_text(
        timeml(("Friday", "DATE", "1998-02-12"), ("yesterday", "DATE", "1998-02-11"), ("this week", "DATE", "1998-W7"))
    )
    assert ga.main(["--corpus", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "| weekday | 1 | 1 |" in out and "| malformed | 3 | 1 |" in out
    assert "not an official figure" in out and "<details>" in out and "`1998-W7`" in out
    result = ga.audit(corpus)
    assert result.official.value_f1 == evaluate_tagger(load_corpus(corpus), datewire_tagger).counts.value_f1
    assert result.without_flagged.gold == result.official.gold - 2

    target = tmp_path / "BENCHMARKS.md"
    target.write_text("# Benchmarks\n\nother text\n")
    assert ga.main(["--corpus", str(corpus), "--write", str(target)]) == 0
    written = target.read_text()
    assert "other text" in written and "<!-- gold-audit:start -->" in written and "<!-- gold-audit:end -->" in written


def test_missing_corpus_is_a_clear_error(tmp_path, capsys):
    assert ga.main(["--corpus", str(tmp_path / "absent")]) == 1
    assert "no corpus at" in capsys.readouterr().err


@pytest.mark.corpus
def test_script_reproduces_the_official_value_f1_on_the_real_corpus(shared_corpus, capsys):
    directory = shared_corpus / "timebank-aquaint"
    if not directory.is_dir():
        pytest.skip(f"{directory} is absent")
    assert ga.main(["--corpus", str(directory)]) == 0
    out = capsys.readouterr().out
    official = evaluate_tagger(load_corpus(directory), datewire_tagger, tagger_name="datewire").counts.value_f1
    result = ga.audit(directory)
    assert result.official.value_f1 == official
    assert f"**{100 * official:.1f}**" in out
    assert result.n_documents == 256 and result.findings
    assert result.without_flagged.gold == result.official.gold - len({(f.doc_id, f.tid) for f in result.findings})
