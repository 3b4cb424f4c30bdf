"""Event types from the taxonomy file: each type on a sentence we wrote, context, and user extensions."""
import pytest

from pipeline.events import taxonomy
from pipeline.events.records import extract_events


def _type(text, trigger):
    for event in extract_events(text):
        if event.trigger.text == trigger:
            return event.event_type
    raise AssertionError(f"no trigger {trigger!r} in {[e.trigger.text for e in extract_events(text)]}")


@pytest.mark.parametrize("text, trigger, event_type", [
    ("The two governments agreed to a ceasefire.", "agreed", "AGREE"),
    ("The foreign ministers met in Geneva.", "met", "CONSULT"),
    ("The party endorsed the candidate.", "endorsed", "SUPPORT"),
    ("The army withdrew from the city.", "withdrew", "RETREAT"),
    ("The regime allowed the opposition to register.", "allowed", "CONCEDE"),
    ("The regime released the prisoners.", "released", "RETREAT"),  # CAMEO 0841 -> RETREAT (CAMEO2PLOVER 2021)
    ("The two navies cooperated in the search.", "cooperated", "COOPERATE"),
    ("The agency delivered aid to the refugees.", "delivered", "AID"),
    ("The opposition demanded new elections.", "demanded", "REQUEST"),
    ("The minister accused the rebels of lying.", "accused", "ACCUSE"),
    ("Parliament rejected the proposal.", "rejected", "REJECT"),
    ("The general threatened to retaliate.", "threatened", "THREATEN"),
    ("Thousands protested outside the ministry.", "protested", "PROTEST"),
    ("The union imposed a boycott of the firm.", "boycott", "PROTEST"),
    ("Brussels expanded sanctions against the regime.", "sanctions", "SANCTION"),
    ("The army deployed troops along the border.", "deployed", "MOBILIZE"),
    ("Police arrested three journalists.", "arrested", "COERCE"),
    ("Rebels attacked the convoy.", "attacked", "ASSAULT"),
    ("The spokesman said the talks would resume.", "said", "STATEMENT"),
    ("Voters will go to the polls in a referendum.", "referendum", "ELECTION"),
    ("The court ruled that the law was void.", "ruled", "DECISION"),
])
def test_each_type_has_a_trigger_that_names_it(text, trigger, event_type):
    assert _type(text, trigger).event_type == event_type


def test_a_light_verb_takes_the_type_of_its_object():
    assert _type("The rebels launched an offensive in the north.", "launched").event_type == "ASSAULT"
    assert _type("The leaders held talks on Monday.", "talks").event_type == "CONSULT"
    assert _type("The council imposed new sanctions on the regime.", "imposed").event_type == "SANCTION"


def test_two_word_triggers():
    assert _type("The president stepped down last week.", "stepped").event_type == "CONCEDE"
    assert _type("The minister called for calm.", "called").event_type == "REQUEST"


def test_a_strike_is_decided_by_context():
    assert _type("Dock workers went on strike over pay.", "strike") == taxonomy.EventType("PROTEST", "strike", "14")
    assert _type("A missile strike hit the depot.", "strike").event_type == "ASSAULT"


def test_cameo_roots_are_two_digit_codes():
    assert _type("Rebels attacked the convoy.", "attacked").cameo_root == "18"


def test_a_user_file_extends_and_overrides(tmp_path, monkeypatch):
    extra = tmp_path / "mine.tsv"
    extra.write_text("# my types\nattack\tCYBER\thack\t18\nhack\tCYBER\thack\t18\n", encoding="utf-8")
    monkeypatch.setenv("DATEWIRE_EVENT_TYPES", str(extra))
    assert _type("Rebels attacked the convoy.", "attacked").event_type == "CYBER"
    assert "CYBER" in taxonomy.known_event_types()


def test_a_malformed_user_file_names_the_file_and_line(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("attack\tASSAULT\t\t18\nfoo\tASSAULT\t\t99\n", encoding="utf-8")
    with pytest.raises(taxonomy.TaxonomyError, match=r"bad.tsv, line 2: CAMEO root '99'"):
        taxonomy.load_taxonomy([bad])


def test_every_shipped_type_is_plover_or_ours():
    shipped = taxonomy.load_taxonomy([taxonomy.TAXONOMY_PATH]).types
    assert shipped <= set(taxonomy.PLOVER_TYPES) | set(taxonomy.DATEWIRE_TYPES) | {taxonomy.OTHER}
    assert set(taxonomy.PLOVER_TYPES) <= shipped


def test_intentions_are_coded_as_plover_codes_them_and_keep_their_own_type():
    from pipeline.events.model import EventType
    from pipeline.events.taxonomy import plover_coded

    aid, blockade = EventType("AID", None, "07"), EventType("COERCE", "blockade", "17")
    assert plover_coded(aid, "future", "positive", "will").event_type == "AGREE"
    assert plover_coded(aid, "future", "negative", "will").event_type == "REJECT"
    assert plover_coded(blockade, "future", "positive", "would").event_type == "THREATEN"
    assert plover_coded(aid, "hypothetical", "positive", "must").event_type == "REQUEST"
    assert plover_coded(aid, "asserted", "positive").event_type == "AID"  # it happened: its own type
    # cooperation that did not happen is coded as its refusal; a negated event of no type is no rejection
    assert plover_coded(aid, "asserted", "negative").event_type == "REJECT"
    assert plover_coded(aid, "reported", "negative").event_type == "REJECT"
    assert plover_coded(aid, "hypothetical", "negative").event_type == "AID"
    assert plover_coded(EventType("other", None, None), "asserted", "negative").event_type == "other"
    assert plover_coded(EventType("STATEMENT", None, "01"), "future", "positive", "will").event_type == "STATEMENT"


def test_datewire_events_gives_the_plover_coded_type_beside_the_events_own():
    from datetime import date

    from pipeline.events.records import event_record, extract_events

    text = "The government will provide food aid to the region."
    record = next(event_record(e, text, date(2024, 5, 6)) for e in extract_events(text, date(2024, 5, 6))
                  if e.trigger.text == "provide")
    assert record["modality"] == "future"
    assert (record["event_type"], record["plover_coded_type"]) == ("AID", "AGREE")


def test_according_to_attributes_a_report_and_is_no_agreement():
    assert _type("Two men were arrested, according to the police.", "according").event_type == "STATEMENT"
    assert _type("The rivals signed an accord in May.", "signed").event_type == "AGREE"


def test_sworn_in_takes_office_and_sworn_to_is_a_vow():
    assert _type("The new president was sworn in on Monday.", "sworn").event_type == "ELECTION"
    assert _type("The rebels have sworn to fight on.", "sworn").event_type == "THREATEN"


def test_fire_with_a_weapon_as_object_is_an_attack_and_a_dismissal_is_not():
    assert _type("Tanks fired four shells at the village.", "fired").event_type == "ASSAULT"
    assert _type("Police fired tear gas into the crowd.", "fired").event_type == "ASSAULT"
    assert _type("The board fired the chief executive.", "fired").event_type == "other"


def test_a_light_verb_looks_past_an_adjective_to_its_noun():
    assert _type("Students staged mass demonstrations on Saturday.", "staged").event_type == "PROTEST"
    assert _type("Rebels launched fierce attacks on the town.", "launched").event_type == "ASSAULT"
