"""Each pattern family finds its expressions, with TimeML spans and TIMEX3 values (own fixtures)."""
from __future__ import annotations

from datetime import date

import pytest

from pipeline.temporal import tag
from pipeline.temporal.grammar import FAMILIES

DOC = date(2022, 3, 10)  # a Thursday


def values(text: str, doc: date | None = DOC) -> dict[str, str]:
    return {m.text: m.value for m in tag(text, doc).mentions}


def test_every_family_is_documented_and_compiled():
    names = [f.name for f in FAMILIES]
    assert len(names) == len(set(names))
    for f in FAMILIES:
        assert f.doc and f.pattern.pattern


@pytest.mark.parametrize("text, expr, value", [
    ("The treaty was signed on 24 February 2021.", "24 February 2021", "2021-02-24"),
    ("The treaty was signed on February 24, 2021.", "February 24, 2021", "2021-02-24"),
    ("It was signed on Feb. 3, 2021 in Oslo.", "Feb. 3, 2021", "2021-02-03"),
    ("The file is dated 2021-02-24.", "2021-02-24", "2021-02-24"),
    ("Talks resumed on the 1st of May 2019.", "the 1st of May 2019", "2019-05-01"),
    ("The plant opened in March 2019.", "March 2019", "2019-03"),
    ("The bridge was finished in 1994.", "1994", "1994"),
    ("Prices rose in the late 1980s.", "the late 1980s", "198"),
    ("Farming changed in the 19th century.", "the 19th century", "18"),
    ("Output fell in the third quarter of 2020.", "the third quarter of 2020", "2020-Q3"),
    ("Output fell in the first half of 2020.", "the first half of 2020", "2020-H1"),
    ("The dam burst in the spring of 2019.", "the spring of 2019", "2019-SP"),
    ("The office opened at 9:30 a.m. on 2 June 2020.", "9:30 a.m. on 2 June 2020", "2020-06-02T09:30"),
])
def test_explicit_dates(text, expr, value):
    assert values(text).get(expr) == value


@pytest.mark.parametrize("text, expr, value, typ", [
    ("Sales grew for three years.", "three years", "P3Y", "DURATION"),
    ("Prices doubled over the past three months.", "the past three months", "P3M", "DURATION"),
    ("It lasted a decade.", "a decade", "P10Y", "DURATION"),
    ("He signed a five-year contract.", "five-year", "P5Y", "DURATION"),
    ("The committee meets every Monday.", "every Monday", "XXXX-WXX-1", "SET"),
    ("The paper is printed daily.", "daily", "P1D", "SET"),
    ("Prices are rising now.", "now", "PRESENT_REF", "DATE"),
    ("Officials recently changed the rule.", "recently", "PAST_REF", "DATE"),
])
def test_durations_sets_and_references(text, expr, value, typ):
    found = {m.text: m for m in tag(text, DOC).mentions}
    assert found[expr].value == value
    assert found[expr].type == typ
    if typ in ("DURATION", "SET"):
        assert found[expr].date_start is None and found[expr].granularity is None


def test_month_range_is_found_as_two_months():
    found = values("Troops crossed the border in January–February.")
    assert found.get("January") == "2022-01"
    assert found.get("February") == "2022-02"


def test_year_range_is_two_years():
    found = values("The mill ran from 2014 to 2016.")
    assert found.get("2014") == "2014" and found.get("2016") == "2016"


def test_clock_time_merges_with_its_date():
    m = tag("I learnt of it on 24 February at 5 a.m., he said.", DOC).mentions
    assert [(x.text, x.value, x.type) for x in m] == [("24 February at 5 a.m.", "2022-02-24T05:00", "TIME")]
    assert m[0].granularity == "time"


def test_determiner_of_a_temporal_head_is_inside_the_span():
    # TimeML's extent (see tests/temporal/test_temporal_extents.py for the rules).
    found = values("The mill closed in the 1990s and in the spring of 2001.")
    assert "the 1990s" in found and "the spring of 2001" in found


@pytest.mark.parametrize("text, expr, value", [
    ("They dined together on Thanksgiving Day.", "Thanksgiving Day", "2021-11-25"),
    ("On Christmas 1963 it snowed.", "Christmas 1963", "1963-12-25"),
    ("Profit fell in the third quarter.", "the third quarter", "2021-Q3"),  # the latest third quarter begun
])
def test_holidays_and_quarters_without_year(text, expr, value):
    assert values(text).get(expr) == value


def test_quarters_named_with_their_year():
    found = values("Sales rose in the 2019 third quarter and in this year's first quarter.")
    assert found.get("the 2019 third quarter") == "2019-Q3"
    assert found.get("this year's first quarter") == "2022-Q1"


def test_a_year_written_once_serves_both_dates():
    found = values("Elections were held in April and June 1955.", None)
    assert found.get("April") == "1955-04" and found.get("June 1955") == "1955-06"
    found = values("Troops left from November 15 to February 15, 1989.", None)
    assert found.get("November 15") == "1988-11-15"


def test_the_weekend_and_rates():
    assert values("Talks went on over the weekend.").get("the weekend") == "2022-W09-WE"
    found = values("It costs $2 million a year and runs 24 hours a day.")
    assert "a year" not in found and "a day" not in found


def test_ranges_of_days_give_one_mention_per_end():
    found = values("The battle lasted 22-25 April 1951. Talks ran March 5-9, 1918. Rule: December 1979-February 1980.", None)
    assert found.get("22") == "1951-04-22" and found.get("25 April 1951") == "1951-04-25"
    assert found.get("March 5") == "1918-03-05" and found.get("9, 1918") == "1918-03-09"
    assert found.get("December 1979") == "1979-12" and found.get("February 1980") == "1980-02"


def test_compact_forms_are_read_by_dateparser_and_refereed():
    found = values("Filed 2022/02/24, logged 24-Feb-2022 and Feb-24-22.", None)
    assert set(found.values()) == {"2022-02-24"} and len(found) == 3
    r = tag("Filed 2022/13/01.", None)
    assert r.mentions == [] and "not a calendar date" in r.problems[0].reason


@pytest.mark.parametrize("text, expr, value", [
    ("The climb took a minute and a half.", "a minute and a half", "PT1M30S"),
    ("The trial lasted a year and a half.", "a year and a half", "P1Y6M"),
    ("They waited an hour and a half.", "an hour and a half", "PT1H30M"),
    ("He served two and a half years.", "two and a half years", "P2Y6M"),
    ("Three and a half hours later, the shelling stopped.", "Three and a half hours", "PT3H30M"),
    ("They waited half an hour.", "half an hour", "PT30M"),
    ("Half an hour later, the shelling stopped.", "Half an hour", "PT30M"),
])
def test_and_a_half_durations(text, expr, value):
    assert values(text).get(expr) == value


@pytest.mark.parametrize("text, expr, value", [
    # 2022-03-10 minus 30 months, and minus 18 months: month granularity, not the whole year.
    ("The mine closed two and a half years ago.", "two and a half years ago", "2019-09"),
    ("The mine closed a year and a half ago.", "a year and a half ago", "2020-09"),
    ("The mine closed half a year ago.", "half a year ago", "2021-09"),
])
def test_and_a_half_offsets_shift_by_the_smaller_unit(text, expr, value):
    assert values(text).get(expr) == value


def test_in_the_year_phrases_follow_the_previous_mention_in_narrative():
    found = {m.text: m for m in tag("The siege began in March 1916. Later in the year, the army withdrew. "
                                    "Early in the year, snow had closed the pass.", None).mentions}
    assert (found["Later in the year"].value, found["Later in the year"].mod) == ("1916", "END")
    assert (found["Early in the year"].value, found["Early in the year"].mod) == ("1916", "START")


def test_bc_without_final_period_and_military_clock():
    found = values("Carthage fell in 146 B.C and the city burned. At 03:00hrs the attack began.", None)
    assert found.get("146 B.C") == "BC0146"
    assert found.get("03:00hrs") == "XXXX-XX-XXT03:00"


@pytest.mark.parametrize("text, expr, value", [
    ("Troops entered the town on the morning of April 19, 1775.", "the morning of April 19, 1775", "1775-04-19TMO"),
    ("On the night of 10 August 1792, crowds stormed the palace.", "the night of 10 August 1792", "1792-08-10TNI"),
    ("The ship sailed on the evening of March 3.", "the evening of March 3", "2022-03-03TEV"),
])
def test_part_of_day_of_a_date(text, expr, value):
    found = {m.text: m for m in tag(text, DOC).mentions}
    assert found[expr].value == value
    assert found[expr].type == "TIME"


def test_day_ranges_joined_by_words_and_counts_that_follow_them():
    found = values("The summit on April 24 and 25 will be held in Washington.")
    assert found.get("April 24") == "2022-04-24" and found.get("25") == "2022-04-25"
    found = values("Rains fell from March 3 to 5, 2010.")
    assert found.get("March 3") == "2010-03-03" and found.get("5, 2010") == "2010-03-05"
    # "25 people": a count after the date, not the end of a range.
    assert "25" not in values("Shelling resumed on April 24 and 25 people died.")


@pytest.mark.parametrize("text, expr, value", [
    ("The convoy left at 4 in the morning.", "4 in the morning", "2022-03-10T04:00"),
    ("At 9 o'clock in the evening the guns fell silent.", "9 o'clock in the evening", "2022-03-10T21:00"),
])
def test_clock_said_with_the_part_of_day(text, expr, value):
    assert values(text).get(expr) == value
