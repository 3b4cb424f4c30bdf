"""Event triggers: which words name an event, and their TimeML class.

An averaged perceptron over word features (the word, its affixes and shape, its neighbours, and which
parts of speech lemminflect's dictionary allows it) labels each token O or one of the seven TimeML
classes. It was trained by `scripts/train_trigger_model.py` on TimeML news (AQUAINT and two thirds of
TimeBank; the other third is held out for evaluation, and the model file names it). We chose a linear
model over spaCy's parser because it runs at news-corpus speed (no parse) and TimeML's notion of an
event (verbs, event nouns, some adjectives) is lexical enough that word context carries most of it.
"""
from __future__ import annotations

import gzip
import json
import os
from functools import cache, lru_cache
from itertools import chain
from pathlib import Path

import numpy as np
from lemminflect import getAllLemmas

from pipeline import budget

from .model import Token, Trigger
from .sentence_tokens import TokenIndex
from .tokens import tokenize

__all__ = ["find_triggers", "token_features", "load_model", "MODEL_PATH", "TriggerModel", "lemma_of",
           "event_nouns", "EVENT_NOUNS_PATH"]

MODEL_PATH = Path(__file__).parent / "data" / "trigger_model.json.gz"
EVENT_NOUNS_PATH = Path(__file__).parent / "data" / "event_nouns.txt"

_BE = frozenset({"be", "is", "are", "was", "were", "been", "being", "am", "'s", "’s", "'re", "’re"})
_GET = frozenset({"get", "got", "gets", "gotten", "getting"})
_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "these", "those", "its", "his", "her", "their",
                          "our", "my", "your", "no", "any", "some", "every", "each", "another", "such"})


@lru_cache(maxsize=20_000)
def _all_lemmas(lower: str) -> dict[str, tuple[str, ...]]:
    """lemminflect's `getAllLemmas(lower)`, once per word: it deep-copies its tables on every call, and
    _pos_classes, _any_lemma and lemma_of all ask, about the same word at about the same time (each
    keeps its own cache of its answer, so this one stays small). Callers must not change the dictionary."""
    return getAllLemmas(lower)


@lru_cache(maxsize=200_000)
def _pos_classes(lower: str) -> str:
    """Which open-class parts of speech the dictionary allows for a word: e.g. 'NV' for 'attack'."""
    lemmas = _all_lemmas(lower)
    return "".join(code for code, upos in (("N", "NOUN"), ("V", "VERB"), ("A", "ADJ")) if upos in lemmas) or "-"


def _shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if word[:1].isupper():
        return "X" if word.isupper() and len(word) > 1 else "Xx"
    if word.isalpha():
        return "x"
    return "p" if not any(c.isalnum() for c in word) else "m"


def token_features(tokens: list[Token], i: int) -> list[str]:
    """The features of token i; the training script and the tagger share this function."""
    w = tokens[i].lower
    prev1 = tokens[i - 1].lower if i > 0 else "<s>"
    prev2 = tokens[i - 2].lower if i > 1 else "<s>"
    next1 = tokens[i + 1].lower if i + 1 < len(tokens) else "</s>"
    next2 = tokens[i + 2].lower if i + 2 < len(tokens) else "</s>"
    return [*_word_features(w), "sh=" + _shape(tokens[i].text), *_left1_features(prev1), "w-2=" + prev2,
            *_right1_features(next1), "w+2=" + next2, "w-1w=" + prev1 + "|" + w, "ww+1=" + w + "|" + next1,
            "pos-1pos=" + _pos_classes(prev1) + _pos_classes(w)]


_N_FEATURES = 8 + 1 + 3 + 1 + 2 + 1 + 3  # word, shape, left, w-2, right, w+2, three pairs


@lru_cache(maxsize=200_000)
def _word_features(w: str) -> tuple[str, ...]:
    return ("b", "w=" + w, "s4=" + w[-4:], "s3=" + w[-3:], "s2=" + w[-2:], "p3=" + w[:3],
            "pos=" + _pos_classes(w), "lem=" + _any_lemma(w))


@lru_cache(maxsize=200_000)
def _left1_features(prev1: str) -> tuple[str, ...]:
    return ("w-1=" + prev1, "s-1=" + prev1[-2:], "pos-1=" + _pos_classes(prev1))


@lru_cache(maxsize=200_000)
def _right1_features(next1: str) -> tuple[str, ...]:
    return ("w+1=" + next1, "pos+1=" + _pos_classes(next1))


@lru_cache(maxsize=200_000)
def _any_lemma(lower: str) -> str:
    lemmas = _all_lemmas(lower)
    for upos in ("VERB", "NOUN", "ADJ"):
        if upos in lemmas:
            return lemmas[upos][0].lower()
    return lower


_CHUNK_ROWS = 8192
# Word pairs are many more than words: their caches stay smaller (about 15 MB each at most), so that a
# 100k-document run holds no more of them than a 10k one.
_PAIRS_KEPT = 100_000


class TriggerModel:
    """Weights of an averaged perceptron: one row of per-class weights for each feature."""

    def __init__(self, classes: list[str], weights: dict[str, list[float]], meta: dict):
        self.classes = classes
        self.meta = meta
        self.feature_ids = {feature: k + 1 for k, feature in enumerate(weights)}
        # Row 0 is all zeros: the id of every feature the model never saw.
        self.matrix = np.zeros((len(weights) + 1, len(classes)), dtype=np.float32)
        if weights:
            self.matrix[1:] = np.asarray(list(weights.values()), dtype=np.float32)
        self.skip_words = frozenset(meta.get("never_events", ()))
        self._word_ids: dict[str, tuple[int, ...]] = {}
        self._left_ids: dict[str, tuple[int, ...]] = {}
        self._right_ids: dict[str, tuple[int, ...]] = {}
        # The other features' ids, by the words (or the pair of words) they are made of.
        self._shape_ids: dict[str, int] = {}
        self._far_left_ids: dict[str, int] = {}
        self._far_right_ids: dict[str, int] = {}
        self._pair_left_ids: dict[tuple[str, str], tuple[int, int]] = {}
        self._pair_right_ids: dict[tuple[str, str], int] = {}

    def scores(self, features: list[str]) -> list[float]:
        ids = [self.feature_ids.get(f, 0) for f in features]
        return self.matrix[ids].sum(axis=0).tolist()

    def predict_many(self, sentences: list[tuple[list[Token], list[int]]]) -> tuple[list[int], np.ndarray]:
        """Best class index and its confidence for each (sentence tokens, positions) pair's tokens, in
        order, scored in one array pass for the whole document.

        The same features as `token_features`, looked up as ids through per-word caches: most of a
        document's words were seen before, so a token costs a few dictionary lookups.
        """
        get = self.feature_ids.get
        word_ids, left_ids, right_ids = self._word_ids, self._left_ids, self._right_ids
        shape_ids, far_left_ids, far_right_ids = self._shape_ids, self._far_left_ids, self._far_right_ids
        pair_left_ids, pair_right_ids = self._pair_left_ids, self._pair_right_ids
        rows = []
        for tokens, positions in sentences:
            n = len(tokens)
            for i in positions:
                token = tokens[i]
                w = token.lower
                prev1 = tokens[i - 1].lower if i > 0 else "<s>"
                prev2 = tokens[i - 2].lower if i > 1 else "<s>"
                next1 = tokens[i + 1].lower if i + 1 < n else "</s>"
                next2 = tokens[i + 2].lower if i + 2 < n else "</s>"
                wid = word_ids.get(w) or self._cache(word_ids, w, _word_features(w))
                lid = left_ids.get(prev1) or self._cache(left_ids, prev1, _left1_features(prev1))
                rid = right_ids.get(next1) or self._cache(right_ids, next1, _right1_features(next1))
                sid = shape_ids.get(token.text)
                if sid is None:
                    sid = self._remember(shape_ids, token.text, get("sh=" + _shape(token.text), 0))
                p2 = far_left_ids.get(prev2)
                if p2 is None:
                    p2 = self._remember(far_left_ids, prev2, get("w-2=" + prev2, 0))
                n2 = far_right_ids.get(next2)
                if n2 is None:
                    n2 = self._remember(far_right_ids, next2, get("w+2=" + next2, 0))
                pl = pair_left_ids.get((prev1, w))
                if pl is None:
                    pl = self._remember(pair_left_ids, (prev1, w), (
                        get("w-1w=" + prev1 + "|" + w, 0), get("pos-1pos=" + _pos_classes(prev1) + _pos_classes(w), 0)),
                        _PAIRS_KEPT)
                pr = pair_right_ids.get((w, next1))
                if pr is None:
                    pr = self._remember(pair_right_ids, (w, next1), get("ww+1=" + w + "|" + next1, 0), _PAIRS_KEPT)
                rows.append((*wid, sid, *lid, p2, *rid, n2, pl[0], pr, pl[1]))
        if not rows:
            return [], np.zeros(0), [], np.zeros(0)
        width = len(rows[0])
        ids = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=len(rows) * width).reshape(len(rows), width)
        del rows
        # Summed in chunks: the gathered weights are (rows x features x classes) floats, 60 MB for the
        # 100,000 candidate words of a 1 MB document if taken at once.
        totals = np.concatenate([self._chunk_totals(ids[k:k + _CHUNK_ROWS]) for k in range(0, len(ids), _CHUNK_ROWS)])
        best = totals.argmax(axis=1)
        top2 = np.partition(totals, -2, axis=1)[:, -2:]
        confidence = np.minimum(1.0, 0.5 + np.abs(top2[:, 1] - top2[:, 0]) / 20.0)
        # The best event class and how far it trails "not an event", for lexicon words.
        best_event = totals[:, 1:].argmax(axis=1) + 1
        gap = totals[:, 0] - totals[np.arange(len(ids)), best_event]
        return best.tolist(), confidence, best_event.tolist(), gap

    def _chunk_totals(self, ids: np.ndarray) -> np.ndarray:
        budget.check("event triggers")
        return self.matrix[ids].sum(axis=1)

    @staticmethod
    def _remember(table: dict, key, value, limit: int = 500_000):
        if len(table) > limit:  # bound memory over a long run of unseen words
            table.clear()
        table[key] = value
        return value

    def _cache(self, table: dict, key: str, features: tuple[str, ...]) -> tuple[int, ...]:
        if len(table) > 500_000:  # bound memory over a long run of unseen words
            table.clear()
        ids = tuple(self.feature_ids.get(f, 0) for f in features)
        table[key] = ids
        return ids


@cache
def load_model(path: str = str(MODEL_PATH)) -> TriggerModel:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    return TriggerModel(data["classes"], data["weights"], data.get("meta", {}))


@cache
def _event_nouns(paths: tuple[Path, ...]) -> frozenset[str]:
    nouns: set[str] = set()
    for path in paths:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise ValueError(f"cannot read the event nouns file {path}: {exc}") from exc
        nouns.update(w.strip().lower() for w in lines if w.strip() and not w.lstrip().startswith("#"))
    return frozenset(nouns)


def event_nouns() -> frozenset[str]:
    """Nouns that are triggers wherever they stand as nouns (data/event_nouns.txt, plus the file named
    by DATEWIRE_EVENT_NOUNS)."""
    extra = os.environ.get("DATEWIRE_EVENT_NOUNS")
    return _event_nouns((EVENT_NOUNS_PATH, Path(extra)) if extra else (EVENT_NOUNS_PATH,))


@lru_cache(maxsize=200_000)
def lemma_of(lower: str, pos: str) -> str:
    upos = {"VERB": "VERB", "NOUN": "NOUN", "ADJ": "ADJ"}.get(pos, "VERB")
    # getAllLemmas(lower, upos=upos) is the entry for upos of getAllLemmas(lower), alone.
    lemmas = _all_lemmas(lower)
    if upos in lemmas:
        return lemmas[upos][0].lower()
    for candidate in ("VERB", "NOUN", "ADJ"):
        if candidate in lemmas:
            return lemmas[candidate][0].lower()
    return lower


def _pos_of(tokens: list[Token], i: int) -> str:
    allowed = _pos_classes(tokens[i].lower)
    prev1 = tokens[i - 1].lower if i > 0 else ""
    after_modifier = prev1 in _DETERMINERS or _pos_classes(prev1) == "A" or prev1.endswith(("'s", "’s"))
    if "V" in allowed and ("N" not in allowed or not after_modifier):
        return "VERB"
    if "N" in allowed:
        return "NOUN"
    if "A" in allowed:
        return "ADJ"
    return "OTHER"


# Before these a word that can be a noun or a verb is the verb: "they fire him", "to crash", "will flood".
_BEFORE_VERBS = frozenset({"to", "will", "would", "can", "could", "may", "might", "must", "should", "shall", "they",
                           "we", "i", "you", "he", "she", "it", "who", "not", "n't", "did", "do", "does", "'ll",
                           "never", "cannot"})


def _stands_as_noun(tokens: list[Token], i: int) -> bool:
    """Whether a word of the event-noun list stands as a noun here: wherever the word before it does not
    make it a verb ("they fire him"). A listed word is a noun in headlines too ("Fire destroys depot")."""
    classes = _pos_classes(tokens[i].lower)
    if classes == "-" or "V" not in classes:  # "heist", "earthquake": the list says it is a noun
        return True
    return i == 0 or tokens[i - 1].lower not in _BEFORE_VERBS


def _is_passive(tokens: list[Token], i: int, pos: str) -> bool:
    if pos != "VERB":
        return False
    word = tokens[i].lower
    if word.endswith("ing") or lemma_of(word, "VERB") == word:
        return False
    for j in range(i - 1, max(-1, i - 4), -1):
        lower = tokens[j].lower
        if lower in _BE or lower in _GET:
            return True
        if lower not in ("not", "n't", "never", "also", "already", "reportedly", "being", "been", "just"):
            return False
    return False


# How far the model may lean towards "not an event" and still be overruled for a word of the event
# taxonomy: TimeML news underrepresents the vocabulary of conflict and politics, which our users need
# most. Fixed a priori at about half a typical "O" score. A taxonomy word the model never saw in
# training ("referendum", "boycott") is a trigger whatever the model says: it has no evidence either way.
LEXICON_MARGIN = 8.0


class _Listed(dict):
    """word -> (is it a listed event noun as a noun, is its lemma in the taxonomy lexicon), for one pair
    of word lists: `lemma_of` and `_any_lemma` once per word rather than once per token."""

    def __init__(self, nouns: frozenset[str], lexicon: frozenset[str]):
        super().__init__()
        self.nouns, self.lexicon = nouns, lexicon

    def add(self, word: str) -> tuple[bool, bool]:
        if len(self) > 200_000:
            self.clear()
        value = self[word] = (bool(self.nouns) and lemma_of(word, "NOUN") in self.nouns,
                              bool(self.lexicon) and _any_lemma(word) in self.lexicon)
        return value


_listed_cache: list[_Listed] = []


def _listed_words(nouns: frozenset[str], lexicon: frozenset[str]) -> _Listed:
    for listed in _listed_cache:
        if listed.nouns is nouns and listed.lexicon is lexicon:
            return listed
    listed = _Listed(nouns, lexicon)
    _listed_cache[:] = [*_listed_cache[-3:], listed]
    return listed


def find_triggers(text: str, sentence_spans: list[tuple[int, int]], model: TriggerModel | None = None,
                  tokens_of: dict[tuple[int, int], list[Token]] | None = None,
                  lexicon: frozenset[str] = frozenset(), nouns: frozenset[str] = frozenset(),
                  tokens: TokenIndex | None = None) -> list[Trigger]:
    """The event triggers of the given sentences, in text order. `tokens_of`, when given, receives each
    sentence's tokens, so later steps need not tokenise again. A word whose lemma is in `lexicon` (the
    event taxonomy) is a trigger unless the model is sure it is not (LEXICON_MARGIN). A word standing as
    a noun whose lemma is in `nouns` (`event_nouns()`) is a trigger whatever the model says. `tokens`, the
    document's shared TokenIndex, tokenises each sentence once for every layer."""
    index = tokens
    model = model or load_model()
    skip = model.skip_words
    batch: list[tuple[list[Token], list[int]]] = []
    spans: list[tuple[int, int]] = []
    for sentence in sentence_spans:
        budget.check("event triggers")
        tokens = index.tokens(*sentence) if index is not None else tokenize(text, *sentence)
        if tokens_of is not None:
            tokens_of[sentence] = tokens
        # Scored: words that start with a letter, are not in the never-an-event list, and are not a
        # capitalised name inside the sentence that no dictionary knows as a verb or noun.
        candidates = [i for i, token in enumerate(tokens)
                      if token.lower[0].isalpha() and token.lower not in skip
                      and not (i and token.text[0].isupper() and _pos_classes(token.lower) in ("-", "A"))]
        if candidates:
            batch.append((tokens, candidates))
            spans.append(sentence)
    best, confidence, best_event, gap = model.predict_many(batch)
    confidences, gaps = confidence.tolist(), gap.tolist()  # plain floats: indexing an array per token is slow
    listed = _listed_words(nouns, lexicon)
    classes, feature_ids = model.classes, model.feature_ids
    triggers: list[Trigger] = []
    k = 0
    for (tokens, candidates), sentence in zip(batch, spans):
        for i in candidates:
            label = classes[best[k]]
            score = confidences[k]
            token = tokens[i]
            as_noun = False
            if label == "O":
                noun, in_lexicon = listed.get(token.lower) or listed.add(token.lower)
            if label == "O" and noun and _stands_as_noun(tokens, i):
                label, score, as_noun = "occurrence", 0.5, True
            elif label == "O":
                if not in_lexicon or (gaps[k] >= LEXICON_MARGIN and ("w=" + token.lower) in feature_ids):
                    k += 1
                    continue
                label = model.classes[best_event[k]]
                score = max(0.05, min(0.5, 0.5 - gap[k] / (4 * LEXICON_MARGIN)))
            k += 1
            pos = "NOUN" if as_noun else _pos_of(tokens, i)
            triggers.append(Trigger(
                start=token.start, end=token.end, text=token.text, lemma=lemma_of(token.lower, pos), pos=pos,
                event_class=label, sentence=sentence, passive=_is_passive(tokens, i, pos),
                confidence=round(float(score), 3),
            ))
    return triggers
