"""The TimeML reader (pipeline/evaluation/timeml.py): events, instances, TLINKs and the DCT, on
documents we wrote."""
from __future__ import annotations

from datetime import date

import pytest

from pipeline.evaluation.timeml import parse_timeml

# Two instances of "taught" (the first one decides the attributes), a NEG event with a modal word,
# a non-consuming timex that only a TLINK names, and TLINKs of every argument shape.
MEETING = """<?xml version="1.0" encoding="UTF-8"?>
<TimeML>
<DOCID>fixture-meeting</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2024-05-06" functionInDocument="CREATION_TIME">May 6, 2024</TIMEX3></DCT>
<TEXT>The council <EVENT eid="e1" class="OCCURRENCE">met</EVENT> on <TIMEX3 tid="t1" type="DATE" value="2024-05-03">Friday</TIMEX3> &amp; <EVENT eid="e2" class="REPORTING">said</EVENT> it would not <EVENT eid="e3" class="I_ACTION">approve</EVENT> the plan. She <EVENT eid="e4" class="OCCURRENCE">taught</EVENT> at two schools.<TIMEX3 tid="t9" type="DATE" value="2024-W18" anchorTimeID="t0"></TIMEX3></TEXT>
<MAKEINSTANCE eiid="ei1" eventID="e1" pos="VERB" tense="PAST" aspect="NONE" polarity="POS"/>
<MAKEINSTANCE eiid="ei2" eventID="e2" pos="VERB" tense="PAST" aspect="NONE" polarity="POS"/>
<MAKEINSTANCE eiid="ei3" eventID="e3" pos="VERB" tense="NONE" aspect="NONE" polarity="NEG" modality="WOULD"/>
<MAKEINSTANCE eiid="ei4" eventID="e4" pos="VERB" tense="PAST" aspect="PERFECTIVE" polarity="POS"/>
<MAKEINSTANCE eiid="ei5" eventID="e4" pos="VERB" tense="PRESENT" aspect="NONE" polarity="NEG" modality="may"/>
<TLINK lid="l1" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t1"/>
<TLINK lid="l2" relType="before" eventInstanceID="ei3" relatedToEventInstance="ei2"/>
<TLINK lid="l3" relType="INCLUDES" timeID="t0" relatedToEventInstance="ei2"/>
<TLINK lid="l4" relType="DURING" eventInstanceID="ei5" relatedToTime="t9"/>
<SLINK lid="l5" relType="counter_factive" eventInstanceID="ei2" subordinatedEventInstance="ei3"/>
</TimeML>
"""


@pytest.fixture
def meeting():
    return parse_timeml(MEETING, path="fixtures/meeting.tml")


def test_event_spans_slice_their_text_from_the_stripped_text(meeting):
    assert [(e.eid, e.text) for e in meeting.events] == [("e1", "met"), ("e2", "said"), ("e3", "approve"), ("e4", "taught")]
    for event in meeting.events:
        assert meeting.text[event.start:event.end] == event.text
    # The entity is decoded before offsets are counted: "&amp;" is one character.
    assert meeting.text.startswith("The council met on Friday & said")


def test_class_is_lower_case_and_instance_attributes_come_from_makeinstance(meeting):
    by_eid = meeting.events_by_eid
    assert by_eid["e2"].event_class == "reporting" and by_eid["e3"].event_class == "i_action"
    approve = by_eid["e3"]
    assert (approve.polarity, approve.modality, approve.tense, approve.pos) == ("NEG", "would", "NONE", "VERB")
    assert by_eid["e1"].modality is None and by_eid["e1"].polarity == "POS"


def test_an_event_with_two_instances_takes_the_first(meeting):
    taught = meeting.events_by_eid["e4"]
    assert taught.eiids == ("ei4", "ei5")
    assert (taught.polarity, taught.modality, taught.tense, taught.aspect) == ("POS", None, "PAST", "PERFECTIVE")
    # Both instances still lead back to the event, so a TLINK on the second one is not lost.
    assert meeting.event_of_instance("ei5") is taught
    assert meeting.event_of_instance("ei99") is None and meeting.event_of_instance(None) is None


def test_tlinks_keep_every_argument_shape(meeting):
    links = {link.lid: link for link in meeting.tlinks}
    assert (links["l1"].rel_type, links["l1"].event_instance, links["l1"].related_time) == ("IS_INCLUDED", "ei1", "t1")
    assert (links["l2"].rel_type, links["l2"].related_event_instance, links["l2"].related_time) == ("BEFORE", "ei2", None)
    assert (links["l3"].time, links["l3"].event_instance, links["l3"].related_event_instance) == ("t0", None, "ei2")


def test_slinks_name_the_governing_and_the_subordinated_instance(meeting):
    assert [(link.lid, link.rel_type, link.event_instance, link.subordinated) for link in meeting.slinks] == [
        ("l5", "COUNTER_FACTIVE", "ei2", "ei3")]
    assert meeting.event_of_instance(meeting.slinks[0].subordinated).text == "approve"


def test_dct_and_non_consuming_timexes_are_referenced_but_not_gold_for_tagging(meeting):
    assert (meeting.dct_tid, meeting.dct_value, meeting.dct) == ("t0", "2024-05-06", date(2024, 5, 6))
    assert [t.tid for t in meeting.timexes] == ["t1"]  # what a tagger can find
    refs = meeting.timex_refs
    assert (refs["t0"].value, refs["t0"].in_text) == ("2024-05-06", False)
    assert (refs["t9"].type, refs["t9"].value, refs["t9"].in_text) == ("DATE", "2024-W18", False)
    assert refs["t1"].in_text


def test_an_event_without_makeinstance_gets_timeml_defaults():
    doc = parse_timeml('<TimeML><TEXT>They <EVENT eid="e1" class="STATE">know</EVENT>.</TEXT></TimeML>')
    (know,) = doc.events
    assert (know.polarity, know.modality, know.tense, know.eiids) == ("POS", None, "NONE", ())
    assert doc.dct_tid is None and doc.tlinks == [] and doc.slinks == []


def test_namespaced_timeml_is_read_like_plain_timeml():
    doc = parse_timeml(
        '<TimeML xmlns="http://example.org/timeml"><TEXT>It <EVENT eid="e1" class="OCCURRENCE">fell</EVENT>.</TEXT>'
        '<MAKEINSTANCE eiid="ei1" eventID="e1" polarity="NEG"/></TimeML>'
    )
    assert [(e.text, e.polarity) for e in doc.events] == [("fell", "NEG")]
