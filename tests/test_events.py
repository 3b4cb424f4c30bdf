from datetime import date

from pipeline.events import event_rows
from pipeline.sentences import SentenceIndex

TEXT = "The talks began on 3 May. They lasted two weeks. Related: a teaser from 9 June."


def _mention(phrase, **changes):
    start = TEXT.index(phrase)
    row = {"mention_id": f"d:{start}", "start": start, "end": start + len(phrase), "timex_type": "DATE",
           "date_start": date(2024, 5, 3), "date_end": date(2024, 5, 3), "granularity": "day", "in_body": True,
           "sentence_start": None, "sentence_end": None}
    row.update(changes)
    return row


def test_an_event_is_a_body_sentence_with_one_absolute_date():
    (event,) = event_rows("d", TEXT, [_mention("3 May")], SentenceIndex.of(TEXT))
    assert event == {"event_id": f"d:e{TEXT.index('3 May')}", "doc_id": "d", "mention_id": f"d:{TEXT.index('3 May')}",
                     "sentence": "The talks began on 3 May.", "event_date_start": date(2024, 5, 3),
                     "event_date_end": date(2024, 5, 3), "granularity": "day"}


def test_durations_unanchored_dates_and_furniture_make_no_events():
    mentions = [
        _mention("two weeks", timex_type="DURATION", date_start=None, date_end=None, granularity=None),
        _mention("3 May", date_start=None, date_end=None),  # could not be anchored
        _mention("9 June", in_body=False),  # a related-post teaser
    ]
    assert event_rows("d", TEXT, mentions, SentenceIndex.of(TEXT)) == []


def test_the_sentence_is_one_line_whatever_the_wrapping():
    text = "The council voted on\nTuesday to build it."
    mention = {"mention_id": "d:21", "start": 21, "end": 28, "timex_type": "DATE", "date_start": date(2024, 1, 2),
               "date_end": date(2024, 1, 2), "granularity": "day", "in_body": True,
               "sentence_start": 0, "sentence_end": len(text)}
    (event,) = event_rows("d", text, [mention], SentenceIndex.of(text))
    assert event["sentence"] == "The council voted on Tuesday to build it."


def test_datelines_and_published_stamps_are_not_events():
    from pipeline.events import is_publication_stamp

    text = ("KYIV, August 3, 2022 — The ship left on Monday.\n"
            "Published on 4 May 2024\n"
            "WASHINGTON (Reuters) - March 3, 2022 - Talks ended.\n"
            "The vote, on August 3, 2022 — a Wednesday — was close.\n")

    def stamp(phrase, nth=0):
        start = -1
        for _ in range(nth + 1):
            start = text.index(phrase, start + 1)
        return is_publication_stamp(text, start, start + len(phrase))

    assert stamp("August 3, 2022") and stamp("4 May 2024") and stamp("March 3, 2022")
    assert not stamp("August 3, 2022", nth=1)  # a date inside a sentence
    assert not stamp("Monday")


def test_the_stamp_check_looks_back_a_bounded_distance_on_one_long_line():
    from pipeline.events import is_publication_stamp

    text = "KYIV, August 3, 2022 — troops moved. " + "word " * 50_000 + "Published on 3 May 2024"
    assert is_publication_stamp(text, 6, 20)  # the dateline at the start still counts
    start = text.index("3 May 2024")
    assert is_publication_stamp(text, start, start + len("3 May 2024"))
    middle = text.index("troops")
    assert not is_publication_stamp(text, middle, middle + 6)
