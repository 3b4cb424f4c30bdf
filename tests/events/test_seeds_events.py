"""The issue's checks on the five real seeds (read from ../shared, no metadata given)."""
from pathlib import Path

import pytest

from pipeline.inputs import discover, read_input
from pipeline.extract import extract_document
from pipeline.settings import Settings

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seeds"
pytestmark = [pytest.mark.corpus,
              pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS}")]


@pytest.fixture(scope="module")
def seeds():
    files, _ = discover([str(SEEDS)])
    extractions = {}
    for input_file in files:
        for document in read_input(input_file, Settings()):
            extractions[document.doc_id] = extract_document(document, Settings())
    return extractions


def _events_with(seeds, *words):
    """Events of the seed sentences that hold all these words (keys, not quotations of the articles)."""
    found = []
    for extraction in seeds.values():
        text = extraction.document["text"]
        for event in extraction.event_mentions:
            sentence = text[event.trigger.sentence[0]:event.trigger.sentence[1]]
            if all(word in sentence for word in words):
                found.append((event, text))
    assert found, f"no event in a sentence holding {phrase!r}"
    return found


def _trigger(found, word):
    matches = [e for e, _ in found if e.trigger.text == word]
    assert matches, f"no trigger {word!r} among {[e.trigger.text for e, _ in found]}"
    return matches[0]


def test_would_not_enter_the_war_is_negated(seeds):
    event = _trigger(_events_with(seeds, "would not enter the war"), "enter")
    assert event.polarity == "negative"


def test_not_going_to_join_the_war_is_negated(seeds):
    event = _trigger(_events_with(seeds, "not going to join the war"), "join")
    assert event.polarity == "negative"


def test_the_referendum_of_27_february_2022_is_future(seeds):
    found = _events_with(seeds, "going to the polls on Feb. 27")
    vote = _trigger(found, "vote")
    assert vote.modality == "future"
    assert vote.date is not None and vote.date.date_start.isoformat() == "2022-02-27"


def test_the_april_meeting_is_dated_11_april_2024(seeds):
    meeting = _trigger(_events_with(seeds, "four-hour", "meeting", "Moscow"), "meeting")
    assert meeting.date is not None and meeting.date.date_start.isoformat() == "2024-04-11"


def test_no_event_comes_from_page_furniture(seeds):
    for extraction in seeds.values():
        spans = extraction.document["body_spans"]
        if spans is None:
            continue
        for event in extraction.event_mentions:
            assert any(s["start"] <= event.trigger.start and event.trigger.end <= s["end"] for s in spans)


def test_a_teaser_repeated_in_a_page_counts_once(seeds):
    for extraction in seeds.values():
        text = extraction.document["text"]
        sentences = [" ".join(text[slice(*e.trigger.sentence)].split()) for e in extraction.event_mentions]
        starts = {}
        for event, sentence in zip(extraction.event_mentions, sentences):
            starts.setdefault(sentence, set()).add(event.trigger.sentence[0])
        assert all(len(s) == 1 for s in starts.values())


def test_the_april_meeting_has_putin_and_lukashenko_and_moscow(seeds):
    meeting = _trigger(_events_with(seeds, "four-hour", "meeting", "Moscow"), "meeting")
    held = _trigger(_events_with(seeds, "four-hour", "meeting", "Moscow"), "held")
    names = {r.actor.canonical_name for e in (meeting, held) for r in e.actors}
    assert {"Vladimir Putin", "Alexander Lukashenko"} <= names
    assert "Moscow" in {p.place.name for e in (meeting, held) for p in e.places}
