"""Whether two event mentions report the same happening: one score, built from named features.

Every feature is a number in [0, 1] with a weight; the score is their weighted sum, minus penalties for
evidence against. Three hard rules stand above the sum: mentions whose dates cannot both be true (24
February 2022 and March 2022) never match; neither do two mentions in one sentence (a sentence that
names two events names two happenings), nor two in one document with different words. `Match.evidence()` lists each feature with its value and
contribution, so a user can see why two mentions were merged; that list is stored with each member.
"""
from __future__ import annotations

from dataclasses import dataclass

from .mention import ClusterMention

__all__ = ["WEIGHTS", "PENALTIES", "THRESHOLD", "LIGHT_CLASSES", "Match", "compare", "pair_score", "pair_values",
           "score_of", "lemma_match", "ranges_agree", "jaccard"]

# Weights and threshold were chosen on ECB+'s development topics (2 5 12 18 21 23 34 35) by a grid over
# threshold, story, lemma, document, sentence, type and actor weights (CoNLL F1 0.726-0.735 across the
# best twenty: the choice is not delicate); the benchmark reports the other topics
# (pipeline/evaluation/clusters_ecb.py). A pair needs about two strong kinds of evidence: the same
# story and the same word, or the same story, type, date and actors.
WEIGHTS = {
    "same_story": 0.40,   # the two documents are in one story (pipeline/clusters/assign.py)
    "same_lemma": 0.45,   # same trigger lemma ("attack" ~ "attacked"), or one word's two forms
    "same_type": 0.10,    # same coded event type (not 'other')
    "dates_agree": 0.15,  # both firmly dated, and the ranges overlap at their granularity
    "actors": 0.10,       # shared canonical actors (Jaccard)
    "places": 0.10,       # shared places (Jaccard)
    "sentence": 0.20,     # shared content words of the two sentences (Jaccard)
    "document": 0.15,     # cosine of the two documents' tf-idf vectors
}
PENALTIES = {
    "type_conflict": 0.15,   # both coded, and different
    "place_conflict": 0.10,  # both placed, in different countries
}
THRESHOLD = 0.70
# Classes whose verbs say little about which happening it is: "said", "is", "began". Their lemma counts
# only when the sentences also share words: "the mayor said the water rose" and "the mayor said nobody
# died" are two statements.
LIGHT_CLASSES = frozenset({"reporting", "state", "i_state", "aspectual"})
LIGHT_SENTENCE_OVERLAP = 0.25


def lemma_match(a: str, b: str) -> float:
    """1 for one lemma; 0.75 for a verb and its noun ("evacuate", "evacuation": six letters shared)."""
    if a == b:
        return 1.0
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return 0.75 if n >= 6 else 0.0


def jaccard(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared) if shared else 0.0


def ranges_agree(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool | None:
    """True when both day ranges overlap, False when they are disjoint, None when one is missing."""
    if a is None or b is None:
        return None
    return a[0] <= b[1] and b[0] <= a[1]


@dataclass(frozen=True)
class Match:
    score: float
    features: tuple[tuple[str, float], ...]  # (name, value) in [0, 1]; penalties as their own names
    vetoed: str | None = None

    def evidence(self) -> dict:
        """Each feature with its value and what it added to (or took from) the score."""
        shown = {}
        for name, value in self.features:
            weight = WEIGHTS.get(name, -PENALTIES.get(name, 0.0))
            shown[name] = {"value": round(value, 3), "contribution": round(weight * value, 3)}
        result = {"score": round(self.score, 3), "features": shown}
        if self.vetoed:
            result["vetoed"] = self.vetoed
        return result


_FEATURES = ("same_story", "same_lemma", "same_type", "dates_agree", "actors", "places", "sentence", "document",
             "type_conflict", "place_conflict")


def _values(a: ClusterMention, b: ClusterMention, document_similarity: float,
            same_story: bool) -> str | tuple[float, ...]:
    """A veto's reason, or the value of each of _FEATURES (penalties last, 1.0 when they apply)."""
    same_doc = a.doc_id == b.doc_id
    if same_doc and a.sentence_key == b.sentence_key and a.position != b.position:
        return "same sentence"
    agree = ranges_agree(a.day_range, b.day_range)
    if agree is False:
        return "dates disagree"
    sentence = jaccard(a.sentence_terms, b.sentence_terms)
    same_lemma = lemma_match(a.lemma, b.lemma)
    if same_lemma and (a.event_class in LIGHT_CLASSES or b.event_class in LIGHT_CLASSES) \
            and sentence < LIGHT_SENTENCE_OVERLAP:
        same_lemma = 0.0
    if same_doc and not same_lemma:
        # One article names different happenings of one type with different words ("a strike on
        # Belarus would be an attack on Russia"); it repeats a word for the same one.
        return "same document, another word"
    type_a, type_b = a.event_type, b.event_type
    return (
        1.0 if same_story else 0.0,
        same_lemma,
        1.0 if type_a == type_b and type_a != "other" else 0.0,
        1.0 if agree else 0.0,
        jaccard(a.actors, b.actors),
        jaccard(a.places, b.places),
        sentence,
        document_similarity,
        1.0 if type_a != type_b and type_a != "other" and type_b != "other" else 0.0,
        1.0 if a.countries and b.countries and a.places and b.places and not (a.countries & b.countries) else 0.0,
    )


def _score(values: tuple[float, ...]) -> float:
    w, p = WEIGHTS, PENALTIES
    return (w["same_story"] * values[0] + w["same_lemma"] * values[1] + w["same_type"] * values[2]
            + w["dates_agree"] * values[3] + w["actors"] * values[4] + w["places"] * values[5]
            + w["sentence"] * values[6] + w["document"] * values[7]
            - p["type_conflict"] * values[8] - p["place_conflict"] * values[9])


def pair_score(a: ClusterMention, b: ClusterMention, document_similarity: float,
               same_story: bool = False) -> float | None:
    """The score of `compare`, without its explanation (None when vetoed)."""
    values = pair_values(a, b, document_similarity, same_story)
    return None if values is None else _score(values)


def pair_values(a: ClusterMention, b: ClusterMention, document_similarity: float,
                same_story: bool = False) -> tuple[float, ...] | None:
    """The feature values of a pair (None when vetoed), for score_of: the clusterer's inner loop, which
    scores a pair first without its documents' similarity and computes that only if it could matter."""
    values = _values(a, b, document_similarity, same_story)
    return None if isinstance(values, str) else values


def score_of(values: tuple[float, ...], document_similarity: float | None = None) -> float:
    """The score of pair_values' values, with the document similarity replaced when one is given:
    exactly pair_score's value for that similarity (the same sum, in the same order)."""
    if document_similarity is not None:
        values = values[:7] + (document_similarity,) + values[8:]
    return _score(values)


def compare(a: ClusterMention, b: ClusterMention, document_similarity: float, same_story: bool = False) -> Match:
    """The match of two mentions, with each feature; `document_similarity` is their documents' cosine."""
    values = _values(a, b, document_similarity, same_story)
    if isinstance(values, str):
        return Match(0.0, (), values)
    features = tuple((name, value) for name, value in zip(_FEATURES[:8], values[:8]))
    features += tuple((name, 1.0) for name, value in zip(_FEATURES[8:], values[8:]) if value)
    return Match(_score(values), features)
