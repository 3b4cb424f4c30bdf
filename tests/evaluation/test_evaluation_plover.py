"""PLOVER GSR scoring (pipeline/evaluation/events_plover.py) on records we wrote in the GSR's format."""
from __future__ import annotations

import json

import pytest
from event_systems import fixed_system, mention

from pipeline.evaluation.events_plover import choose_event, evaluate_plover, gold_type

DEMAND = "Rebels demanded the release of prisoners, a spokesman said."
FIGHT = "Government troops clashed with rebels near Gorazde."
AID = "The UN sent food to refugees in Geneva."
RECORDS = [
    {"id": "doc", "event": "DOCUMENT", "eventText": "about this file"},
    {"id": "r1", "event": "DEMAND", "eventText": "demanded", "text": DEMAND,
     "source": [{"actorText": "Rebels", "code": "SDN", "sector": "REB"}], "target": ""},
    {"id": "r2", "event": "FIGHT", "eventText": "clashed", "text": FIGHT,
     "source": {"actorText": "Government troops", "code": "BIH", "sector": "MIL"},
     "target": [{"actorText": "rebels", "code": "BIH", "sector": "REB"}], "eventLoc": {"name": "Gorazde"}},
    {"id": "r3", "event": "AID", "eventText": "sent", "text": AID,
     "source": [{"actorText": "UN", "code": "IGO", "sector": "IGO"}], "target": None,
     "eventLoc": {"name": "Geneva", "country code": "CH"}},
]


def systems():
    return {
        # The reporting frame comes first in our output order here; the rule skips it.
        DEMAND: [mention(DEMAND, "said", event_class="reporting", event_type="STATEMENT"),
                 mention(DEMAND, "demanded", event_type="REQUEST", actors=(("source", "SDN", "REB"),))],
        # Right type, but our source is the wrong country and the place is another town.
        FIGHT: [mention(FIGHT, "clashed", event_type="ASSAULT", actors=(("source", "SRB", "MIL"), ("target", "BIH", "REB")),
                        places=(("Sarajevo", "BIH"),))],
        # Wrong type; the UN as an IGO with no country counts as the GSR's "IGO"; Geneva is in CHE.
        AID: [mention(AID, "sent", event_type="COOPERATE", actors=(("participant", None, "IGO"),),
                      places=(("Genève", "CHE"),))],
    }


def test_old_names_map_onto_our_taxonomy():
    assert [gold_type({"event": e}) for e in ("DEMAND", "FIGHT", "DISAPPROVE", "INVESTIGATE", "AGREE")] == [
        "REQUEST", "ASSAULT", "ACCUSE", "ACCUSE", "AGREE"]


def test_the_rule_skips_reporting_frames_and_untyped_events():
    said = mention(DEMAND, "said", event_class="reporting", event_type="STATEMENT")
    release = mention(DEMAND, "release", event_type="other")
    demanded = mention(DEMAND, "demanded", event_type="REQUEST")
    assert choose_event([said, release, demanded]) is demanded
    assert choose_event([said, release]) is release
    assert choose_event([said]) is said and choose_event([]) is None
    assert choose_event([said, demanded], gold_words={"said"}) is said  # gold trigger given


def test_type_country_and_place_accuracy(tmp_path):
    path = tmp_path / "PLOVER_GSR_test.json"
    path.write_text(json.dumps(RECORDS), encoding="utf-8")
    figures = evaluate_plover(tmp_path, fixed_system(systems())).figures()
    assert figures["records"] == 3  # the DOCUMENT entry is not a record
    assert figures["type_accuracy"] == pytest.approx(2 / 3)
    assert figures["confusions"] == {"AID -> COOPERATE": 1}
    assert (figures["source_n"], figures["source_accuracy"]) == (3, pytest.approx(2 / 3))
    assert (figures["target_n"], figures["target_accuracy"]) == (1, 1.0)
    # Gorazde: name only in gold, ours is Sarajevo: wrong. Geneva: gold CH is CHE, ours is in CHE: right.
    assert (figures["place_n"], figures["place_accuracy"]) == (2, pytest.approx(1 / 2))


def test_a_record_with_no_event_of_ours_is_wrong_not_skipped(tmp_path):
    path = tmp_path / "PLOVER_GSR_test.json"
    path.write_text(json.dumps(RECORDS), encoding="utf-8")
    figures = evaluate_plover(path, fixed_system({})).figures()
    assert figures["type_n"] == 3 and figures["type_accuracy"] == 0.0 and figures["source_accuracy"] == 0.0
    assert figures["confusions"]["REQUEST -> (no event)"] == 1


def test_records_split_into_two_fixed_halves_that_add_up(tmp_path):
    from pipeline.evaluation.events_plover import record_half

    ids = [f"REC-{n:04d}" for n in range(200)]
    halves = [record_half(i) for i in ids]
    assert halves == [record_half(i) for i in ids]  # a function of the id alone
    assert 60 < halves.count("dev") < 140 and set(halves) == {"dev", "held-out"}
    path = tmp_path / "PLOVER_GSR_test.json"
    path.write_text(json.dumps(RECORDS), encoding="utf-8")
    figures = evaluate_plover(path, fixed_system(systems())).figures()
    by_half = figures["halves"]
    assert sum(h["source_n"] for h in by_half.values()) == figures["source_n"]
    right = sum(h["source_accuracy"] * h["source_n"] for h in by_half.values())
    assert right == pytest.approx(figures["source_accuracy"] * figures["source_n"])
    assert set(by_half) == {record_half(r["id"]) for r in RECORDS[1:]}
