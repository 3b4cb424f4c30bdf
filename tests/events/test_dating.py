"""The governing date: with several dates in one sentence, each event takes the one its trigger governs."""
from datetime import date

from pipeline.events.records import extract_events


def _dates(text, document_date=None):
    return {e.trigger.text: (e.date_basis, e.date.text if e.date else None)
            for e in extract_events(text, document_date)}


def test_a_quotation_keeps_its_own_date():
    found = _dates('On 1 March 2022, the president said: "I learnt of the attack on 24 February at 5 a.m."')
    assert found["said"] == ("text", "1 March 2022")
    assert found["attack"] == ("text", "24 February at 5 a.m.")


def test_the_date_after_the_trigger_wins_over_a_nearer_one_before():
    found = _dates("In 2019 the council, which met on 3 May 2019, approved the budget.")
    assert found["met"] == ("text", "3 May 2019")


def test_an_undated_event_is_dated_by_publication_when_the_document_has_a_date():
    found = _dates("The minister resigned.", date(2024, 5, 6))
    assert found["resigned"] == ("publication", None)


def test_no_date_at_all_says_none():
    assert _dates("The minister resigned.")["resigned"] == ("none", None)


def test_publication_based_dates_are_one_sided_ranges():
    from pipeline.events.records import event_record
    text = "The minister resigned. The parliament will vote."
    records = {r["trigger"]["text"]: r for r in
               (event_record(e, text, date(2024, 5, 6)) for e in extract_events(text, date(2024, 5, 6)))}
    assert (records["resigned"]["event_date_start"], records["resigned"]["event_date_end"]) == (None, "2024-05-06")
    assert (records["vote"]["event_date_start"], records["vote"]["event_date_end"]) == ("2024-05-06", None)


def test_a_past_event_continues_the_story_of_the_sentence_before():
    found = _dates("The prince was ousted on 5 July 1997. His loyalists fled the capital.", date(1998, 3, 1))
    assert found["fled"] == ("text", "5 July 1997")


def test_a_paragraph_break_does_not_end_the_story():
    # Agency copy puts each sentence in a paragraph of its own (see pipeline.events.story_dates).
    found = _dates("The prince was ousted on 5 July 1997.\n\nHis loyalists fled the capital.", date(1998, 3, 1))
    assert found["fled"] == ("text", "5 July 1997")


def test_present_and_future_events_after_the_story_keep_the_publication_date():
    text = "The prince was ousted on 5 July 1997.\n\nHis loyalists are fighting in the capital."
    assert _dates(text, date(1998, 3, 1))["fighting"] == ("publication", None)
    text = "The prince was ousted on 5 July 1997.\n\nHis loyalists will attack the capital."
    assert _dates(text, date(1998, 3, 1))["attack"] == ("publication", None)


def test_an_event_noun_takes_the_date_of_its_dated_mention():
    found = {e.trigger.start: e for e in extract_events(
        "The bombing on 7 August 1998 killed dozens. Investigators said the bombing was planned for months.",
        date(1998, 8, 20))}
    bombings = [e for e in found.values() if e.trigger.text == "bombing"]
    assert len(bombings) == 2 and all(e.date is not None and e.date.text == "7 August 1998" for e in bombings)


def test_a_statement_does_not_take_the_date_of_what_it_announces():
    found = _dates("The company said it would finish the bridge by the end of 2027.", date(2024, 5, 6))
    assert found["said"] == ("publication", None)
    assert found["finish"] == ("text", "the end of 2027")


# --- "recently", "in the future", "now": dated relative to the publication, by words of the text ------

def test_recently_in_the_events_own_clause_dates_it_before_publication_and_is_recorded():
    from pipeline.events.records import event_record
    text = "The company recently cut its dividend."
    events = extract_events(text, date(2024, 5, 6))
    cut = next(e for e in events if e.trigger.text == "cut")
    assert (cut.date_basis, cut.date.text, cut.date.value) == ("publication", "recently", "PAST_REF")
    record = event_record(cut, text, date(2024, 5, 6))
    assert (record["event_date_start"], record["event_date_end"]) == (None, "2024-05-06")
    assert record["date"]["timex"] == "PAST_REF"


def test_in_the_future_makes_an_asserted_event_future_with_an_open_range_after_publication():
    from pipeline.events.records import event_record
    text = "Prices will fall in the future."
    fall = next(e for e in extract_events(text, date(2024, 5, 6)) if e.trigger.text == "fall")
    assert fall.modality == "future" and fall.date.value == "FUTURE_REF"
    record = event_record(fall, text, date(2024, 5, 6))
    assert (record["event_date_start"], record["event_date_end"]) == ("2024-05-06", None)


def test_recently_in_another_clause_does_not_reach_the_event():
    found = _dates("Despite the recent unrest, the minister resigned.", date(2024, 5, 6))
    assert found["resigned"] == ("publication", None)


def test_a_date_proper_in_the_clause_wins_over_recently_further_away():
    found = _dates("The rebels recently attacked the town, and they plan to withdraw on 3 May 2025.",
                   date(2024, 5, 6))
    assert found["attacked"] == ("publication", "recently")
    assert found["withdraw"] == ("text", "3 May 2025")


def test_the_story_date_of_the_sentence_before_does_not_override_recently():
    text = "The army invaded on 3 March 2022. Its commanders recently admitted losses."
    found = _dates(text, date(2024, 5, 6))
    assert found["invaded"] == ("text", "3 March 2022")
    assert found["admitted"] == ("publication", "recently")


def test_a_date_after_a_reporting_verb_dates_the_statement_not_the_event_before_it():
    found = _dates("The company cut its dividend, officials said on Monday.", date(2024, 5, 8))
    assert found["said"] == ("text", "Monday")
    assert found["cut"] != ("text", "Monday")


# --- a reporting verb's own date, after its object ------------------------------------------------------

def test_a_reporting_verb_takes_a_date_right_after_its_short_object():
    found = _dates("The bank announced the plan Aug. 21.", date(2023, 9, 1))
    assert found["announced"] == ("text", "Aug. 21")


def test_a_date_after_a_reported_clause_is_not_the_statement_s():
    found = _dates("The minister said he resigned on 3 May 2024.", date(2024, 5, 6))
    assert found["said"] == ("publication", None)
    assert found["resigned"] == ("text", "3 May 2024")


def test_over_the_weekend_attaches_to_the_verb_before_it():
    found = _dates("The ambassador said over the weekend that the window was closing.", date(2024, 5, 6))
    assert found["said"] == ("text", "the weekend")


def test_according_to_is_dated_by_the_writing_not_by_the_reported_figure():
    found = _dates("Imports totalled about $37 million in 1988, according to an aide.", date(1989, 11, 2))
    assert found["according"] == ("publication", None)
    assert found["totalled"] == ("text", "1988")


# --- tense and class against a date after the publication ---------------------------------------------

def test_expected_leaves_the_later_date_to_the_event_it_announces():
    found = _dates("The transaction is expected to close in December 2024.", date(2024, 5, 6))
    assert found["expected"] == ("publication", None)
    assert found["close"] == ("text", "December 2024")


def test_a_past_verb_does_not_take_a_date_after_publication():
    found = _dates("The company agreed to sell the unit by 2026.", date(2024, 5, 6))
    assert found["agreed"] == ("publication", None)
    assert found["sell"] == ("text", "2026")


def _governing(text, word, event_class, document_date, reporting=False):
    """governing_date for a trigger we name ourselves (word and class), so the trigger model's view of
    the word does not matter."""
    from pipeline import temporal
    from pipeline.events.clauses import segment_ids
    from pipeline.events.dating import governing_date
    from pipeline.events.model import Trigger
    from pipeline.events.tokens import tokenize

    tokens = tokenize(text)
    i = next(k for k, t in enumerate(tokens) if t.text == word)
    trigger = Trigger(tokens[i].start, tokens[i].end, word, word.rstrip("s"), "VERB", event_class, (0, len(text)))
    dates = [m for m in temporal.tag(text, document_date).mentions if m.type in ("DATE", "TIME")]
    mention = governing_date(i, tokens, segment_ids(tokens), dates, framed=False, reporting=reporting,
                             trigger=trigger, document_date=document_date)
    return mention.text if mention is not None else None


def test_a_present_state_leaves_a_later_future_date_to_its_complement():
    text = "The law requires banks to sell the units by 2026."
    assert _governing(text, "requires", "state", date(2024, 5, 6)) is None
    assert _governing(text, "sell", "occurrence", date(2024, 5, 6)) == "2026"


def test_a_present_state_keeps_a_date_before_publication():
    assert _governing("The law requires banks to sell the units by 2020.", "requires", "state",
                      date(2024, 5, 6)) == "2020"


def test_a_state_after_will_keeps_its_future_date():
    assert _governing("The minister will remain in office until 2026.", "remain", "state",
                      date(2024, 5, 6)) == "2026"


def test_a_future_verb_keeps_its_future_date():
    found = _dates("The parliament will hold a vote in June 2024.", date(2024, 5, 6))
    assert found["hold"] == ("text", "June 2024")


def test_a_past_participle_after_will_be_keeps_its_future_date():
    found = _dates("The bridge will be completed in June 2026.", date(2024, 5, 6))
    assert found["completed"] == ("text", "June 2026")


# --- the story's date, across sentences ---------------------------------------------------------------

def test_the_story_date_reaches_every_later_past_happening_of_the_paragraph():
    text = ("Deputy Ortiz was gunned down on 24 June 2005.\nHe was shot in the head.\n"
            "The town mourned for weeks.\nThe shooting shocked the town.")
    found = _dates(text, date(2005, 7, 26))
    assert found["shot"] == ("text", "24 June 2005")
    assert found["shooting"] == ("text", "24 June 2005")
    assert found["shocked"] == ("text", "24 June 2005")


def test_a_future_date_does_not_start_a_story():
    text = "The council will meet on 3 June 2024. Members approved the budget."
    assert _dates(text, date(2024, 5, 6))["approved"] == ("publication", None)


def test_a_statement_in_a_later_sentence_keeps_the_publication_date():
    text = "Police said the gunman opened fire on Monday. Three people were shot, the police said."
    events = [e for e in extract_events(text, date(2024, 5, 8)) if e.trigger.text == "said"]
    assert events[-1].date_basis == "publication" and events[-1].date is None
    shot = next(e for e in extract_events(text, date(2024, 5, 8)) if e.trigger.text == "shot")
    assert (shot.date_basis, shot.date.text) == ("text", "Monday")


def test_a_headline_before_the_first_date_keeps_the_publication_date():
    text = "Gunman kills three.\nA gunman killed three people on Monday in the town."
    events = [e for e in extract_events(text, date(2024, 5, 8)) if e.trigger.text in ("kills", "killed")]
    assert [(e.trigger.text, e.date_basis, e.date.text if e.date else None) for e in events] == [
        ("kills", "publication", None), ("killed", "text", "Monday")]


# --- comparisons, future events, relative clauses ------------------------------------------------------

def test_the_baseline_of_a_comparison_does_not_date_the_event():
    text = "In the third quarter, profit grew 19% from a year ago."
    assert _governing(text, "grew", "occurrence", date(1989, 11, 2)) == "the third quarter"


def test_a_date_after_from_that_is_no_comparison_still_dates_the_event():
    text = "The company bought a stake from its rival last June."
    assert _governing(text, "bought", "occurrence", date(1989, 11, 2)) == "last June"


def test_a_future_event_takes_the_future_date_of_its_clause():
    text = "Early next year, the firm plans to ship a computer it unveiled last week."
    assert _governing(text, "ship", "occurrence", date(1989, 10, 27)) == "Early next year"


def test_a_date_inside_a_relative_clause_does_not_date_the_main_clause():
    text = "The firm, which was founded in 1950, presented claims for damages to the court this week."
    assert _governing(text, "presented", "occurrence", date(1989, 11, 2)) == "this week"
    assert _governing(text, "founded", "occurrence", date(1989, 11, 2)) == "1950"


def test_a_scare_quote_is_no_quotation():
    text = 'Although profits were "squeezed" in 1989, the company said it is confident.'
    assert _governing(text, "squeezed", "occurrence", date(1989, 10, 27)) == "1989"


def test_a_real_quotation_still_keeps_its_words_apart():
    text = 'On 1 March 2022 the president said: "We will never accept the loss of our land."'
    assert _governing(text, "accept", "occurrence", date(2022, 3, 2)) is None
