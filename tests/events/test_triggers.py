"""Event triggers: verbs and event nouns found, with their TimeML class, on text we wrote."""
from pipeline.events.triggers import find_triggers, lemma_of, load_model
from pipeline.sentences import sentence_spans


def _triggers(text):
    return {t.text: t for t in find_triggers(text, sentence_spans(text))}


def test_verbs_and_event_nouns_are_triggers_with_lemmas():
    found = _triggers("The two presidents met in the capital on Monday. The invasion began a week later.")
    assert found["met"].lemma == "meet" and found["met"].pos == "VERB"
    assert found["invasion"].pos == "NOUN"
    assert "began" in found
    assert "capital" not in found and "the" not in found


def test_reporting_verbs_are_of_class_reporting():
    found = _triggers("The minister said the talks had failed, officials announced on Tuesday.")
    assert found["said"].event_class == "reporting"
    assert found["announced"].event_class == "reporting"
    assert "talks" in found and "failed" in found


def test_offsets_slice_out_the_trigger_text():
    text = "Protesters gathered outside parliament.\nPolice arrested dozens of them after the rally."
    triggers = find_triggers(text, sentence_spans(text))
    assert triggers, "expected triggers"
    for t in triggers:
        assert text[t.start:t.end] == t.text
        assert t.sentence[0] <= t.start < t.end <= t.sentence[1]


def test_passive_voice_is_marked():
    found = _triggers("The convoy was attacked by rebels near the border.")
    assert found["attacked"].passive is True


def test_the_model_says_what_it_was_trained_on_and_what_it_held_out():
    meta = load_model().meta
    assert meta["held_out"] and meta["trained_on"]
    assert not set(meta["held_out"]) & set(meta["trained_on"])


def test_lemmas_of_irregular_forms():
    assert lemma_of("fought", "VERB") == "fight"
    assert lemma_of("talks", "NOUN") == "talk"


def test_confidence_stays_in_0_1_for_lexicon_words_the_model_never_saw():
    from pipeline.events.taxonomy import trigger_lexicon
    text = "Voters went to a referendum after the plebiscite and the boycott."
    triggers = find_triggers(text, sentence_spans(text), lexicon=trigger_lexicon())
    assert triggers and all(0 <= t.confidence <= 1 for t in triggers)


def test_disaster_accident_and_crime_nouns_are_triggers_where_they_stand_as_nouns():
    from pipeline.events.records import extract_events

    text = ("A fire broke out at the depot. Crews fought the blaze after the quake. "
            "He was charged with murder after the heist. The outage lasted hours.")
    found = {e.trigger.text: e.trigger for e in extract_events(text)}
    for word in ("fire", "blaze", "quake", "murder", "heist", "outage"):
        assert word in found and found[word].event_class == "occurrence", (word, sorted(found))
    assert found["heist"].pos == "NOUN" and found["heist"].lemma == "heist"


def test_a_listed_noun_used_as_a_verb_is_left_to_the_model():
    from pipeline.events.triggers import _stands_as_noun
    from pipeline.events.tokens import tokenize

    text = "They will fire the coach."
    tokens = tokenize(text, 0, len(text))
    assert not _stands_as_noun(tokens, [t.text for t in tokens].index("fire"))


def test_users_extend_the_event_nouns_with_a_file_of_their_own(tmp_path, monkeypatch):
    from pipeline.events.triggers import event_nouns

    own = tmp_path / "nouns.txt"
    own.write_text("# our own\nregatta\n", encoding="utf-8")
    assert "regatta" not in event_nouns()
    monkeypatch.setenv("DATEWIRE_EVENT_NOUNS", str(own))
    assert "regatta" in event_nouns() and "earthquake" in event_nouns()


def test_a_listed_noun_opens_a_headline_and_a_fire_at_a_place_is_no_shooting():
    from pipeline.events.records import extract_events

    found = {e.trigger.text: e for e in extract_events("Fire destroys historic dairy building.")}
    assert found["Fire"].trigger.pos == "NOUN"
    blaze = next(e for e in extract_events("Major fire at supermarket.") if e.trigger.text == "fire")
    assert blaze.event_type.event_type == "other"
    shots = next(e for e in extract_events("Police fired at the crowd.") if e.trigger.text == "fired")
    assert shots.event_type.event_type == "ASSAULT"
