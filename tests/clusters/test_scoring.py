from datetime import date

from pipeline.clusters.mention import ClusterMention, content_terms, date_is_firm
from pipeline.clusters.scoring import THRESHOLD, compare, lemma_match, ranges_agree


def _mention(event_id, doc_id, lemma, sentence, **kw) -> ClusterMention:
    return ClusterMention(event_id=event_id, doc_id=doc_id, lemma=lemma, sentence=sentence,
                          sentence_terms=content_terms(sentence), sentence_key=sentence.lower(), **kw)


def test_dates_agree_at_their_granularity():
    day = (date(2022, 2, 24).toordinal(),) * 2
    february = (date(2022, 2, 1).toordinal(), date(2022, 2, 28).toordinal())
    march = (date(2022, 3, 1).toordinal(), date(2022, 3, 31).toordinal())
    assert ranges_agree(day, february) is True
    assert ranges_agree(day, march) is False
    assert ranges_agree(day, None) is None


def test_disagreeing_dates_never_match_whatever_else_agrees():
    a = _mention("a:e1", "a", "invade", "Russia invaded Ukraine", date_start=date(2022, 2, 24),
                 date_end=date(2022, 2, 24), event_type="ASSAULT", actors=frozenset({"RUS"}))
    b = _mention("b:e1", "b", "invade", "Russia invaded Ukraine", date_start=date(2022, 3, 10),
                 date_end=date(2022, 3, 10), event_type="ASSAULT", actors=frozenset({"RUS"}))
    match = compare(a, b, document_similarity=1.0, same_story=True)
    assert match.vetoed == "dates disagree" and match.score == 0.0


def test_same_story_and_same_word_is_enough_and_the_evidence_says_why():
    a = _mention("a:e1", "a", "flood", "The river flooded the town")
    b = _mention("b:e7", "b", "flood", "Floods hit the old quarter")
    match = compare(a, b, document_similarity=0.3, same_story=True)
    assert match.score >= THRESHOLD
    evidence = match.evidence()
    assert evidence["features"]["same_story"] == {"value": 1.0, "contribution": 0.4}
    assert evidence["features"]["same_lemma"]["value"] == 1.0
    # Without the story, the same word alone is not enough.
    assert compare(a, b, document_similarity=0.0, same_story=False).score < THRESHOLD


def test_a_reporting_verb_needs_shared_words_to_match():
    a = _mention("a:e1", "a", "say", "The mayor said the water rose two metres", event_class="reporting")
    b = _mention("b:e1", "b", "say", "The mayor said nobody died", event_class="reporting")
    c = _mention("c:e1", "c", "say", "The mayor said the water rose two metres overnight", event_class="reporting")
    assert dict(compare(a, b, 0.3, True).features)["same_lemma"] == 0.0
    assert dict(compare(a, c, 0.3, True).features)["same_lemma"] == 1.0


def test_two_mentions_of_one_sentence_are_two_happenings():
    a = _mention("a:e1", "a", "attack", "They attacked and attacked again", position=5)
    b = _mention("a:e2", "a", "attack", "They attacked and attacked again", position=20)
    assert compare(a, b, 1.0, True).vetoed == "same sentence"


def test_verb_and_noun_of_one_word_partly_match():
    assert lemma_match("evacuate", "evacuation") == 0.75
    assert lemma_match("elect", "election") == 0.0
    assert lemma_match("meet", "meet") == 1.0


def test_only_firm_dates_keep_mentions_apart():
    assert date_is_firm("explicit") and date_is_firm("previous")
    assert date_is_firm("document", "metadata")
    assert not date_is_firm("document", "inferred") and not date_is_firm(None)


def test_the_fast_score_is_the_explained_score():
    from itertools import product

    from pipeline.clusters.scoring import pair_score

    variants = [
        _mention("a:e1", "a", "flood", "The river flooded the town", event_type="other", places=frozenset({"X"}),
                 countries=frozenset({"POL"})),
        _mention("b:e1", "b", "flood", "Floods hit the town", event_type="ASSAULT", actors=frozenset({"RUS"}),
                 places=frozenset({"Y"}), countries=frozenset({"DEU"})),
        _mention("c:e1", "c", "attack", "Russia attacked the town", event_type="ASSAULT", actors=frozenset({"RUS"})),
        _mention("a:e9", "a", "say", "The mayor said so", event_class="reporting"),
    ]
    for a, b, story in product(variants, variants, (True, False)):
        if a is b:
            continue
        match = compare(a, b, 0.2, story)
        fast = pair_score(a, b, 0.2, story)
        assert (fast is None) == bool(match.vetoed)
        if fast is not None:
            assert fast == match.score


def test_the_sql_macro_and_the_python_rule_of_firm_dates_agree(tmp_path):
    from pipeline.warehouse import connect, ensure_schema

    cases = [("explicit", None, "2022"), ("previous", "inferred", "two days later"),
             ("document", "metadata", "Friday"), ("document", "inferred", "Friday"),
             ("document", "inferred", "February 24"), ("document", "inferred", "24 Feb."),
             ("document", None, "last week"), ("none", None, "May"), (None, None, None)]
    con = connect(tmp_path / "w.duckdb")
    ensure_schema(con)
    for anchor, source, text in cases:
        (sql,) = con.execute("SELECT date_is_firm(?, ?, ?)", [anchor, source, text]).fetchone()
        assert sql == date_is_firm(anchor, source, text), (anchor, source, text)
    assert date_is_firm("document", "inferred", "February 24") and not date_is_firm("document", "inferred", "Friday")
