"""What the clustering knows of one event mention: a small, hashable summary of an `events` row.

Everything that clustering compares is reduced here, once per mention, to integers and frozensets, so
that comparing two mentions is a handful of set operations (100,000 mentions must cluster in seconds).
"""
from __future__ import annotations

import math
import re
from sys import intern
from collections import Counter
from functools import lru_cache
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

__all__ = ["ClusterMention", "content_terms", "document_terms", "document_vector", "cosine", "date_is_firm", "REPORTING_MODALITIES"]

# A member "counts as a report" that the event happens when it is positive and one of these.
REPORTING_MODALITIES = frozenset({"asserted", "reported", "future"})

_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]+")
# Function words and the words of news furniture: they say nothing about which happening it is.
_STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having
he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
nor not now of off on once only or other our ours out over own same she should so some such than that the
their theirs them themselves then there these they this those through to too under until up very was we
were what when where which while who whom why will with would you your yours said says say told according
news report reported reports reporting story article year years month day days week weeks time today
yesterday monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december mr mrs ms one two three new first last people s t don
""".split())


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    # A light, order-free stem: plural and verb endings, so "strikes"/"striking" and "talks"/"talk" meet.
    # It is only compared with other stems, never shown.
    for suffix in ("ings", "ing", "ies", "ied", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


# Sentences repeat: a sentence with five events is five mentions, and wires repeat sentences.
@lru_cache(maxsize=1 << 14)
def content_terms(text: str) -> frozenset[str]:
    """Stems of the content words of a sentence."""
    return frozenset(_stem(w) for w in (m.group().lower() for m in _WORD.finditer(text)) if w not in _STOPWORDS)


def _term_counts(text: str) -> Counter[str]:
    # Names count double: two reports of one happening share its people and places more surely than
    # its verbs.
    counts: Counter[str] = Counter()
    for match in _WORD.finditer(text):
        word = match.group()
        lower = word.lower()
        if lower not in _STOPWORDS:
            counts[_stem(lower)] += 2 if word[0].isupper() else 1
    return counts


def document_vector(text: str, document_frequency: Mapping[str, int], n_documents: int,
                    k: int = 100) -> dict[str, float]:
    """What a document is about: its k strongest terms by tf-idf, as a unit vector (term -> weight).

    Measured on ECB+: the cosine of two such vectors is 0.33 (median) for two articles on one happening,
    0.12 for two on another happening of the same kind, 0.01 for unrelated ones. Keyword overlap
    without idf separated those far less (0.15, 0.06, 0.0).
    """
    counts = _term_counts(text)
    weights = {t: (1.0 + math.log(n)) * (1.0 + math.log((1 + n_documents) / (1 + document_frequency.get(t, 0))))
               for t, n in counts.items()}
    top = sorted(weights, key=lambda t: (-weights[t], t))[:k]
    norm = math.sqrt(sum(weights[t] ** 2 for t in top)) or 1.0
    return {t: weights[t] / norm for t in top if weights[t] > 0}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    # The shared terms first (a C-level set intersection): two documents share few of their 100.
    shared = a.keys() & b.keys()
    return sum(a[t] * b[t] for t in shared) if shared else 0.0


def document_terms(text: str) -> set[str]:
    """The distinct stems of a document, for collection frequencies."""
    return {_stem(w) for w in (m.group().lower() for m in _WORD.finditer(text)) if w not in _STOPWORDS}


FIRM_PUBLICATION = {"metadata"}


# A day of a named month ("February 24", "24 Feb."): only the year can have come from the document date.
_MONTH_DAY = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
                        r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.IGNORECASE)


_EMPTY: frozenset[str] = frozenset()


def _frozen(values: Iterable[str]) -> frozenset[str]:
    found = frozenset(intern(v) for v in values if v)
    return found if found else _EMPTY


def date_is_firm(anchor: str | None, published_source: str | None = None, text: str | None = None) -> bool:
    """Whether a governing date is sure enough to keep two mentions apart when they disagree.

    A date written out in full ("24 February 2022") or counted from one written out ("two days later")
    is; one counted from the document date ("on Friday") is only when that date came with the article,
    not when we inferred it, except a day of a named month ("February 24"), which takes only its year
    from the document (on ECB+ that exception changed test CoNLL F1 by -0.0008). The same rule is the
    SQL macro date_is_firm (sql/schema/007_event_clusters.sql). Measured on ECB+ (no publication dates): with every text date as a veto,
    CoNLL F1 on the development topics fell from 0.740 to 0.706.
    """
    if anchor in ("explicit", "previous") or (anchor == "document" and published_source in FIRM_PUBLICATION):
        return True
    return anchor == "document" and bool(text) and bool(_MONTH_DAY.search(text))


@dataclass(eq=False, slots=True)
class ClusterMention:
    """One event mention as the clustering sees it."""

    event_id: str
    doc_id: str
    lemma: str
    event_type: str = "other"
    event_class: str = "occurrence"
    modality: str = "asserted"
    polarity: str = "positive"
    # Only firm text dates (date_is_firm): a publication-dated event has no date of its own.
    date_start: date | None = None
    date_end: date | None = None
    granularity: str | None = None
    actors: frozenset[str] = frozenset()     # canonical names (or lower-cased text where unresolved)
    countries: frozenset[str] = frozenset()  # ISO alpha-3 of its actors and places
    places: frozenset[str] = frozenset()
    sentence: str = ""
    sentence_terms: frozenset[str] = frozenset()
    sentence_key: str = ""                  # normalised sentence: equal keys in two documents = one copy
    published: date | None = None
    position: int = 0                        # trigger offset, for order within a document
    cluster_id: str | None = None
    # Computed once, read in the clusterer's inner loop: the date as day ordinals, the blocking keys.
    day_range: tuple[int, int] | None = field(default=None, init=False, repr=False)
    keys: list[tuple] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.date_start is not None and self.date_end is not None:
            self.day_range = (self.date_start.toordinal(), self.date_end.toordinal())

    @property
    def counts_as_report(self) -> bool:
        return self.polarity == "positive" and self.modality in REPORTING_MODALITIES

    @classmethod
    def from_row(cls, row: Mapping, actors: Iterable[str] = (), countries: Iterable[str] = (),
                 places: Iterable[str] = (), sentence_parts: tuple[frozenset[str], str] | None = None
                 ) -> ClusterMention:
        """From an `events` row (a mapping of its columns) and its actors and places.

        `sentence_parts`: the (terms, key) of this row's sentence when already computed for another event.
        """
        text_dated = row.get("date_basis") == "text" and date_is_firm(
            row.get("date_anchor"), row.get("published_source"), row.get("date_text"))
        if sentence_parts is None:
            sentence = row.get("sentence") or ""
            sentence_parts = (content_terms(sentence), " ".join(sentence.lower().split()))
        granularity = row.get("granularity") if text_dated else None
        # A load holds every mention its blocks still reach (most of them, at 10,000 documents 2 GB):
        # each row's copies of the same few words are interned and an empty set is the one empty set,
        # which took a mention from 1.8 to 0.9 KB (objects counted by sys.getsizeof).
        return cls(
            event_id=row["event_id"], doc_id=intern(row["doc_id"]),
            lemma=intern(row.get("trigger_lemma") or (row.get("trigger_text") or "").lower()),
            event_type=intern(row.get("event_type") or "other"),
            event_class=intern(row.get("event_class") or "occurrence"),
            modality=intern(row.get("modality") or "asserted"), polarity=intern(row.get("polarity") or "positive"),
            date_start=row.get("event_date_start") if text_dated else None,
            date_end=row.get("event_date_end") if text_dated else None,
            granularity=intern(granularity) if granularity else None,
            actors=_frozen(actors), countries=_frozen(countries),
            # The sentence itself is not kept: only its terms and key are compared.
            places=_frozen(places),
            sentence_terms=sentence_parts[0], sentence_key=sentence_parts[1],
            published=row.get("published_date"), position=row.get("trigger_start") or 0,
            cluster_id=row.get("cluster_id"),
        )
