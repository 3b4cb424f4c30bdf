from pipeline.sentences import SentenceIndex, sentence_spans


def test_abbreviations_do_not_end_sentences():
    text = "Troops moved at 5 a.m. on Thursday. The U.S. said on Feb. 27 that Mr. Hale would go.\n\nNext."
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "Troops moved at 5 a.m. on Thursday.",
        "The U.S. said on Feb. 27 that Mr. Hale would go.",
        "Next.",
    ]


def test_offsets_are_character_offsets_with_non_ascii_text():
    text = "“Café talks,” he said — in Zürich. It ended on 3 May."
    spans = sentence_spans(text)
    assert text[spans[-1][0]:spans[-1][1]] == "It ended on 3 May."


def test_span_at_finds_the_sentence_of_a_mention():
    text = "First one here. The vote is on 3 May. Last."
    index = SentenceIndex.of(text)
    start = text.index("3 May")
    assert text[slice(*index.span_at(start, start + 5))] == "The vote is on 3 May."


def test_span_at_a_mention_across_a_boundary_gets_both_sentences():
    text = "It began in Jan. 2022. It ended."
    index = SentenceIndex.of(text)
    s, e = index.span_at(0, len(text))
    assert (s, e) == (0, len(text))


def test_empty_text_has_no_sentences():
    assert sentence_spans("") == []
    assert SentenceIndex.of("").span_at(0, 0) == (0, 0)


def test_a_heading_line_is_not_run_into_the_paragraph_below():
    text = "Council approves tram line\nThe council voted on Wednesday. It was close."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Council approves tram line", "The council voted on Wednesday.", "It was close."]


def test_a_hard_wrapped_sentence_stays_one_sentence():
    text = "The council voted on Wednesday to extend\nthe tram line by four kilometres. Next one."
    assert [text[s:e] for s, e in sentence_spans(text)][0] == (
        "The council voted on Wednesday to extend\nthe tram line by four kilometres.")


# Over-long sentences (issue 9): text with no sentence punctuation is cut into pieces of at most
# MAX_SENTENCE_CHARS, losing and repeating nothing, and never inside a span the caller keeps whole.

import random  # noqa: E402
from unittest.mock import patch  # noqa: E402

from hypothesis import given  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from pipeline import sentences as sentences_module  # noqa: E402
from pipeline.sentences import MAX_SENTENCE_CHARS  # noqa: E402

_WORDS = ["the", "council", "voted", "on", "3", "May", "2024", "in", "Tampere", "after", "talks", "said",
          "officials", "budget", ",", ";", "—", "(and)", "x" * 40, "Zürich", "“quoted”", "12:45"]


def _uncapped(text: str) -> list[tuple[int, int]]:
    with patch.object(sentences_module, "MAX_SENTENCE_CHARS", 10**12):
        return sentence_spans(text)


def _no_space(text: str) -> str:
    return "".join(text.split())


def test_a_line_without_punctuation_is_cut_into_bounded_pieces_at_word_ends():
    rng = random.Random(7)
    text = " ".join(rng.choice(["council", "voted", "budget", "harbour", "talks", "Tampere"]) for _ in range(8000))
    spans = sentence_spans(text)
    assert len(spans) > 40 and all(e - s <= MAX_SENTENCE_CHARS for s, e in spans)
    assert all(text[s - 1].isspace() for s, _ in spans[1:]) and all(text[e].isspace() for _, e in spans[:-1])
    assert _no_space("".join(text[s:e] for s, e in spans)) == _no_space(text)


def test_a_long_sentence_is_cut_after_clause_punctuation_first():
    clause = "the council voted on the budget after long talks with the unions, "
    text = clause * 40 + "and it passed."
    spans = sentence_spans(text)
    assert len(spans) > 1 and all(text[e - 1] == "," for _, e in spans[:-1])


def test_a_cut_never_falls_inside_a_kept_span():
    text = " ".join(["word"] * 99 + ["on", "3", "May", "2024"] * 2 + ["word"] * 300)
    for position in range(480, 520):  # the window's last whitespace before 1000 chars
        kept = [(position, position + 12)]
        spans = sentence_spans(text, keep_whole=kept)
        assert not any(s < cut < e for s, e in kept for cut, _ in spans[1:])
        assert not any(s < cut < e for s, e in kept for _, cut in spans[:-1])


@hypothesis_settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=1200), st.sampled_from([" ", "  ", "\n", " \n "]),
       st.randoms(use_true_random=False))
def test_capping_loses_and_repeats_no_text(words, joiner, rng):
    text = " ".join(words) if rng.random() < 0.7 else joiner.join(words)
    kept = sorted((start, start + rng.randint(1, 30)) for start in rng.sample(range(len(text) + 1),
                                                                            min(len(text) + 1, 20)))
    kept = [(s, min(e, len(text))) for s, e in kept]
    disjoint = []  # like temporal mentions
    for span in kept:
        if not disjoint or span[0] >= disjoint[-1][1]:
            disjoint.append(span)
    kept = disjoint
    capped, uncapped = sentence_spans(text, keep_whole=kept), _uncapped(text)
    assert all(a[1] <= b[0] for a, b in zip(capped, capped[1:]))  # in order, disjoint
    for start, end in uncapped:
        pieces = [(s, e) for s, e in capped if start <= s and e <= end]
        assert _no_space("".join(text[s:e] for s, e in pieces)) == _no_space(text[start:end])
        # Only a kept span stretches a piece past the cap, and no cut falls inside one.
        assert all(e - s <= MAX_SENTENCE_CHARS + 30 for s, e in pieces)
        assert not any(ks < cut < ke for ks, ke in kept for cut, _ in pieces[1:])
        assert not any(ks < cut < ke for ks, ke in kept for _, cut in pieces[:-1])
    assert sum(e - s for s, e in capped) <= sum(e - s for s, e in uncapped)
