"""The five scraped seed articles (no metadata): what a careful reader would write down.

Reads ../shared/corpus/seeds; skipped when the shared corpus is absent.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.temporal import tag

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seeds"

pytestmark = pytest.mark.corpus


def _seed(prefix: str):
    if not SEEDS.is_dir():
        pytest.skip(f"the shared corpus is not at {SEEDS}")
    paths = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not paths:
        pytest.skip(f"seed {prefix} is not in {SEEDS}")
    text = paths[0].read_text(encoding="utf-8")
    return text, tag(text)


def _values(result, expr):
    return [m.value for m in result.mentions if m.text == expr]


NEVER_DATES = ("we", "We", "may", "1000", "5248", "7756", "120,000", "263,000")


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_no_counts_or_pronouns(prefix):
    text, r = _seed(prefix)
    for m in r.mentions:
        assert text[m.start:m.end] == m.text
        assert m.text not in NEVER_DATES
        assert not m.value.startswith(("2050", "2061", "5248", "1000"))


def test_seed_000():
    _, r = _seed("000")
    assert r.date_order == "DMY"
    assert _values(r, "February 20222") == ["2022-02"]
    assert _values(r, "April 11") == ["2024-04-11"]
    assert _values(r, "March 22") == ["2024-03-22"]
    assert _values(r, "two years ago") == ["2022"]
    assert _values(r, "09/05/2024") == ["2024-05-09"]


def test_seed_001():
    _, r = _seed("001")
    assert r.anchor_date.year == 2022
    assert set(_values(r, "17 March")) == {"2022-03-17"}
    assert _values(r, "24 February at 5 a.m.") == ["2022-02-24T05:00"]
    assert _values(r, "6 a.m. on 24 February") == ["2022-02-24T06:00"]
    assert _values(r, "Last autumn") == ["2021-FA"]
    assert _values(r, "January") == ["2022-01"] and _values(r, "February") == ["2022-02"]


def test_seed_002():
    _, r = _seed("002")
    assert _values(r, "July 13, 2024") == ["2024-07-13"]
    assert _values(r, "July 13") == ["2024-07-13"]
    assert _values(r, "November 2023") == ["2023-11"]


def test_seed_003():
    _, r = _seed("003")
    assert _values(r, "February 24") == ["2022-02-24"]
    assert _values(r, "Seven years later") == ["2022"]
    assert _values(r, "the late 1980s") == ["198"]
    assert _values(r, "early April") == ["2022-04"]


def test_seed_004():
    _, r = _seed("004")
    assert set(_values(r, "Thursday")) == {"2022-02-24"}
    assert _values(r, "Feb. 27") == ["2022-02-27"]
    assert _values(r, "Sunday") == ["2022-02-20"]
    assert _values(r, "Tuesday") == ["2022-02-22"]
    assert _values(r, "Monday") == ["2022-02-21"]


@pytest.mark.parametrize("prefix, published", [
    ("000", "2024-04-11"), ("001", "2022-03-17"), ("002", "2024-07-13"), ("003", "2022-04-01"), ("004", "2022-02-24"),
])
def test_seed_dated_through_the_pipeline_reading_path(prefix, published):
    # The pipeline reads a seed with its body/furniture split: the date must come from the body as a
    # reader sees it, not only from tag() over the whole page (the tests above).
    from pipeline.extract import extract_document
    from pipeline.inputs import InputFile, read_input
    from pipeline.models import Document
    from pipeline.settings import Settings

    _seed(prefix)  # skips when the corpus is absent
    path = sorted(SEEDS.glob(f"{prefix}_*.txt"))[0]
    settings = Settings()
    (document,) = list(read_input(InputFile(str(path), path.stat().st_size), settings))
    assert isinstance(document, Document)
    row = extract_document(document, settings).document
    assert (str(row["published_date"]), row["published_source"]) == (published, "inferred")
