import random
from datetime import date, timedelta

from pipeline.clusters.assign import Clusterer, blocking_keys
from pipeline.clusters.mention import ClusterMention, content_terms


def _mention(event_id, doc_id, lemma, sentence, **kw):
    return ClusterMention(event_id=event_id, doc_id=doc_id, lemma=lemma, sentence=sentence,
                          sentence_terms=content_terms(sentence), sentence_key=sentence.lower(), **kw)


def _vectors(**docs):
    return {doc: {t: 1.0 / len(terms) ** 0.5 for t in terms} for doc, terms in docs.items()}


def test_documents_about_one_happening_share_a_story_and_others_do_not():
    clusterer = Clusterer()
    clusterer.set_document_vectors(_vectors(a=["veltmar", "flood", "oder"], b=["veltmar", "flood", "rescue"],
                                            c=["election", "runoff", "turnout"]))
    assert clusterer.story_of("a") == clusterer.story_of("b") != clusterer.story_of("c")


def test_a_cluster_date_range_narrows_and_never_empties():
    clusterer = Clusterer()
    clusterer.set_document_vectors(_vectors(a=["x", "y"], b=["x", "y"], c=["x", "y"]))
    month = _mention("a:e1", "a", "strike", "Dockers went on strike", event_type="PROTEST",
                     date_start=date(2024, 3, 1), date_end=date(2024, 3, 31))
    day = _mention("b:e1", "b", "strike", "Dockers struck", event_type="PROTEST",
                   date_start=date(2024, 3, 6), date_end=date(2024, 3, 6))
    other_day = _mention("c:e1", "c", "strike", "Dockers struck", event_type="PROTEST",
                         date_start=date(2024, 3, 20), date_end=date(2024, 3, 20))
    first, second, third = (clusterer.place(m) for m in (month, day, other_day))
    assert second.cluster_id == first.cluster_id and second.linked_to == "a:e1"
    # 20 March fits "March" but not the cluster that is now 6 March: a cluster of its own.
    assert third.cluster_id != first.cluster_id
    assert clusterer.clusters[first.cluster_id].day_range == (date(2024, 3, 6).toordinal(),) * 2


def test_existing_clusters_take_new_mentions():
    clusterer = Clusterer()
    clusterer.set_document_vectors(_vectors(a=["x"], b=["x"]), stories={"a": "s-old"})
    old = _mention("a:e1", "a", "meet", "Leaders met", cluster_id="c-old")
    clusterer.add_existing([old])
    placed = clusterer.place(_mention("b:e1", "b", "meet", "The leaders met"))
    assert placed.cluster_id == "c-old" and clusterer.stories["b"] == "s-old"


def test_blocks_bound_the_work_per_mention():
    # 20,000 mentions of one lemma on different days in unrelated documents: each is compared with at
    # most SCAN_PER_BLOCK others per block, so the run is linear. Counted here; timed in BENCHMARKS.md.
    clusterer = Clusterer()
    vectors, mentions = {}, []
    for i in range(20_000):
        vectors[f"d{i}"] = {f"t{i}": 1.0}
        day = date(2020, 1, 1) + timedelta(days=i)
        mentions.append(_mention(f"d{i}:e1", f"d{i}", "attack", f"attack {i}", event_type="ASSAULT",
                                 date_start=day, date_end=day))
    clusterer.set_document_vectors(vectors)
    compared = 0
    original = clusterer.document_similarity

    def counting(a, b):
        nonlocal compared
        compared += 1
        return original(a, b)

    clusterer.document_similarity = counting
    placements = clusterer.place_all(mentions)
    assert len({p.cluster_id for p in placements}) == 20_000
    assert compared <= 20_000 * clusterer.scan * len(blocking_keys(mentions[0])) + 20_000


def _crowd(seed: int, n: int) -> tuple[dict, list[ClusterMention]]:
    """Mentions of a few lemmas, types, actors and days over documents of a few overlapping topics."""
    rng = random.Random(seed)
    topics = [["flood", "oder", "rescue"], ["strike", "port", "union"], ["vote", "runoff", "turnout"]]
    vectors, mentions = {}, []
    for d in range(n // 4):
        terms = rng.choice(topics)[: rng.randint(1, 3)] + [f"w{rng.randint(0, 30)}"]
        vectors[f"d{d}"] = {t: 1.0 / len(terms) ** 0.5 for t in terms}
        for k in range(4):
            day = date(2024, 3, 1) + timedelta(days=rng.randint(0, 20))
            lemma = rng.choice(["attack", "strike", "meet", "vote", "flood", "say"])
            mentions.append(_mention(
                f"d{d}:e{k}", f"d{d}", lemma, f"{lemma} {rng.choice(['port', 'oder', 'union', 'town'])} {k}",
                event_type=rng.choice(["ASSAULT", "PROTEST", "CONSULT", "other"]), position=k,
                event_class=rng.choice(["occurrence", "reporting"]),
                actors=frozenset(rng.sample(["RUS", "UKR", "union", "mayor"], rng.randint(0, 2))),
                date_start=day if rng.random() < 0.7 else None, date_end=day))
    return vectors, mentions


def test_skipping_the_document_cosine_where_a_pair_cannot_reach_the_threshold_changes_no_placement():
    vectors, mentions = _crowd(seed=7, n=2000)
    placements = {}
    calls = {}
    for prune in (True, False):
        clusterer = Clusterer()
        clusterer.prune = prune
        clusterer.set_document_vectors(vectors)
        original, count = clusterer.document_similarity, [0]

        def counting(a, b, original=original, count=count):
            count[0] += 1
            return original(a, b)

        clusterer.document_similarity = counting
        placements[prune] = [(p.event_id, p.cluster_id, p.similarity, p.linked_to) for p in clusterer.place_all(mentions)]
        calls[prune] = count[0]
    assert placements[True] == placements[False]
    assert sum(p[3] is not None for p in placements[True]) > 100  # enough links for the check to mean something
    assert calls[True] < calls[False]
