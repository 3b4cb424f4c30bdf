"""Actors: aliases, countries, demonyms, roles, pronouns, metonyms and the roles they play, on our own text."""
from pipeline.events.actors import actors_for_event, find_actors
from pipeline.events.records import extract_events
from pipeline.sentences import sentence_spans


def _actors(text):
    return {a.text: a for a in find_actors(text, sentence_spans(text))}


def test_aliases_and_the_role_resolve_to_one_canonical_name():
    found = _actors("Aleksandr Lukashenko spoke first. Later Lukashenka met the press. "
                    "The Belarusian leader said he was calm.")
    assert {found[k].canonical_name for k in ("Aleksandr Lukashenko", "Lukashenka", "The Belarusian leader", "he")} \
        == {"Alexander Lukashenko"}
    assert found["The Belarusian leader"].resolution == "role"
    assert found["he"].resolution == "pronoun" and found["he"].antecedent is not None


def test_countries_demonyms_and_sectors():
    found = _actors("Russian forces shelled the town. Ukraine's army withdrew. Belarus denied it.")
    assert (found["Russian forces"].country_code, found["Russian forces"].sector) == ("RUS", "MIL")
    assert (found["Ukraine's army"].country_code, found["Ukraine's army"].sector) == ("UKR", "MIL")
    assert (found["Belarus"].country_code, found["Belarus"].resolution) == ("BLR", "country")


def test_a_capital_as_subject_is_its_government():
    found = _actors("Moscow said the talks had failed.")
    assert (found["Moscow"].canonical_name, found["Moscow"].resolution) == ("Russia government", "metonym")


def test_an_unknown_name_after_a_title_is_a_person():
    found = _actors("Police detained Mr. Jan Novak on Friday.")
    assert any(a.kind == "person" and a.resolution == "name" and "Novak" in a.text for a in found.values())


def test_offsets_slice_out_the_actor_text():
    text = "Putin and Lukashenko met. NATO's chief warned Russia."
    for actor in find_actors(text, sentence_spans(text)):
        assert text[actor.start:actor.end] == actor.text


def _roles(text, trigger):
    event = next(e for e in extract_events(text) if e.trigger.text == trigger)
    return {(r.role, r.actor.canonical_name) for r in event.actors}


def test_source_and_target():
    assert _roles("Vladimir Putin met Alexander Lukashenko.", "met") == {
        ("source", "Vladimir Putin"), ("target", "Alexander Lukashenko")}


def test_passive_voice_swaps_source_and_target():
    assert _roles("Zelensky was criticised by Orban.", "criticised") == {
        ("source", "Viktor Orban"), ("target", "Volodymyr Zelensky")}


def test_a_pair_of_subjects_are_source_and_participant():
    roles = _roles("Putin and Lukashenko met in Moscow.", "met")
    assert ("source", "Alexander Lukashenko") in roles and ("participant", "Vladimir Putin") in roles


def test_a_reported_event_has_its_speaker():
    roles = _roles("Lukashenko said Belarus would not join the war.", "join")
    assert ("speaker", "Alexander Lukashenko") in roles


def test_a_user_alias_file_extends_the_list(tmp_path, monkeypatch):
    extra = tmp_path / "mine.tsv"
    extra.write_text("Jan Novak\tJan Novak\tCZE\tMED\tperson\n", encoding="utf-8")
    monkeypatch.setenv("DATEWIRE_ACTOR_ALIASES", str(extra))
    found = _actors("Police detained Jan Novak.")
    assert (found["Jan Novak"].country_code, found["Jan Novak"].resolution) == ("CZE", "alias")


def test_actors_for_event_stays_in_the_sentence():
    text = "Putin spoke. Lukashenko left."
    actors = find_actors(text, sentence_spans(text))
    event = next(e for e in extract_events(text) if e.trigger.text == "left")
    assert [r.actor.canonical_name for r in actors_for_event(event.trigger, text, actors)] == ["Alexander Lukashenko"]


def test_coordinated_demonyms_share_their_role():
    found = _actors("Senior Hungarian and Romanian officials agreed on Wednesday.")
    assert (found["Hungarian"].canonical_name, found["Hungarian"].country_code) == ("Hungarian officials", "HUN")
    assert found["Romanian officials"].country_code == "ROU"


def _resolved(text):
    return [(a.text, a.country_code, a.sector) for a in find_actors(text, [(0, len(text))])]


def test_a_country_word_before_a_title_or_group_gives_it_that_country():
    assert ("Gambian President Dawda Jawara", "GMB", "GOV") in _resolved("Gambian President Dawda Jawara will visit.")
    assert ("Israeli intelligence officials", "ISR", "GOV") in _resolved("Israeli intelligence officials met.")
    assert ("Afghan rebel leaders", "AFG", "REB") in _resolved("Afghan rebel leaders said they would meet.")


def test_a_countrys_possessive_and_its_office_are_one_actor_of_that_country():
    assert _resolved("Israel's high court opened a hearing.") == [("Israel's high court", "ISR", "JUD")]
    found = _resolved("Taiwan's Vice Foreign Minister visited Russia.")
    assert found[0] == ("Taiwan's Vice Foreign Minister", "TWN", "GOV") and found[1][1] == "RUS"


def test_a_country_word_does_not_reach_past_a_verb():
    found = _resolved("Russian troops attacked Ukrainian civilians, officials said.")
    assert ("officials", None, "GOV") in found


def test_an_organisations_official_is_of_that_organisation():
    found = _resolved("U.N. Secretary-General Kofi Annan announced that he will withdraw.")
    assert found[0] == ("U.N. Secretary-General Kofi Annan", None, "IGO")
    assert found[1] == ("he", None, "IGO")


def test_a_country_word_before_a_group_noun_with_modifiers_between():
    found = _actors("Angry Chilean dock workers blocked the port. Young Peruvians blocked the road. "
                    "The Sri Lankan navy seized a boat. Some Kenyan farmers marched.")
    assert (found["Chilean dock workers"].country_code, found["Chilean dock workers"].sector) == ("CHL", "LAB")
    assert found["Peruvians"].country_code == "PER" and "Young Peruvians" not in found
    assert (found["The Sri Lankan navy"].country_code, found["The Sri Lankan navy"].sector) == ("LKA", "MIL")
    assert found["Kenyan farmers"].country_code == "KEN"


def test_a_titled_unknown_official_takes_the_one_country_placed_in_the_sentence():
    found = _actors("President Juan Ortega extended the curfew in Honduras.")
    assert (found["President Juan Ortega"].country_code, found["President Juan Ortega"].resolution) == (
        "HND", "context")
    # A country that is only the object is not the official's.
    found = _actors("President Juan Ortega threatened action against Honduras.")
    assert found["President Juan Ortega"].country_code is None
    # Two countries placed: no guess.
    found = _actors("President Juan Ortega spoke in Honduras about refugees in Guatemala.")
    assert found["President Juan Ortega"].country_code is None


def test_abbreviated_titles_with_their_dot():
    found = _actors("Lt. Gen. Marco Ruiz resigned on Friday.")
    ruiz = next(a for a in found.values() if "Ruiz" in a.text)
    assert ruiz.text.startswith("Lt") and (ruiz.kind, ruiz.sector) == ("person", "MIL")


def test_a_group_role_takes_its_country_from_its_owner_or_its_place():
    found = _actors("Turkish officials said their troops had withdrawn. Opposition groups in Kenya demanded a recount.")
    assert (found["troops"].country_code, found["troops"].resolution) == ("TUR", "role")
    assert found["Opposition"].country_code == "KEN"


def test_an_organisation_and_its_fighters_are_one_actor_and_communities_keep_their_country():
    found = _actors("Hezbollah fighters fired rockets. Bosnian Croats rejected the plan.")
    assert (found["Hezbollah fighters"].country_code, found["Hezbollah fighters"].kind) == ("LBN", "group")
    assert found["Bosnian Croats"].country_code == "BIH"


def test_a_capital_followed_by_along_with_is_its_government():
    found = _actors("Moscow along with its allies demanded new talks.")
    assert found["Moscow"].resolution == "metonym"


def test_they_after_a_pair_of_people_is_the_pair_not_an_earlier_group():
    found = _actors("NATO warned Moscow on Monday. Putin and Lukashenko said they would hold drills.")
    they = found["they"]
    assert they.resolution == "pronoun" and they.country_code == "RUS"
    assert "NATO" not in (they.canonical_name or "") and "Lukashenko" in they.canonical_name
