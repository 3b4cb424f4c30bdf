"""Anchoring rules: document date with tense, previous mentions, narrative text (own fixtures)."""
from __future__ import annotations

from datetime import date

from pipeline.temporal import tag

THURSDAY = date(2022, 2, 24)


def first(text: str, expr: str, doc: date | None = THURSDAY, **kw):
    for m in tag(text, doc, **kw).mentions:
        if m.text == expr:
            return m
    raise AssertionError(f"{expr!r} not found in {[m.text for m in tag(text, doc, **kw).mentions]}")


def test_past_weekday_is_latest_on_or_before_document_date_same_day_included():
    m = first("On Thursday, the ministry closed the airport.", "Thursday")
    assert m.value == "2022-02-24" and m.anchor == "document"
    assert first("The ministry closed the airport on Monday.", "Monday").value == "2022-02-21"


def test_future_weekday_and_future_date_look_forward():
    assert first("The council will vote on Monday.", "Monday").value == "2022-02-28"
    m = first("Voters will go to the polls on Feb. 27.", "Feb. 27", doc=date(2022, 3, 2))
    assert m.value == "2023-02-27"
    assert first("Voters will go to the polls on Feb. 27.", "Feb. 27").value == "2022-02-27"


def test_past_yearless_date_is_before_the_document_date():
    assert first("The talks collapsed on 30 November.", "30 November").value == "2021-11-30"


def test_relative_calendar_units():
    assert first("Output fell last year.", "last year").value == "2021"
    assert first("Output fell two years ago.", "two years ago").value == "2020"
    assert first("He arrived yesterday.", "yesterday").value == "2022-02-23"
    assert first("The plan will be ready next month.", "next month").value == "2022-03"
    assert first("Last autumn the army moved south.", "Last autumn").value == "2021-FA"
    assert first("The base will open in two years' time.", "two years' time").value == "2024"


def test_later_and_following_resolve_against_the_previous_mention():
    text = "The accord was signed in 2015. Seven years later it was forgotten. The following year it was revived."
    assert first(text, "Seven years later").value == "2022"
    assert first(text, "Seven years later").anchor == "previous"
    assert first(text, "The following year").value == "2023"


def test_earlier_on_weekday_is_the_day():
    m = first("Earlier on Thursday, the opposition met in Vilnius.", "Thursday")
    assert m.value == "2022-02-24"


def test_narrative_text_follows_previous_mentions():
    sentences = [f"In {y}, the army of the north moved camp to the river." for y in range(1901, 1913)]
    text = " ".join(sentences) + " On 3 May, the rebels took the fort. In June the siege ended."
    r = tag(text, None)
    found = {m.text: m for m in r.mentions}
    assert found["3 May"].value == "1912-05-03"
    assert found["3 May"].anchor == "previous"
    assert found["June"].value == "1912-06"


def test_unanchorable_values_keep_x_placeholders():
    r = tag("The meeting on 24 February was short.", None, infer_document_date=False)
    m = r.mentions[0]
    assert m.value == "XXXX-02-24" and m.anchor == "none" and m.date_start is None
    assert r.anchor_source == "unknown"


def test_reference_date_is_the_fallback():
    r = tag("The meeting yesterday was short.", None, reference_date=date(2020, 5, 5))
    assert r.anchor_source == "reference"
    assert r.mentions[0].value == "2020-05-04"


def test_date_ranges_and_granularity():
    m = first("Prices rose in the late 1980s.", "the late 1980s")
    assert (m.mod, m.granularity, m.date_start, m.date_end) == ("END", "decade", date(1987, 1, 1), date(1989, 12, 31))
    m = first("It happened in February 2020.", "February 2020")
    assert (m.date_start, m.date_end, m.granularity) == (date(2020, 2, 1), date(2020, 2, 29), "month")


def test_years_before_the_common_era_in_narrative():
    text = " ".join(f"In {y} BC the fleet sailed." for y in range(500, 488, -1))
    text += " In August, they fought. The following year, peace came. Troops returned in the spring of 480 BC."
    found = {m.text: m for m in tag(text, None).mentions}
    assert found["August"].value == "BC0489-08"
    assert found["The following year"].value == "BC0488"
    assert found["the spring of 480 BC"].value == "BC0480-SP"
    assert found["the spring of 480 BC"].date_start is None  # datetime.date cannot hold it


def test_narrative_forward_looking_year_does_not_move_the_story():
    text = ("On 10 March 1975 the offensive began. The road would be exposed for a planned campaign in 1976. "
            "The defence collapsed on 11 March.")
    found = {m.text: m.value for m in tag(text, None).mentions}
    assert found["1976"] == "1976"
    assert found["11 March"] == "1975-03-11"


def test_narrative_comparison_with_an_earlier_year_does_not_move_the_story():
    text = ("The invasion began on March 20, 2003. Planning had started a year earlier. "
            "On April 9 the capital fell.")
    found = {m.text: m.value for m in tag(text, None).mentions}
    assert found["a year earlier"] == "2002"
    assert found["April 9"] == "2003-04-09"


def test_narrative_year_in_brackets_or_after_since_does_not_move_the_story():
    text = ("In June 1793 peasants revolted, angered by the Civil Constitution of the Clergy (1790) and by the "
            "first levy since 1614. On 17 August, the Convention voted for conscription.")
    found = {m.text: m.value for m in tag(text, None).mentions}
    assert found["1790"] == "1790" and found["1614"] == "1614"
    assert found["17 August"] == "1793-08-17"


def test_date_of_an_act_agreed_on_looks_forward():
    doc = date(1989, 10, 30)
    found = {m.text: m.value for m in tag("Thermo agreed to purchase the line for $22 million in February.", doc).mentions}
    assert found["February"] == "1990-02"
    # "agreed to a deal in February": the agreeing happened then.
    found = {m.text: m.value for m in tag("The union agreed to a deal in February.", doc).mentions}
    assert found["February"] == "1989-02"


def test_participial_clause_takes_the_tense_of_its_host_verb():
    text = "The stock has fluctuated sharply on takeover talk, rising to a high in June from $29.75 in March."
    found = {m.text: m.value for m in tag(text, date(1989, 10, 30)).mentions}
    assert found["March"] == "1989-03" and found["June"] == "1989-06"
