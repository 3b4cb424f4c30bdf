"""Document date inference and the per-document numeric date order (own fixtures)."""
from __future__ import annotations

from datetime import date

from pipeline.temporal import tag


def test_metadata_date_wins():
    r = tag("KYIV, March 3, 2022 - Shelling went on.", date(2022, 3, 4))
    assert (r.anchor_date, r.anchor_source) == (date(2022, 3, 4), "metadata")


def test_dateline_is_evidence():
    r = tag("KYIV, March 3, 2022 - Shelling went on on Tuesday.")
    assert (r.anchor_date, r.anchor_source) == (date(2022, 3, 3), "inferred")
    assert "dateline" in r.anchor_evidence
    assert {m.text: m.value for m in r.mentions}["Tuesday"] == "2022-03-01"


def test_published_line_is_evidence():
    r = tag("A bridge fell.\nPublished: 12 June 2021\nIt fell on Friday.")
    assert r.anchor_date == date(2021, 6, 12)
    assert {m.text: m.value for m in r.mentions}["Friday"] == "2021-06-11"


def test_yearless_dates_follow_the_latest_explicit_year():
    text = "The vote of August 2020 was rigged. On 17 March the president spoke. On 2 March he met envoys."
    r = tag(text)
    assert r.anchor_source == "inferred"
    assert r.anchor_date == date(2021, 3, 17)


def test_copyright_year_and_future_date_place_weekdays():
    text = ("On Thursday, troops crossed the border. Voters will go to the polls on Feb. 27 to vote on it.\n"
            "(c) Some Magazine, 2022")
    r = tag(text)
    found = {m.text: m.value for m in r.mentions}
    assert found["Thursday"] == "2022-02-24"
    assert found["Feb. 27"] == "2022-02-27"


def test_unknown_without_any_evidence():
    r = tag("Nothing here has a date.")
    assert (r.anchor_date, r.anchor_source, r.mentions) == (None, "unknown", [])


def test_date_order_is_chosen_per_document():
    dmy = tag("Posted on 16/05/2024. See also the post of 09/05/2024.")
    assert dmy.date_order == "DMY"
    assert {m.text: m.value for m in dmy.mentions}["09/05/2024"] == "2024-05-09"
    mdy = tag("Posted on 05/16/2024. See also the post of 09/05/2024.")
    assert mdy.date_order == "MDY"
    assert {m.text: m.value for m in mdy.mentions}["09/05/2024"] == "2024-09-05"
    assert tag("See the post of 09/05/2024.").date_order == "MDY"  # the default
