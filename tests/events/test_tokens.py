"""The tokenizer's fast path and the shared sentence-token index (pipeline.events.sentence_tokens)."""
import random

from pipeline.events.actors import actors_for_event, find_actors
from pipeline.events.clauses import segment_ids
from pipeline.events.model import Token
from pipeline.events.places import find_places
from pipeline.events.records import extract_events
from pipeline.events.sentence_tokens import TokenIndex
from pipeline.events.tokens import WORD, tokenize
from pipeline.sentences import sentence_spans

TEXT = ("The U.S. envoy didn't meet Mr. O'Brien in Paris on Monday; the cease-fire talks, which Hungarian and "
        "Romanian officials can't attend, resumed in Minsk. “We won’t join the war,” the Belarusian leader said. "
        "AT&T and U.N.-backed forces left Kyiv at 5 a.m. Prime Minister Jan Novak said they couldn't stay.")


def _reference(text, start=0, end=None):
    """Tokens straight from WORD, the pattern's definition of a token."""
    end = len(text) if end is None else end
    return [Token(m.start(), m.end(), m.group(), m.group().lower()) for m in WORD.finditer(text, start, end)]


def test_tokenize_gives_the_tokens_of_the_word_pattern():
    assert tokenize(TEXT) == _reference(TEXT)
    words = [t.text for t in tokenize(TEXT)]
    assert words[:6] == ["The", "U.S.", "envoy", "did", "n't", "meet"]
    assert "O'Brien" in words and "cease-fire" in words and "AT&T" in words and "U.N." in words
    assert "wo" in words and "n’t" in words


def test_tokenize_agrees_with_the_pattern_on_generated_strings_and_windows():
    rnd = random.Random(8)
    pieces = ["a", "A", "n", "N", "t", "T", ".", "'", "’", "-", "&", ",", " ", "\n", "\t", "é", "Σ", "1", "_",
              "n't", "N'T", "U.S.", "did", "Mr.", " "]
    for _ in range(20_000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12)))
        a, b = sorted((rnd.randint(0, len(text)), rnd.randint(0, len(text))))
        assert tokenize(text, a, b) == _reference(text, a, b), (text, a, b)


def test_token_index_tokenises_each_sentence_once_and_derives_the_rest():
    index = TokenIndex(TEXT)
    spans = sentence_spans(TEXT)
    for start, end in spans:
        sentence = index.sentence(start, end)
        assert index.sentence(start, end) is sentence  # shared, not rebuilt
        assert sentence.tokens == tokenize(TEXT, start, end)
        assert sentence.segments == segment_ids(sentence.tokens)
        assert all(sentence.tokens[k].start == offset for offset, k in sentence.index.items())
        for offset in range(start, end + 2):
            first_after = next((k for k, t in enumerate(sentence.tokens) if t.end > offset), len(sentence.tokens) - 1)
            assert sentence.at(offset) == first_after
    assert len(index) == len(spans)


def test_layers_give_the_same_results_with_and_without_the_shared_index():
    spans = sentence_spans(TEXT)
    index = TokenIndex(TEXT)
    actors = find_actors(TEXT, spans, tokens=index)
    assert actors == find_actors(TEXT, spans)
    assert {a.canonical_name for a in actors} >= {"Hungarian officials", "Romanian officials", "United Nations",
                                                  "Belarusian leader"}
    places = find_places(TEXT, spans, actors, tokens=index)
    assert places == find_places(TEXT, spans, actors)
    assert [p.name for p in places] == ["Paris", "Minsk", "Kyiv"]
    events = extract_events(TEXT)
    assert events
    for event in events:
        assert (actors_for_event(event.trigger, TEXT, actors, index)
                == actors_for_event(event.trigger, TEXT, actors))


def test_words_after_a_token_are_those_of_tokenising_the_window_after_it():
    rnd = random.Random(11)
    pieces = ["word", "U.S.", "didn't", "cease-fire", ",", " ", " ", "\u00a0", "\x1c", "\n", "x.Y.", "’", "Mr."]
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 30)))
        index = TokenIndex(text)
        start, end = sorted((rnd.randint(0, len(text)), rnd.randint(0, len(text))))
        sentence = index.sentence(start, end)
        for i, token in enumerate(sentence.tokens):
            reach, limit = rnd.randint(1, 40), rnd.randint(1, 8)
            expected = [t.lower for t in tokenize(text, token.end, min(end, token.end + reach))][:limit]
            assert index.words_after(sentence, i, reach, limit) == expected, (text, start, end, i, reach)
