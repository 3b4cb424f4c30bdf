"""Event measures on TimeML (pipeline/evaluation/events_timebank.py, events_common.py): a document we
wrote, scored against hand-made systems whose every answer we chose."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from event_systems import fixed_system, mention

from pipeline.evaluation.events_common import AnchorInput, document_anchors, match_triggers, same_value
from pipeline.evaluation.events_timebank import (
    counter_factive_events,
    evaluate_timebank,
    gold_modal,
    our_modal,
    score_triggers,
    timebank_anchors,
)
from pipeline.evaluation.timeml import parse_timeml

TEXT = "The council met on Friday and said it would not approve the plan. It voted on May 1."
# Gold: five events; "met" is in Friday, "said" in the DCT, "voted" in May 1 (a link from the time),
# "approve" negated under "would", "plan" carries TimeBank's junk modality "none".
COUNCIL = """<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2024-05-06" functionInDocument="CREATION_TIME">2024-05-06</TIMEX3></DCT>
<TEXT>The council <EVENT eid="e1" class="OCCURRENCE">met</EVENT> on <TIMEX3 tid="t1" type="DATE" value="2024-05-03">Friday</TIMEX3> and <EVENT eid="e2" class="REPORTING">said</EVENT> it would not <EVENT eid="e3" class="I_ACTION">approve</EVENT> the <EVENT eid="e4" class="OCCURRENCE">plan</EVENT>. It <EVENT eid="e5" class="OCCURRENCE">voted</EVENT> on <TIMEX3 tid="t2" type="DATE" value="2024-05-01">May 1</TIMEX3>.</TEXT>
<MAKEINSTANCE eiid="ei1" eventID="e1" polarity="POS"/><MAKEINSTANCE eiid="ei2" eventID="e2" polarity="POS"/>
<MAKEINSTANCE eiid="ei3" eventID="e3" polarity="NEG" modality="WOULD"/><MAKEINSTANCE eiid="ei4" eventID="e4" polarity="POS" modality="none"/>
<MAKEINSTANCE eiid="ei5" eventID="e5" polarity="POS"/>
<TLINK lid="l1" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t1"/>
<TLINK lid="l2" relType="IS_INCLUDED" eventInstanceID="ei2" relatedToTime="t0"/>
<TLINK lid="l3" relType="INCLUDES" timeID="t2" relatedToEventInstance="ei5"/>
<TLINK lid="l4" relType="BEFORE" eventInstanceID="ei3" relatedToTime="t0"/>
<TLINK lid="l5" relType="AFTER" eventInstanceID="ei4" relatedToTime="t1"/>
</TimeML>"""


def council_system():
    """Finds met, said, approve and a spurious 'council'; misses plan and voted."""
    return [
        mention(TEXT, "council", event_class="state"),
        mention(TEXT, "met", date_basis="text", date_value="2024-05-03"),
        mention(TEXT, "said", event_class="occurrence", polarity="negative", date_basis="publication"),
        mention(TEXT, "approve", event_class="i_action", polarity="negative", modal="would"),
    ]


@pytest.fixture
def council():
    doc = parse_timeml(COUNCIL)
    assert doc.text == TEXT
    return doc


def test_triggers_classes_negation_and_modal_words_count_what_they_say(council):
    scores = score_triggers(council, council_system()).figures()
    assert (scores["trigger_tp"], scores["trigger_fp"], scores["trigger_fn"]) == (3, 1, 2)
    assert scores["trigger_precision"] == pytest.approx(3 / 4) and scores["trigger_recall"] == pytest.approx(3 / 5)
    assert scores["trigger_f1"] == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert scores["class_accuracy"] == pytest.approx(2 / 3)  # "said" is reporting, not occurrence
    # Among matched events: approve is a true NEG, said a false one; the spurious event does not count.
    assert (scores["neg_tp"], scores["neg_fp"], scores["neg_fn"]) == (1, 1, 0)
    assert scores["modal_accuracy"] == 1.0 and (scores["gold_modal"], scores["modal_accuracy_gold_modal"]) == (1, 1.0)


def test_matching_is_one_to_one_and_prefers_the_exact_span():
    text = "They signed a peace deal."
    peace_deal, peace, deal = mention(text, "peace deal"), mention(text, "peace"), mention(text, "deal")
    gold_peace_deal = (text.index("peace"), text.index("peace") + len("peace deal"))
    # Gold "peace deal" overlaps "deal" and "peace": the larger overlap wins, the other stays unmatched (a FP).
    assert match_triggers([gold_peace_deal], [deal, peace]) == {0: 1}
    # Gold "peace" overlaps "peace deal" and "peace" by as much: the identical span wins.
    assert match_triggers([(text.index("peace"), text.index("peace") + 5)], [peace_deal, peace]) == {0: 1}
    # Two gold events, one system event: it is matched once.
    assert len(match_triggers([(text.index("peace"), text.index("peace") + 5), (text.index("deal"), text.index("deal") + 4)], [peace_deal])) == 1


def test_modal_words_ignore_junk_and_future_auxiliaries(council):
    by_eid = council.events_by_eid
    assert gold_modal(by_eid["e3"]) == "would" and gold_modal(by_eid["e4"]) is None
    assert our_modal(mention(TEXT, "met", modal="will")) is None  # TimeBank writes "will" as tense FUTURE
    assert our_modal(mention(TEXT, "met", modal="Could")) == "could"
    no_modal_attribute = SimpleNamespace(modality="hypothetical")
    assert our_modal(no_modal_attribute) == "would" and our_modal(SimpleNamespace(modality="future")) is None


def test_anchors_come_from_inclusion_links_in_both_directions_each_event_once(council):
    anchors = {council.text[a.start:a.end]: (a.gold_value, a.to_dct) for a in timebank_anchors(council)}
    assert anchors == {"met": ("2024-05-03", False), "said": ("2024-05-06", True), "voted": ("2024-05-01", False)}


def test_an_event_linked_to_a_text_date_and_to_the_dct_takes_the_text_date():
    doc = parse_timeml(COUNCIL.replace("</TimeML>", '<TLINK lid="l9" relType="DURING" eventInstanceID="ei1" relatedToTime="t0"/></TimeML>'))
    assert [(a.gold_value, a.to_dct) for a in timebank_anchors(doc) if doc.text[a.start:a.end] == "met"] == [("2024-05-03", False)]


def test_anchoring_counts_an_unmatched_event_as_wrong_and_scores_both_baselines(council):
    tagger_dates = [SimpleNamespace(start=TEXT.index("Friday"), type="DATE", value="2024-05-03"),
                    SimpleNamespace(start=TEXT.index("May 1"), type="DATE", value="2024-05-01")]
    counts = document_anchors(TEXT, date(2024, 5, 6), timebank_anchors(council), council_system(), tagger_dates,
                              [(0, 65), (66, 85)], gold_dates=[(TEXT.index("May 1"), "2024-05-01")]).figures()
    assert (counts["anchored"], counts["matched"], counts["dct_events"]) == (3, 2, 1)
    assert counts["accuracy_datewire"] == pytest.approx(2 / 3)  # voted was not found
    assert counts["accuracy_matched"] == 1.0
    assert counts["accuracy_publication_date"] == pytest.approx(1 / 3)  # only "said" is on the DCT
    # Nearest date in the sentence: right for met and voted, wrong for said (Friday is nearer than the DCT).
    assert counts["accuracy_nearest_date"] == pytest.approx(2 / 3)
    # Given only May 1 as a gold date, sentence 1 has none: publication, right for "said" alone; voted right.
    assert counts["accuracy_nearest_gold_date"] == pytest.approx(2 / 3)
    assert counts["accuracy_datewire_text_dates"] == pytest.approx(1 / 2)
    assert counts["datewire_by_basis"] == {"text": {"right": 1, "wrong": 0}, "publication": {"right": 1, "wrong": 0},
                                           "not found": {"right": 0, "wrong": 1}}
    # Over the two events Datewire found (met, said): the nearest date is right for met only.
    assert counts["accuracy_datewire_matched"] == 1.0
    assert counts["accuracy_nearest_date_matched"] == pytest.approx(1 / 2)
    assert counts["accuracy_publication_date_matched"] == pytest.approx(1 / 2)


def test_values_compare_at_the_gold_days_length():
    assert same_value("2024-05-03T10:00", "2024-05-03") and not same_value("2024-05-04", "2024-05-03")
    assert same_value("2024-W18", "2024-W18") and not same_value("2024-W18-1", "2024-W18")
    assert not same_value(None, "2024-05-03") and not same_value("2024", "PAST_REF")


def test_a_system_that_dates_nothing_scores_zero_anchoring():
    anchor = AnchorInput(0, 3, "2024-05-03", to_dct=False)
    counts = document_anchors("met", None, [anchor], [mention("met", "met")], [], [(0, 3)]).figures()
    assert counts["accuracy_datewire"] == 0.0 and counts["accuracy_publication_date"] == 0.0


def test_evaluate_timebank_splits_held_out_files_and_runs_the_real_tagger_for_the_baseline(tmp_path):
    (tmp_path / "council.tml").write_text(COUNCIL, encoding="utf-8")
    other = COUNCIL.replace("council", "cabinet")
    (tmp_path / "cabinet.tml").write_text(other, encoding="utf-8")
    system = fixed_system({TEXT: council_system()})
    result = evaluate_timebank(tmp_path, system, held_out={"council.tml"}).figures()
    assert result["held_out"]["documents"] == 1 and result["held_out"]["trigger_tp"] == 3
    assert result["trained_on"]["documents"] == 1 and result["trained_on"]["trigger_tp"] == 0
    assert result["anchoring"]["anchored"] == 6
    # Our tagger resolves "Friday" (before Monday 6 May) and "May 1": the nearest-date baseline gets
    # met and voted right in both documents.
    assert result["anchoring"]["accuracy_nearest_date"] == pytest.approx(4 / 6)
    # Anchoring by file set as well: the held-out file alone, and the other.
    assert result["anchoring_held_out"]["anchored"] == 3 and result["anchoring_trained_on"]["anchored"] == 3
    assert result["anchoring_held_out"]["matched"] == 2 and result["anchoring_trained_on"]["matched"] == 0


def test_an_extractor_that_raises_is_a_failure_not_a_crash(tmp_path):
    (tmp_path / "council.tml").write_text(COUNCIL, encoding="utf-8")

    def broken(text, document_date):
        raise RuntimeError("boom")

    result = evaluate_timebank(tmp_path, broken)
    assert [f.reason for f in result.failures] == ["extractor raised RuntimeError: boom"]
    assert result.held_out.triggers.fn == 5 and result.anchoring.matched == 0


# "declined to sign" and "denied ... signed": TimeBank writes both complements POS; the first is
# subordinated by a COUNTER_FACTIVE SLINK, the second by NEG_EVIDENTIAL (a claim, not counted).
PACT_TEXT = "The mayor declined to sign the pact and denied that she had met the builders."
PACT = """<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2024-05-06" functionInDocument="CREATION_TIME">2024-05-06</TIMEX3></DCT>
<TEXT>The mayor <EVENT eid="e1" class="I_ACTION">declined</EVENT> to <EVENT eid="e2" class="OCCURRENCE">sign</EVENT> the pact and <EVENT eid="e3" class="REPORTING">denied</EVENT> that she had <EVENT eid="e4" class="OCCURRENCE">met</EVENT> the builders.</TEXT>
<MAKEINSTANCE eiid="ei1" eventID="e1" polarity="POS"/><MAKEINSTANCE eiid="ei2" eventID="e2" polarity="POS"/>
<MAKEINSTANCE eiid="ei3" eventID="e3" polarity="POS"/><MAKEINSTANCE eiid="ei4" eventID="e4" polarity="POS"/>
<SLINK lid="l1" relType="COUNTER_FACTIVE" eventInstanceID="ei1" subordinatedEventInstance="ei2"/>
<SLINK lid="l2" relType="NEG_EVIDENTIAL" eventInstanceID="ei3" subordinatedEventInstance="ei4"/>
</TimeML>"""


def test_did_not_happen_counts_counter_factive_complements_and_neg_polarity_does_not():
    doc = parse_timeml(PACT)
    assert counter_factive_events(doc) == {"e2"}
    system = [mention(PACT_TEXT, "declined", event_class="i_action"),
              mention(PACT_TEXT, "sign", polarity="negative"),
              mention(PACT_TEXT, "met", polarity="negative")]
    scores = score_triggers(doc, system).figures()
    # NEG polarity as written: both of our negatives are false positives.
    assert (scores["neg_tp"], scores["neg_fp"], scores["neg_fn"]) == (0, 2, 0)
    # Did not happen: "sign" is right; "met" under a denial is not counted as not having happened.
    assert (scores["unhappened_tp"], scores["unhappened_fp"], scores["unhappened_fn"]) == (1, 1, 0)
    assert scores["gold_counter_factive"] == 1


def test_did_not_happen_keeps_neg_polarity_as_gold(council):
    # In the council document "approve" is NEG: both measures agree when no SLINK is involved.
    scores = score_triggers(council, council_system()).figures()
    assert (scores["unhappened_tp"], scores["unhappened_fp"], scores["unhappened_fn"]) == (1, 1, 0)
    assert scores["gold_counter_factive"] == 0
