"""Round 3: precision and TimeML conventions (own fixture sentences)."""
from __future__ import annotations

from datetime import date

from pipeline.temporal import tag

DOC = date(2023, 5, 10)  # a Wednesday


def found(text: str, doc: date | None = DOC) -> dict[str, tuple[str, str]]:
    return {m.text: (m.type, m.value) for m in tag(text, doc).mentions}


# --- a frequency word that modifies a noun is an adjective, not a set of times ------------------------
def test_frequency_adjective_before_a_noun_is_not_a_set():
    ms = found("The ferry line plans daily crossings, and the average daily traffic grew after the "
               "board raised the quarterly payout.")
    assert not any(t in ms for t in ("daily", "quarterly"))


def test_frequency_adverb_is_still_a_set():
    ms = found("Volunteers meet weekly at the library, the fund is rebalanced quarterly and fees rise 3% annually.")
    assert ms["weekly"] == ("SET", "P1W")
    assert ms["quarterly"] == ("SET", "P3M")
    assert ms["annually"] == ("SET", "P1Y")
    assert found("Crowds gathered almost daily outside the court.")["daily"] == ("SET", "P1D")


# --- "<Month> this/next/last year" is one expression ------------------------------------------------------
def test_month_with_a_relative_year_is_one_mention():
    ms = found("The talks began in March this year and resume in April next year, after a pause in June last year.")
    assert ms["March this year"] == ("DATE", "2023-03")
    assert ms["April next year"] == ("DATE", "2024-04")
    assert ms["June last year"] == ("DATE", "2022-06")
    assert "this year" not in ms and "next year" not in ms


def test_month_with_a_relative_year_and_a_modifier():
    assert found("Sales slowed in early October last year.")["early October last year"][1] == "2022-10"


# --- a programme title in quotes --------------------------------------------------------------------------
def test_title_case_relative_unit_in_quotes_is_a_title():
    ms = found('The minister told the radio show "This Week In Politics" that talks had stalled.')
    assert "This Week" not in ms
    assert found("This week the minister spoke.")["This week"] == ("DATE", "2023-W19")


# --- "next to" is a place ---------------------------------------------------------------------------------
def test_next_to_does_not_make_a_weekday_future():
    text = "Two people were hurt when a gas main burst next to the station on Friday."
    assert found(text)["Friday"] == ("DATE", "2023-05-05")


# --- "the past year": the calendar unit just gone (TimeBank), a duration in a history --------------------
def test_the_past_year_in_news_is_the_previous_year():
    ms = found("Membership has grown over the past year, and prices fell in the last decade.")
    assert ms["the past year"] == ("DATE", "2022")
    assert ms["the last decade"] == ("DATE", "201")


def test_the_last_week_of_a_month_is_not_the_previous_week():
    ms = found("The vote is set for the last week of June.")
    assert ms.get("the last week", ("", ""))[1] != "2023-W18"


def test_the_past_year_in_a_narrative_stays_a_duration():
    ms = found("The siege of 1453 ended the empire. In the past year, the city had lost its allies.", None)
    assert ms["the past year"] == ("DURATION", "P1Y")


def test_the_past_hour_is_still_a_duration():
    assert found("Police arrived in the past hour.")["the past hour"] == ("DURATION", "PT1H")


# --- a duration before/after an event ---------------------------------------------------------------------
def test_a_count_before_or_after_an_event_is_a_duration():
    ms = found("The plant reopened less than a decade after closing, and he resigned one year after he was "
               "elected; the ship docked 48 hours after its engine failed.")
    assert ms["less than a decade"] == ("DURATION", "P10Y")
    assert ms["one year"] == ("DURATION", "P1Y")
    assert ms["48 hours"] == ("DURATION", "PT48H")


def test_a_count_prior_to_an_event_is_a_duration():
    assert found("Three weeks prior to the vote, the mayor resigned.")["Three weeks"] == ("DURATION", "P3W")


# --- names ------------------------------------------------------------------------------------------------
def test_today_after_an_acronym_is_a_name():
    ms = found("He told USA Today that the plan had failed, and today he resigned.")
    assert "Today" not in ms
    assert ms["today"] == ("DATE", "2023-05-10")


# --- tense of a yearless month -------------------------------------------------------------------------------
def test_expects_to_looks_ahead():
    ms = found("The council said it expects to publish the audit in mid-June.", date(2023, 5, 10))
    assert ms["mid-June"][1] == "2023-06"
    ms = found("The firm said it expects to close the deal in February.", date(2023, 11, 10))
    assert ms["February"][1] == "2024-02"


def test_an_adjective_in_un_is_not_a_past_tense():
    ms = found("The bonus will be paid on a still unspecified date in January.", date(2023, 11, 10))
    assert ms["January"][1] == "2024-01"


def test_last_month_with_a_day_is_one_day():
    ms = found("He was last seen last Oct. 23 near the harbour.", date(2023, 5, 10))
    assert ms["Oct. 23"] == ("DATE", "2022-10-23")
    assert "last Oct." not in ms


# --- vague plural periods without a determiner ----------------------------------------------------------------
def test_coming_and_past_plural_periods_are_vague_references():
    ms = found("Rents should ease in coming months, as they did in past years.")
    assert ms["coming months"] == ("DATE", "FUTURE_REF")
    assert ms["past years"] == ("DATE", "PAST_REF")
    assert found("Rents will ease in the coming years.")["the coming years"] == ("DURATION", "PXY")


# --- possessive weekdays -----------------------------------------------------------------------------------
def test_possessive_weekday_is_the_latest_even_after_would():
    ms = found("The landlords said they would seek ways around Monday's ruling.")  # DOC is a Wednesday
    assert ms["Monday"][1] == "2023-05-08"


def test_possessive_weekday_with_will_or_ahead_of_looks_forward():
    assert found("The board will vote at Friday's meeting.")["Friday"][1] == "2023-05-12"
    assert found("Traders were cautious ahead of Friday's jobs report.")["Friday"][1] == "2023-05-12"


def test_high_noon_is_an_idiom():
    ms = found("For the party, high noon comes at the congress; the leaders met at noon.")
    assert list(ms) == ["noon"]


def test_the_people_of_tomorrow_is_a_figure():
    ms = found("She wants to build the schools of tomorrow, and the board meets tomorrow.")
    assert list(ms) == ["tomorrow"] and ms["tomorrow"] == ("DATE", "2023-05-11")
    assert len(tag("She wants to build the schools of tomorrow, and the board meets tomorrow.", DOC).mentions) == 1


def test_midday_is_noon():
    assert found("The ferry left at midday, the port said.")["midday"] == ("TIME", "2023-05-10T12:00")


def test_compound_adjectives_with_to_are_not_dates():
    assert found("The quarter-to-quarter comparison was poor, and the day-to-day work suffered.") == {}


def test_the_last_is_final_not_past():
    assert found("The vote is set for the last week of June.")["June"][1] == "2023-06"
