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
