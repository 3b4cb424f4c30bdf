"""Polarity and modality, each case on a sentence we wrote."""
import pytest

from pipeline.events.records import extract_events


def _event(text, trigger):
    for event in extract_events(text):
        if event.trigger.text == trigger:
            return event
    raise AssertionError(f"no event {trigger!r} in {[e.trigger.text for e in extract_events(text)]}")


@pytest.mark.parametrize("text, trigger, modality, polarity", [
    ("The army attacked the town.", "attacked", "asserted", "positive"),
    ("The army did not attack the town.", "attack", "asserted", "negative"),
    ("The government would not enter the war, the minister said.", "enter", "future", "negative"),
    ("We are not going to join the war.", "join", "future", "negative"),
    ("Voters will vote on the new constitution.", "vote", "future", "positive"),
    ("The party plans to hold a congress.", "hold", "future", "positive"),
    ("If the border opens, refugees could return.", "opens", "hypothetical", "positive"),
    ("Troops might withdraw from the region.", "withdraw", "hypothetical", "positive"),
    ("Officials said rebels shelled the airport.", "shelled", "reported", "positive"),
    ("Rebels shelled the airport, officials said.", "shelled", "reported", "positive"),
    ("There was no agreement on prisoners.", "agreement", "asserted", "negative"),
])
def test_modality_and_polarity(text, trigger, modality, polarity):
    event = _event(text, trigger)
    assert (event.modality, event.polarity) == (modality, polarity)


def test_a_reporting_event_is_not_reported_by_its_neighbour():
    event = _event("The mayor said the bridge collapsed, the police added.", "said")
    assert event.modality == "asserted"


def test_the_modal_word_is_kept():
    assert _event("The court would rule on the appeal.", "rule").modal == "would"


def test_a_negated_intention_negates_the_intention_not_its_complement():
    event = _event("The company does not plan to sell the unit.", "plan")
    assert event.polarity == "negative"
    assert _event("The company does not plan to sell the unit.", "sell").polarity == "positive"


def test_event_nouns_negated_through_adjectives():
    assert _event("Officials said no amphibious assault had begun.", "assault").polarity == "negative"


@pytest.mark.parametrize("text, trigger", [
    ("Nobody hurried the negotiators.", "hurried"),
    ("No one was hurt in the blast.", "hurt"),
    ("No successor was named.", "named"),
])
def test_a_negative_subject_negates_the_event(text, trigger):
    assert _event(text, trigger).polarity == "negative"


def _polarity(text):
    from pipeline.events.records import extract_events
    return {e.trigger.text: e.polarity for e in extract_events(text)}


def test_a_verb_whose_object_is_a_no_phrase_did_not_happen():
    assert _polarity("The company has reached no agreement on the sale.")["reached"] == "negative"
    assert _polarity("Police found no evidence.")["found"] == "negative"
    assert _polarity("He said no one was hurt.")["said"] == "positive"  # a reporting verb keeps its own


def test_yet_to_and_neither_nor_negate():
    assert _polarity("Prosecutors had yet to find any pattern.")["find"] == "negative"
    assert _polarity("Investors bet that neither a rise in rates nor inflation was near.")["rise"] == "negative"


def test_no_before_coordinated_nouns_negates_both():
    found = _polarity("There were no gains or losses in the period.")
    assert found["gains"] == found["losses"] == "negative"
    found = _polarity("Workers want gains or losses shared.")
    assert "negative" not in found.values()


@pytest.mark.parametrize("text, trigger", [
    ("The two unions failed to reach a settlement on Tuesday.", "reach"),
    ("The council refused to sign the lease.", "sign"),
    ("The ministry declined to comment on the report.", "comment"),
    ("The landlord neglected to repair the roof.", "repair"),
    ("The clerk forgot to file the papers.", "file"),
    ("The rescuers were unable to reach the village.", "reach"),
    ("The company avoided paying the fine.", "paying"),
    ("Guards barred the fans from entering the stadium.", "entering"),
    ("The mayor refrained from voting.", "voting"),
])
def test_the_complement_of_a_counter_factive_verb_did_not_happen(text, trigger):
    event = _event(text, trigger)
    assert event.polarity == "negative"
    assert event.modality == "asserted"


def test_refused_is_not_an_intention():
    assert _event("The council refused to sign the lease.", "sign").modality != "future"


@pytest.mark.parametrize("text, trigger", [
    ("The two unions did not fail to reach a settlement.", "reach"),
    ("The council never refused to sign a lease.", "sign"),
    ("Guards did not prevent the fans from entering the stadium.", "entering"),
    ("The town failed to avoid paying the fine.", "paying"),
    ("The strikers stopped marching on Friday.", "marching"),
])
def test_a_negated_counter_factive_verb_entails_nothing(text, trigger):
    assert _event(text, trigger).polarity == "positive"


def test_a_counter_factive_verb_itself_happened():
    assert _event("The two unions failed to reach a settlement.", "failed").polarity == "positive"
    assert _event("The council refused to sign the lease.", "refused").polarity == "positive"


@pytest.mark.parametrize("text, trigger", [
    ("The neighbours refused to sign the treaty.", "treaty"),
    ("Delegates failed to agree on a truce.", "truce"),
    ("The deal averted a strike at the mill.", "strike"),
    ("Both sides want to avoid a war.", "war"),
])
def test_an_event_noun_in_a_counter_factive_complement_did_not_happen(text, trigger):
    assert _event(text, trigger).polarity == "negative"


@pytest.mark.parametrize("text, trigger", [
    ("The senator failed to win the election.", "election"),  # the election took place
    ("The army failed to prevent an attack on the base.", "attack"),  # it happened
    ("The mayor did not prevent the attack.", "attack"),
])
def test_an_event_noun_that_took_place_stays_positive(text, trigger):
    assert _event(text, trigger).polarity == "positive"


def test_a_counter_factive_complement_under_an_intention_is_future_and_negative():
    event = _event("The party plans to refuse to ratify the accord.", "ratify")
    assert (event.modality, event.polarity) == ("future", "negative")
