"""Places: gazetteer entries with precision, ambiguous names decided by context or left with candidates."""
from pipeline.events.actors import find_actors
from pipeline.events.places import find_places
from pipeline.events.records import extract_events
from pipeline.sentences import sentence_spans


def _places(text):
    spans = sentence_spans(text)
    return {p.text: p for p in find_places(text, spans, find_actors(text, spans))}


def test_a_town_and_a_country_with_their_precision():
    found = _places("The convoy left Minsk and crossed into Poland.")
    assert (found["Minsk"].country_code, found["Minsk"].geo_precision) == ("BLR", 1)
    assert (found["Poland"].country_code, found["Poland"].geo_precision) == ("POL", 3)
    assert -90 <= found["Minsk"].lat <= 90 and -180 <= found["Minsk"].lon <= 180


def test_an_alternate_spelling_finds_the_city():
    assert _places("A rally was held in Kiev.")["Kiev"].name == "Kyiv"


def test_paris_is_decided_by_the_articles_other_places():
    assert _places("French police patrolled Lyon. Crowds gathered in Paris.")["Paris"].country_code == "FRA"
    assert _places("Voters in Dallas and Austin went out. A storm hit Paris in Texas.")["Paris"].country_code == "USA"


def test_an_undecided_name_stays_ambiguous_with_its_candidates():
    place = _places("The delegation arrived in Georgia.")["Georgia"]
    assert place.resolution == "ambiguous" and place.lat is None
    assert {"Georgia, GEO", "Georgia, USA"} <= set(place.candidates)


def test_a_place_is_not_taken_from_a_persons_name():
    assert "Jordan" not in _places("Michael Jordan spoke to reporters.")


def test_the_event_takes_the_place_its_clause_attaches():
    event = next(e for e in extract_events("Putin and Lukashenko met in Moscow.") if e.trigger.text == "met")
    assert [p.place.name for p in event.places] == ["Moscow"]


def test_a_metonym_is_an_actor_not_a_place():
    event = next(e for e in extract_events("Moscow said the plan had failed.") if e.trigger.text == "said")
    assert event.places == []
    assert [r.actor.resolution for r in event.actors] == ["metonym"]
