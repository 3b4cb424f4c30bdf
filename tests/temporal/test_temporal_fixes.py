"""Regressions found on our own samples (own fixture sentences)."""
from __future__ import annotations

from datetime import date

import pytest

from pipeline.temporal import GRANULARITIES, tag

SEPT_18 = date(2024, 9, 18)


def mentions(text: str, doc: date | None = SEPT_18, **kw) -> dict[str, object]:
    return {m.text: m for m in tag(text, doc, **kw).mentions}


# --- 1. A month without a year: tense, then the occurrence nearest the document date ----------------
def test_month_after_a_participle_is_the_latest_not_after_the_document_date():
    ms = mentions("The budget, set at 180 million euros in June, would not survive the first vote.")
    assert ms["June"].value == "2024-06"


def test_month_without_tense_evidence_is_the_nearest_occurrence():
    # October 2024 is a month away; October 2023 eleven months back.
    assert mentions("Ticket prices for the October festival, a council document shows.")["October"].value == "2024-10"
    # January 2024 is eight months back, January 2025 under four months ahead.
    assert mentions("Officials: the January figures, a revision.")["January"].value == "2025-01"


def test_month_in_a_present_perfect_clause_is_past():
    text = "Police say they have gathered enough evidence in the August shooting to charge him."
    assert mentions(text)["August"].value == "2024-08"


def test_month_told_in_the_future_is_the_next_one():
    assert mentions("The company will open the plant in June.")["June"].value == "2025-06"
    assert mentions("Officials said the plant would open in March.")["March"].value == "2025-03"


# --- 2. "last" the verb --------------------------------------------------------------------------------
@pytest.mark.parametrize("text, expr, value", [
    ("Diplomats expected the talks to last two weeks.", "two weeks", "P2W"),
    ("The strike could last several months, the union said.", "several months", "PXM"),
    ("The ceasefire did not last three days.", "three days", "P3D"),
])
def test_last_as_a_verb_is_not_part_of_the_duration(text, expr, value):
    ms = mentions(text)
    assert expr in ms, list(ms)
    assert (ms[expr].type, ms[expr].value) == ("DURATION", value)


def test_the_last_two_weeks_is_still_one_duration():
    ms = mentions("Prices rose over the last two weeks.")
    assert ms["the last two weeks"].value == "P2W"


# --- 3. Granularity of values that could not be anchored ----------------------------------------------
@pytest.mark.parametrize("text, expr, value, gran", [
    ("Last autumn the river flooded.", "Last autumn", "XXXX-FA", "season"),
    ("Sales fell in the third quarter.", "the third quarter", "XXXX-Q3", "quarter"),
    ("Sales fell in the first half.", "the first half", "XXXX-H1", "half"),
    ("The river flooded last week.", "last week", "XXXX-WXX", "week"),
    ("The river flooded last month.", "last month", "XXXX-XX", "month"),
    ("The river flooded last year.", "last year", "XXXX", "year"),
    ("The river flooded on Tuesday.", "Tuesday", "XXXX-WXX-2", "day"),
    ("The river flooded on Tuesday night.", "Tuesday night", "XXXX-WXX-2TNI", "part_of_day"),
])
def test_unanchored_values_keep_their_granularity(text, expr, value, gran):
    m = mentions(text, None)[expr]
    assert (m.value, m.granularity) == (value, gran)
    assert m.granularity in GRANULARITIES


# --- 4. "a second ship" ---------------------------------------------------------------------------------
def test_a_second_ship_is_not_a_duration():
    assert mentions("A second ship is expected to dock on Friday.").keys() == {"Friday"}


# --- 5. body_spans: furniture does not date the page -------------------------------------------------------
PAGE = (
    "Home | World | Sport\n"
    "By Jane Roe | Published: 3 March 2021\n"
    "Council approves new bridge\n"
    "The council voted on Tuesday to approve the bridge. Work will start in May.\n"
    "Related posts\n"
    "Bridge plan delayed - 12 January 2023\n"
    "Comments\n"
    "Posted on 14 February 2024 by Bob: great news\n"
)


def _body(page: str, first: str, after: str) -> list[tuple[int, int]]:
    return [(page.index(first), page.index(after))]


def test_published_line_in_the_head_stays_evidence_outside_the_body():
    r = tag(PAGE, body_spans=_body(PAGE, "Council approves", "Related posts"))
    assert r.anchor_date == date(2021, 3, 3)
    assert {m.text: m.value for m in r.mentions}["Tuesday"] == "2021-03-02"


def test_comment_timestamp_below_the_body_is_not_a_published_line():
    page = ("Council approves new bridge\n"
            "The council voted on Tuesday to approve the bridge, first proposed on 2 June 2019.\n"
            "Comments\n"
            "Posted on 14 February 2024 by Bob: great news\n")
    assert tag(page).anchor_date == date(2024, 2, 14)  # whole text as body: the old behaviour
    r = tag(page, body_spans=_body(page, "Council", "Comments"))
    assert r.anchor_date == date(2019, 6, 2)
    # Mentions are still returned for the whole text.
    assert "14 February 2024" in {m.text for m in r.mentions}


def test_related_post_dates_are_not_the_latest_explicit_date():
    page = ("Council approves new bridge\n"
            "The plan, first tabled on 2 June 2019 and revised on 5 May 2020, passed on Tuesday.\n"
            "Related posts\n"
            "Bridge plan delayed - 12 January 2023\n"
            "Mayor resigns - 3 April 2023\n")
    assert tag(page).anchor_date.year == 2023  # whole text as body: a teaser dates the page
    r = tag(page, body_spans=_body(page, "Council", "Related posts"))
    assert r.anchor_date == date(2020, 5, 5)
    assert r.anchor_source == "inferred"


def test_a_footer_copyright_line_dates_the_page_even_outside_the_body():
    # The copyright line is the page's own (the issue lists copyright lines as evidence), unlike a
    # related-post teaser: it fixes the year of the yearless dates of the body.
    page = ("Council approves new bridge\n"
            "The council voted on 17 March to approve the bridge.\n"
            "Related posts\n"
            "(c) Riverside Gazette 2019\n")
    result = tag(page, body_spans=_body(page, "Council", "Related posts"))
    assert result.anchor_date == date(2019, 3, 17) and "copyright year 2019" in result.anchor_evidence


def test_comment_stamps_bound_the_year_of_yearless_dates_but_do_not_date_the_article():
    page = ("Harbour talks collapse\n"
            "The talks began in the spring of 2021. Unions walked out on 11 April and met again on 22 March.\n"
            "Comments\n"
            "Rita on 16/05/2023: shameful\n")
    result = tag(page, body_spans=_body(page, "Harbour", "Comments"))
    assert result.anchor_date == date(2023, 4, 11)  # not 2022: the page's comments are from May 2023
    assert "not after the page's latest date 2023-05-16" in result.anchor_evidence


def test_body_spans_do_not_override_metadata_and_odd_spans_are_tolerated():
    r = tag(PAGE, date(2021, 3, 4), body_spans=[(10_000, 20_000), (-5, 3)])
    assert r.anchor_date == date(2021, 3, 4)
    r = tag(PAGE, body_spans=[])
    assert r.anchor_date == date(2021, 3, 3)  # the head (first lines) still holds the published line
    assert tag(PAGE, body_spans=None).anchor_date == tag(PAGE).anchor_date


# --- Tense and value conventions (TimeML / TempEval-3) ------------------------------------------------
def test_a_day_named_without_its_year_stays_near_the_document_date():
    # A past-tense clause, but 7 January is a week before the deadline it names.
    doc = date(2025, 1, 7)
    assert mentions("The ministry gave no reason for the Jan. 14 deadline.", doc)["Jan. 14"].value == "2025-01-14"
    # "by" looks forward, but the accord was signed ten days ago.
    doc = date(2025, 3, 6)
    assert mentions("Inspections go ahead as laid down by the Feb. 24 accord.", doc)["Feb. 24"].value == "2025-02-24"
    # An explicit "will" keeps the future reading.
    assert mentions("Voters will go to the polls on Feb. 27.", date(2025, 3, 2))["Feb. 27"].value == "2026-02-27"


def test_sentence_initial_month_takes_the_tense_of_the_verb_after_the_comma():
    doc = date(2025, 10, 30)
    assert mentions("In September, the firm announced plans to buy a rival.", doc)["September"].value == "2025-09"
    assert mentions("In January, the board brought in a new chief executive.", doc)["January"].value == "2025-01"


def test_passive_and_future_participles_do_not_make_a_past():
    doc = date(2025, 10, 26)
    assert mentions("The dividend will be paid Dec. 14 to holders of record.", doc)["Dec. 14"].value == "2025-12-14"
    assert mentions("Final rules, to be published in early November, will decide.", doc)[
        "early November"].value == "2025-11"
    assert mentions("The summit is set for Geneva in April.", doc)["April"].value == "2026-04"


def test_until_with_a_past_perfect_looks_back():
    friday = date(2025, 5, 9)
    assert mentions("Until Thursday, they had not named him a suspect.", friday)["Thursday"].value == "2025-05-08"
    assert mentions("The offer stays open until Thursday.", friday)["Thursday"].value == "2025-05-15"


def test_current_is_present_ref_but_not_in_accounting_terms():
    ms = mentions("Given current market conditions, the plan is on hold.")
    assert (ms["current"].type, ms["current"].value) == ("DATE", "PRESENT_REF")
    assert "current" not in mentions("The current account deficit widened.")
    assert mentions("Sales in the current fiscal year will grow.", date(2025, 11, 2))[
        "the current fiscal year"].value == "2025"


def test_last_year_compared_with_in_a_quarterly_report_is_the_same_quarter():
    text = ("Acme said third-quarter profit rose to $24 million, compared with a loss of $3 million last year. "
            "The year-ago results included a charge.")
    ms = mentions(text, date(2025, 11, 2))
    assert ms["third-quarter"].value == "2025-Q3"
    assert ms["last year"].value == "2024-Q3"
    assert ms["year-ago"].value == "2024-Q3"  # the comparison does not move the quarter in focus
    # Without a quarter in focus, "last year" is the year.
    assert mentions("Profit rose, compared with a loss last year.", date(2025, 11, 2))["last year"].value == "2024"


def test_hours_and_days_later_in_news_are_durations_but_years_later_stay_dates():
    ms = mentions("The doctor was shot on Friday. Just over an hour later, he died in hospital.")
    assert (ms["an hour"].type, ms["an hour"].value) == ("DURATION", "PT1H")
    ms = mentions("Shares fell on Oct. 12. Three days later, the index had recovered.")
    assert (ms["Three days"].type, ms["Three days"].value) == ("DURATION", "P3D")
    ms = mentions("Talks took place in 2015. Seven years later, they were forgotten.")
    assert ms["Seven years later"].value == "2022"


def test_narrative_text_keeps_days_later_as_a_date():
    text = " ".join(f"In {y} the army moved again." for y in range(1910, 1922)) + \
        " The siege began on 3 May 1916. Two days later the fort fell."
    ms = mentions(text, None)
    assert ms["Two days later"].value == "1916-05-05"


def test_quarter_durations_are_written_in_quarters():
    assert mentions("Losses mounted over the past two quarters.")["the past two quarters"].value == "P2Q"
    assert mentions("The firm pays interest every quarter.")["every quarter"].value == "P1Q"


@pytest.mark.parametrize("text, expr, value", [
    ("Marchers parade each July through the town.", "each July", "XXXX-07"),
    ("Every May the fair returns.", "Every May", "XXXX-05"),
    ("Flights leave on Monday and Tuesday nights.", "Tuesday nights", "XXXX-WXX-2TNI"),
    ("Flights leave on Monday and Tuesday nights.", "Monday", "XXXX-WXX-1TNI"),
    ("She volunteers Sunday mornings.", "Sunday mornings", "XXXX-WXX-7TMO"),
])
def test_recurring_months_and_weekday_nights_are_sets(text, expr, value):
    m = mentions(text)[expr]
    assert (m.type, m.value, m.granularity) == ("SET", value, None)


def test_a_single_weekday_night_stays_a_time():
    ms = mentions("She met him on Monday and Tuesday night.")
    assert ms["Tuesday night"].type == "TIME" and ms["Monday"].type == "DATE"


def test_spelled_years_with_a_month_or_a_season():
    ms = mentions("Prices last fell this far in the winter of nineteen ninety-four.")
    assert ms["the winter of nineteen ninety-four"].value == "1994-WI"
    assert mentions("January nineteen ninety-seven. A second bomb.")["January nineteen ninety-seven"].value == "1997-01"


def test_head_teasers_are_not_the_latest_explicit_date_but_a_head_byline_is_evidence():
    page = ("Latest: Ferry strike ends - 9 May 2024\n"
            "Council approves new bridge\n"
            "The plan, first tabled on 2 June 2019 and revised on 5 May 2020, passed on Tuesday.\n")
    body = [(page.index("Council"), len(page))]
    r = tag(page, body_spans=body)
    assert r.anchor_date == date(2020, 5, 5)  # the head's teaser is neither a dateline nor body text
    page2 = "By Jane Roe, 6 May 2020\n" + page[page.index("Council"):]
    r = tag(page2, body_spans=[(page2.index("Council"), len(page2))])
    assert r.anchor_date == date(2020, 5, 6) and "dateline" in r.anchor_evidence
    assert {m.text: m.value for m in r.mentions}["Tuesday"] == "2020-05-05"


def test_body_spans_as_serialised_dicts_are_accepted():
    page = ("Council approves new bridge\n"
            "The plan, first tabled on 2 June 2019 and revised on 5 May 2020, passed on Tuesday.\n"
            "Related posts\n"
            "Mayor resigns - 3 April 2023\n")
    spans = [{"start": 0, "end": page.index("Related posts")}]
    assert tag(page, body_spans=spans).anchor_date == date(2020, 5, 5)


def test_one_day_after_a_modal_is_an_indefinite_future():
    assert mentions("Pollsters say the party will one day govern alone.")["one day"].value == "FUTURE_REF"
    assert mentions("The hearing took one day.")["one day"].value == "P1D"
