"""The failures of plain search_dates, one by one: none of them may come back (own fixtures)."""
from __future__ import annotations

from datetime import date

from pipeline.temporal import tag

DOC = date(2024, 5, 16)


def texts(text: str, doc=DOC) -> list[str]:
    return [m.text for m in tag(text, doc).mentions]


def test_pronouns_and_modals_are_not_dates():
    assert texts("We may see more of this, and we may not.") == []
    assert texts("Belarus may be the only country that we trust.") == []


def test_counts_and_measures_are_not_years():
    assert texts("They built 1000 kilometers of fortifications.") == []
    assert texts("The army can use only 5248 units and 1999 tanks.") == []
    assert texts("It cost $2000 and 2019 people signed; 1,987 more came.") == []
    assert texts("Support is between 1200-1500 members, or 2010 percent.") == []
    assert texts("The footnote says (1) and vehicles(2).") == []
    assert texts("The 70-year-old strongman spoke.") == []


def test_seven_years_later_follows_the_previous_year():
    m = {x.text: x.value for x in tag("Talks took place in 2015. Seven years later, they were forgotten.", DOC).mentions}
    assert m["Seven years later"] == "2022"


def test_late_decade_is_a_decade():
    m = tag("The region changed in the late 1980s.", DOC).mentions[0]
    assert (m.text, m.value, m.mod, m.granularity) == ("the late 1980s", "198", "END", "decade")


def test_date_with_clock_time_keeps_the_day():
    m = tag("He learnt of it on 24 February at 5 a.m.", date(2022, 3, 1)).mentions[0]
    assert m.value == "2022-02-24T05:00" and m.date_start == date(2022, 2, 24)


def test_day_first_page_reads_ambiguous_dates_day_first():
    found = {m.text: m.value for m in tag("Posted 16/05/2024. Older post: 09/05/2024.").mentions}
    assert found["09/05/2024"] == "2024-05-09"


def test_five_digit_year_is_repaired_when_unambiguous():
    r = tag("Troops invaded in February 20222. By the spring of 2022 they had withdrawn.", None)
    m = {x.text: x for x in r.mentions}["February 20222"]
    assert m.value == "2022-02"
    assert m.repaired and "20222" in m.repaired and "2022" in m.repaired


def test_five_digit_year_is_a_problem_when_the_document_disagrees():
    r = tag("Troops invaded in February 20222. The deal of 1994 stands.", None, infer_document_date=False)
    assert "February 20222" not in [m.text for m in r.mentions]
    assert r.problems and "20222" in r.problems[0].reason


def test_impossible_day_is_a_problem_not_a_mention():
    r = tag("The deadline was 31 February 2022.", DOC)
    assert r.mentions == []
    assert r.problems and "February" in r.problems[0].reason


def test_year_far_beyond_the_document_is_a_problem():
    r = tag("The plan runs until 2099 and then 2021 again.", date(1950, 1, 1))
    assert "2099" not in [m.text for m in r.mentions]
    assert any("2099" in p.text for p in r.problems)


def test_last_autumn_and_month_ranges_are_found():
    found = {m.text: m.value for m in tag("Last autumn a command was set up. Forces moved in January–February.",
                                          date(2022, 3, 17)).mentions}
    assert found["Last autumn"] == "2021-FA"
    assert found["January"] == "2022-01" and found["February"] == "2022-02"
