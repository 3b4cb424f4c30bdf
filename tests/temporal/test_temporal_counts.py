"""Counts are not years (pipeline/temporal/counts.py): labels, counted nouns, lists (own fixture sentences)."""
from __future__ import annotations

from datetime import date

from pipeline.temporal import tag

DOC = date(2024, 5, 6)


def years(text: str) -> list[str]:
    return [m.text for m in tag(text, DOC).mentions if m.type == "DATE" and m.value and m.value.isdigit()]


# --- a label before the number makes it a reference number ----------------------------------------------
def test_numbered_records_are_not_years():
    text = "\n".join(f"Record {n}: a pallet of tiles was logged by the night shift." for n in range(1500, 2075))
    assert tag(text, DOC).mentions == []


def test_labels_before_a_number():
    text = ("Ask for item 2001 at the desk beside room 2012, then take flight 2020 from Gate 2010; "
            "the form is No. 1999 on page 2015, ticket #2019.")
    assert years(text) == []


def test_a_label_does_not_hide_the_year_after_it():
    assert years("Gate 2010 opened to passengers in 2011.") == ["2011"]


# --- a plural noun after the number makes it a count, unless the year is marked as a modifier -------------
def test_counted_nouns_after_a_number():
    assert years("The hall was used by 1999 delegates.") == []
    assert years("Officers counted 2000 protesters and 1500 police near the square.") == []
    assert years("About 1800 volunteers and 1200 nurses signed the letter.") == []


def test_a_year_that_dates_an_occasion_or_a_quantity():
    assert years("The 1999 elections were held under the new rules.") == ["1999"]
    assert years("Voters remembered the 1999 election.") == ["1999"]
    assert years("1996 elections: the results") == ["1996"]
    assert years("Output stayed below 1990 levels.") == ["1990"]


def test_a_determiner_or_a_time_preposition_marks_a_year():
    assert years("Its 2006 highs are far away.") == ["2006"]
    assert years("In 1999 delegates met in a tent.") == ["1999"]
    assert years("Since 2003 stations have closed.") == ["2003"]


def test_a_year_as_the_subject_of_a_verb():
    assert years("2022 marks the end of the old contract.") == ["2022"]


# --- a list of years --------------------------------------------------------------------------------
def test_a_list_of_years_is_tagged_whole():
    assert years("Budgets were cut in 2022, 2023 and 2024.") == ["2022", "2023", "2024"]
    assert years("Audited years: 2022 2023 2024.") == ["2022", "2023", "2024"]
    assert years("Filed in 2021; 2022; 2023.") == ["2021", "2022", "2023"]


def test_a_long_number_is_still_not_a_year():
    assert years("The account holds 12 2022 shares.") == []
    assert years("The code is 4 2020.") == []
