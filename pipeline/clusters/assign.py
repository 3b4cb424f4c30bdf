"""Online clustering: each new mention joins the best matching cluster, or founds a new one.

Candidates come only from blocks: mentions that share a trigger lemma, or a coded event type together
with a month or an actor. A mention is compared with at most `scan` recent members of each of its
blocks, so a run costs O(n · blocks · scan), never all pairs. A new run starts from the clusters already
in the warehouse, so new mentions attach to them; a changed document's mentions were removed with
their old versions and are placed again like new ones.

Only the last `scan` members of a block, the last STORY_TERM_SCAN documents of a term and the last
STORY_SAMPLE documents of a story are ever looked at, so that is all the clusterer keeps of them, and
all that `store` reads back of earlier runs: given those (in their order), placing a batch gives the
same clusters as holding the whole warehouse in memory.

A cluster's date range is the intersection of its dated members' ranges. A mention joins only a
cluster whose range its own date fits, so the range can narrow ("February 2022" to "24 February
2022") but never becomes empty.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from dataclasses import dataclass

from .mention import ClusterMention, cosine
from .scoring import THRESHOLD, WEIGHTS, Match, compare, pair_values, ranges_agree, score_of

__all__ = ["Placement", "Clusterer", "blocking_keys", "cluster_id_for", "cluster_base", "story_base",
           "placement_order"]

# Measured on ECB+ (test topics): CoNLL F1 0.7518 whether 60, 30 or 15 recent members of each block are
# scanned; 30,000 crowded mentions took 9.5, 6.6 and 3.7 s CPU.
SCAN_PER_BLOCK = 20
# Stories: documents about one happening. A document joins the story whose recent documents it is
# closest to on average (tf-idf cosine), if that average reaches STORY_THRESHOLD. On ECB+'s
# development topics 0.15 gave as many stories as there are happenings, 84% pure.
STORY_THRESHOLD = 0.15
STORY_SAMPLE = 30        # recent documents of a story that a new document is compared with
STORY_TERMS = 8          # a document's strongest terms, through which it finds candidate stories
STORY_TERM_SCAN = 40     # recent documents per term


def blocking_keys(mention: ClusterMention) -> list[tuple]:
    keys = mention.keys
    if keys is None:
        keys = mention.keys = _blocking_keys(mention)
    return keys


def _blocking_keys(mention: ClusterMention) -> list[tuple]:
    keys: list[tuple] = [("lemma", mention.lemma)]
    if mention.event_type != "other":
        if mention.date_start is not None:
            keys.append(("type-month", mention.event_type, mention.date_start.year, mention.date_start.month))
        for actor in sorted(mention.actors)[:3]:
            keys.append(("type-actor", mention.event_type, actor))
    return keys


def cluster_base(founder_event_id: str) -> str:
    """The id a cluster founded by this event gets, unless taken (then with "-2", "-3"...)."""
    return "c" + hashlib.sha1(founder_event_id.encode("utf-8")).hexdigest()[:16]


def story_base(doc_id: str) -> str:
    """The id a story founded by this document gets, unless taken (then with "x" appended)."""
    return "s" + hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[:16]


def cluster_id_for(founder_event_id: str, taken: set[str] | dict) -> str:
    base = cluster_base(founder_event_id)
    cluster_id, n = base, 1
    while cluster_id in taken:
        n += 1
        cluster_id = f"{base}-{n}"
    return cluster_id


@dataclass
class Placement:
    event_id: str
    cluster_id: str
    similarity: float
    linked_to: str | None
    match: Match | None = None


@dataclass
class _Cluster:
    size: int = 0
    day_range: tuple[int, int] | None = None


def _keep_last(items: list, n: int) -> None:
    # Trimmed in steps, so appending stays amortised O(1); only items[-n:] is ever read.
    if len(items) > 2 * n:
        del items[:-n]


class Clusterer:
    """Holds the clusters seen so far and places new mentions into them."""

    def __init__(self, threshold: float = THRESHOLD, scan: int = SCAN_PER_BLOCK, linkage: str = "single"):
        self.threshold = threshold
        self.scan = scan
        self.linkage = linkage
        # Skip the documents' cosine where a pair cannot reach the threshold with it (place); off only
        # to check that it changes nothing.
        self.prune = True
        self.clusters: dict[str, _Cluster] = {}
        self._blocks: dict[tuple, list[ClusterMention]] = defaultdict(list)
        self._doc_vectors: dict[str, dict[str, float]] = {}
        self.stories: dict[str, str] = {}                      # doc_id -> story_id
        self._story_docs: dict[str, list[str]] = defaultdict(list)
        self._term_docs: dict[str, list[str]] = defaultdict(list)
        # Σ of the vectors of a story's last STORY_SAMPLE documents, built when first needed and dropped
        # when a document joins the story. Vectors have unit length, so the mean cosine of a document
        # with the sample is one dot product with this sum: 100k documents made story_of 46% of the
        # load when it took up to 8 x 40 candidate stories x 30 cosines per document.
        self._story_sums: dict[str, dict[str, float]] = {}
        # The similarities of the document being placed to the others its mentions meet: its mentions
        # are placed one after another (placement_order), so one document's worth is all that is reused.
        # It replaces a cache of every pair, which filled its 2 million entries at 100k documents.
        self._similar_to: tuple[str | None, dict[str, float]] = (None, {})
        self.taken: set[str] = set()                           # cluster ids in use, here or in the warehouse
        self.taken_stories: set[str] = set()                   # story ids in use in the warehouse, not read

    def set_document_vectors(self, vectors: dict[str, dict[str, float]],
                             stories: dict[str, str] | None = None) -> None:
        """Documents' tf-idf vectors, and the stories that earlier runs put them in."""
        self._doc_vectors.update(vectors)
        self._story_sums.clear()
        self._similar_to = (None, {})
        for doc_id, story_id in sorted((stories or {}).items()):
            self._join_story(doc_id, story_id)

    def _top_terms(self, doc_id: str) -> list[str]:
        vector = self._doc_vectors.get(doc_id, {})
        return sorted(vector, key=lambda t: -vector[t])[:STORY_TERMS]

    def _join_story(self, doc_id: str, story_id: str) -> None:
        self.stories[doc_id] = story_id
        self._story_sums.pop(story_id, None)
        docs = self._story_docs[story_id]
        docs.append(doc_id)
        _keep_last(docs, STORY_SAMPLE)
        for term in self._top_terms(doc_id):
            docs = self._term_docs[term]
            docs.append(doc_id)
            _keep_last(docs, STORY_TERM_SCAN)

    def story_of(self, doc_id: str) -> str:
        """The story of a document, found (or founded) on first sight."""
        story = self.stories.get(doc_id)
        if story is not None:
            return story
        candidates = {self.stories[other] for term in self._top_terms(doc_id)
                      for other in self._term_docs.get(term, ())[-STORY_TERM_SCAN:]}
        best, best_score = None, STORY_THRESHOLD
        vector = self._doc_vectors.get(doc_id, {})
        for story_id in sorted(candidates):
            # cosine() is the sparse dot product (the vectors have unit length); here with the sum.
            score = cosine(vector, self._story_sum(story_id)) / min(len(self._story_docs[story_id]), STORY_SAMPLE)
            if score >= best_score:
                best, best_score = story_id, score
        if best is None:
            best = story_base(doc_id)
            while best in self._story_docs or best in self.taken_stories:
                best += "x"
        self._join_story(doc_id, best)
        return best

    def _story_sum(self, story_id: str) -> dict[str, float]:
        total = self._story_sums.get(story_id)
        if total is None:
            total = {}
            for other in self._story_docs[story_id][-STORY_SAMPLE:]:
                for term, weight in self._doc_vectors.get(other, {}).items():
                    total[term] = total.get(term, 0.0) + weight
            self._story_sums[story_id] = total
        return total

    def document_similarity(self, a: str, b: str) -> float:
        if a == b:
            return 1.0
        anchor, known = self._similar_to
        if anchor != a:
            anchor, known = a, {}
            self._similar_to = (a, known)
        value = known.get(b)
        if value is None:
            value = known[b] = cosine(self._doc_vectors.get(a, {}), self._doc_vectors.get(b, {}))
        return value

    def _admit(self, mention: ClusterMention, cluster_id: str) -> None:
        cluster = self.clusters.get(cluster_id)
        if cluster is None:
            cluster = self.clusters[cluster_id] = _Cluster()
            self.taken.add(cluster_id)
        cluster.size += 1
        mention.cluster_id = cluster_id
        own = mention.day_range
        if own is not None:
            if cluster.day_range is None:
                cluster.day_range = own
            else:
                cluster.day_range = (max(cluster.day_range[0], own[0]), min(cluster.day_range[1], own[1]))
        for key in blocking_keys(mention):
            block = self._blocks[key]
            block.append(mention)
            _keep_last(block, self.scan)

    def add_existing(self, mentions: Iterable[ClusterMention],
                     clusters: dict[str, tuple[int, tuple[int, int] | None]] | None = None,
                     taken: Iterable[str] = ()) -> None:
        """Mentions placed by earlier runs (each with its cluster_id), in the order they were read.

        `clusters` gives the size and day range of whole clusters when only some of their members are
        given (store reads only the members that new mentions can reach); `taken`, cluster ids in use
        that no given member holds.
        """
        for mention in mentions:
            assert mention.cluster_id is not None
            self._admit(mention, mention.cluster_id)
        for cluster_id, (size, day_range) in (clusters or {}).items():
            cluster = self.clusters.setdefault(cluster_id, _Cluster())
            cluster.size, cluster.day_range = size, day_range
            self.taken.add(cluster_id)
        self.taken.update(taken)

    def place(self, mention: ClusterMention) -> Placement:
        """Put one new mention into its best cluster (or a new one) and say why."""
        best: dict[str, tuple[float, ClusterMention]] = {}
        sums: dict[str, list[float]] = defaultdict(list)
        seen: set[int] = set()
        own_range = mention.day_range
        doc_id = mention.doc_id
        story = self.story_of(doc_id)
        stories = self.stories
        clusters = self.clusters
        same_story: dict[str, bool] = {}   # other doc_id -> in this mention's story
        # With single linkage only a pair that reaches the threshold can matter, so the documents'
        # cosine (the costliest feature) is computed only for pairs that could reach it with it:
        # the score without it, plus its weight at most. Average linkage sums every pair.
        prune = self.prune and self.linkage == "single"
        reach = self.threshold - WEIGHTS["document"] - 1e-9
        for key in blocking_keys(mention):
            block = self._blocks.get(key)
            if not block:
                continue
            for other in block[-self.scan:]:
                if id(other) in seen:
                    continue
                seen.add(id(other))
                cluster_id = other.cluster_id
                if ranges_agree(own_range, clusters[cluster_id].day_range) is False:
                    continue
                together = same_story.get(other.doc_id)
                if together is None:
                    together = same_story[other.doc_id] = stories.get(other.doc_id) == story
                values = pair_values(mention, other, 0.0, together)
                if values is None or prune and score_of(values) < reach:
                    continue
                score = score_of(values, self.document_similarity(doc_id, other.doc_id))
                sums[cluster_id].append(score)
                if cluster_id not in best or score > best[cluster_id][0]:
                    best[cluster_id] = (score, other)
        chosen, chosen_score = None, self.threshold
        for cluster_id, (score, _) in best.items():
            if self.linkage == "average":
                size = self.clusters[cluster_id].size
                score = sum(sums[cluster_id]) / max(size, len(sums[cluster_id]))
            if score >= chosen_score and (chosen is None or score > chosen_score or cluster_id < chosen):
                chosen, chosen_score = cluster_id, score
        if chosen is None:
            cluster_id = cluster_id_for(mention.event_id, self.taken)
            self._admit(mention, cluster_id)
            return Placement(mention.event_id, cluster_id, 1.0, None)
        score, other = best[chosen]
        # The explanation only for the link that was made: building it for every candidate doubled the time.
        match = compare(mention, other, self.document_similarity(mention.doc_id, other.doc_id),
                        stories.get(other.doc_id) == story)
        self._admit(mention, chosen)
        return Placement(mention.event_id, chosen, round(score, 4), other.event_id, match)

    def place_all(self, mentions: Iterable[ClusterMention]) -> list[Placement]:
        """Place new mentions in a stable order: by publication date, document, position."""
        return [self.place(m) for m in placement_order(mentions)]


def placement_order(mentions: Iterable[ClusterMention]) -> list[ClusterMention]:
    """The order new mentions are placed in: by publication date, document, position."""
    return sorted(mentions, key=lambda m: (m.published is None, m.published or date.min, m.doc_id, m.position))
