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
    text = ("On Thursday, troops crossed the border. Voters will cast their ballots on Feb. 27.\n"
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


# --- Datelines, bylines, stamps and addresses (issue 12); the texts are our own ----------------------
from pipeline.boilerplate import body_spans  # noqa: E402
from pipeline.temporal.document_date import address_month, url_date  # noqa: E402

STORY = ("Firefighters worked through the night on Friday to save the old mill, which had stood by the river "
         "since the town was founded.\n"
         "The fire began in a storeroom and spread to the roof within an hour, the fire chief said on Saturday.\n"
         "Nobody was hurt, and the owners said they would rebuild the mill by next summer if they could.\n")


def _page(*lines: str) -> str:
    return "\n".join(lines) + "\n" + STORY


def _dated(text: str, **kwargs):
    """The inferred date as the pipeline reads a .txt page: with its body/furniture split."""
    r = tag(text, body_spans=body_spans(text), **kwargs)
    return r.anchor_date, r.anchor_source, r.anchor_evidence


def test_dateline_under_a_headline_counts_though_the_body_split_calls_it_furniture():
    # Splitters call a date line between the headline and the first paragraph a stamp (furniture).
    page = _page("Old mill burns down", "May 03, 2013")
    spans = body_spans(page)
    assert not any(a <= page.index("May 03") < b for a, b in spans)
    assert _dated(page)[:2] == (date(2013, 5, 3), "inferred")


def test_day_month_abbreviated_dateline():
    assert _dated(_page("Old mill burns down", "22 Jul 2013"))[0] == date(2013, 7, 22)


def test_zero_padded_day_dateline():
    assert _dated(_page("Old mill burns down", "April 04, 2007"))[0] == date(2007, 4, 4)


def test_dateline_with_weekday_and_clock():
    assert _dated(_page("Old mill burns down", "Thu Jun 13, 2013 08:45 AM PDT"))[0] == date(2013, 6, 13)
    assert _dated(_page("Old mill burns down", "Sunday, 21 July 2013"))[0] == date(2013, 7, 21)


def test_byline_dates():
    assert _dated(_page("Old mill burns down", "By Jane Roe | May 3, 2013"))[0] == date(2013, 5, 3)
    assert _dated(_page("Old mill burns down", "on Apr 12 2007"))[0] == date(2007, 4, 12)


def test_wire_dateline_with_place():
    r = tag("RIVERTON, August 7, 2012 - Fire destroyed the old mill on Tuesday.")
    assert r.anchor_date == date(2012, 8, 7)
    assert {m.text: m.value for m in r.mentions}["Tuesday"] == "2012-08-07"


def test_a_sentence_that_starts_with_a_date_is_not_a_dateline():
    r = tag("March 3, 2022 was the coldest day of the winter, and the river froze over on Friday, May 6, 2022.")
    assert "dateline" not in (r.anchor_evidence or "")


def test_stamp_lines_with_a_clock_before_the_date():
    assert _dated(_page("Old mill burns down", "Published at 12:45, Wednesday, 12 June 2013"))[0] == date(2013, 6, 12)
    assert _dated(_page("Old mill burns down", "POSTED: 1052 GMT (1852 HKT), April 10, 2007"))[0] == date(2007, 4, 10)
    assert _dated(_page("Old mill burns down", "Last updated 13:26 14/09/2013"))[0] == date(2013, 9, 14)


def test_first_publication_wins_over_an_update():
    page = _page("Old mill burns down", "PUBLISHED: THURSDAY, MAY 2, 2013, 1:32 PM", "UPDATED: FRIDAY, MAY 3, 2013, 9:56 AM")
    assert _dated(page)[0] == date(2013, 5, 2)
    one_line = _page("Old mill burns down", "First Posted: 10/25/11 06:44 PM ET Updated: 12/25/11 05:12 AM ET")
    assert _dated(one_line)[0] == date(2011, 10, 25)


def test_a_date_word_in_a_sentence_is_not_a_stamp():
    text = "The mill owner was arrested on Sunday, February 1, 2009. His court date is set for February 17, 2009."
    r = tag(text)
    assert r.anchor_date == date(2009, 2, 1)  # the latest date told in the past, not the hearing ahead
    assert "line" not in r.anchor_evidence


def test_address_dates_in_every_form():
    assert url_date("http://news.example.com/2013/may/03/local/mill-fire") == (date(2013, 5, 3), "2013/may/03")
    assert url_date("http://example.com/2013/05/03/mill-fire/")[0] == date(2013, 5, 3)
    assert url_date("https://example.com/story/2013-05-03/mill-fire")[0] == date(2013, 5, 3)
    assert url_date("http://example.com/local/mill-fire-20130503")[0] == date(2013, 5, 3)
    assert url_date("http://example.com/local/2013/may/mill-fire") is None  # a month is not a day
    assert address_month("http://example.com/2010/09/mill-fire.html") == (2010, 9)


def test_address_digits_that_are_not_dates():
    assert url_date("http://example.com/news/20139999/story") is None  # no 99th month
    assert url_date("http://www.20130503.example.com/story") is None  # the host is not the path
    assert url_date("http://example.com/story?id=20130503") is None  # nor is a query id


def test_address_on_the_first_line_dates_a_page_without_a_dateline():
    page = "http://news.example.com/2013/05/03/old-mill-burns\nOld mill burns down\n" + STORY
    day, source, evidence = _dated(page)
    assert (day, source) == (date(2013, 5, 3), "inferred") and "address" in evidence
    r = tag(page, body_spans=body_spans(page))
    # Relative dates now hang from the address's day: "said on Saturday" is the Saturday before it.
    assert {m.text: m.value for m in r.mentions}["Saturday"] == "2013-04-27"


def test_address_given_as_metadata():
    r = tag("Old mill burns down\n" + STORY, url="http://example.com/2013/05/03/old-mill")
    assert r.anchor_date == date(2013, 5, 3)


def test_the_text_own_dateline_beats_the_address():
    page = "http://example.com/2013/05/02/old-mill\nOld mill burns down\nPublished May 03, 2013\n" + STORY
    assert _dated(page)[0] == date(2013, 5, 3)


def test_the_address_month_chooses_the_order_of_an_ambiguous_dateline():
    page = "http://blog.example.com/2010/09/old-mill.html\n11/09/2010\nOld mill burns down\n" + STORY
    r = tag(page, body_spans=body_spans(page))
    assert (r.date_order, r.anchor_date) == ("DMY", date(2010, 9, 11))


def test_a_dotted_ambiguous_date_reads_day_first():
    r = tag("Article posted on 08.07.2012\nThe champion won on Saturday.")
    assert (r.date_order, r.anchor_date) == ("DMY", date(2012, 7, 8))


def test_one_yearless_date_after_a_bare_year_is_too_weak():
    # The year between "2008" and "Jul. 7" is a guess: no date rather than a wrong one.
    r = tag("Jul. 7 5:59 PM EDT\nThe champion, who first won the title in 2008, kept it on Saturday night.")
    assert (r.anchor_date, r.anchor_source) == (None, "unknown")


def test_yearless_dates_after_a_month_precise_date_still_count():
    text = "The vote of August 2020 was rigged. On 17 March the president spoke."
    assert tag(text).anchor_date == date(2021, 3, 17)
