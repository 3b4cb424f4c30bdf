"""Event records become rows of events, event_actors and event_places with the agreed keys."""
from datetime import date

from pipeline.events.records import extract_events, warehouse_rows

EVENT_KEYS = {"event_id", "doc_id", "mention_id", "sentence", "sentence_start", "sentence_end", "event_date_start",
              "event_date_end", "granularity", "trigger_start", "trigger_end", "trigger_text", "trigger_lemma",
              "event_class", "event_type", "plover_mode", "cameo_root", "modality", "polarity", "date_basis",
              "confidence", "frame_event_id"}
TEXT = "The mayor said on 4 June 2024 that the bridge had collapsed. Repairs will start next year."


def _rows():
    events = extract_events(TEXT, date(2024, 6, 5), doc_id="d1")
    return events, warehouse_rows("d1", TEXT, events, date(2024, 6, 5), {})


def test_event_rows_have_the_warehouse_keys_and_one_id_per_trigger():
    events, (event_rows, _, _) = _rows()
    assert event_rows and all(set(r) == EVENT_KEYS for r in event_rows)
    assert len({r["event_id"] for r in event_rows}) == len(event_rows) == len(events)
    assert all(r["event_id"] == f"d1:e{r['trigger_start']}" for r in event_rows)
    assert all(TEXT[r["trigger_start"]:r["trigger_end"]] == r["trigger_text"] for r in event_rows)


def test_date_columns_follow_the_date_basis():
    _, (event_rows, _, _) = _rows()
    for r in event_rows:
        if r["date_basis"] == "text":
            assert r["event_date_start"] <= r["event_date_end"] and r["granularity"]
        elif r["date_basis"] == "publication":
            assert (r["event_date_start"] is None) != (r["event_date_end"] is None) and r["granularity"] is None
        else:
            assert r["event_date_start"] is None and r["event_date_end"] is None


def test_a_reported_event_names_its_frame():
    _, (event_rows, _, _) = _rows()
    by_text = {r["trigger_text"]: r for r in event_rows}
    assert by_text["collapsed"]["modality"] == "reported"
    assert by_text["collapsed"]["frame_event_id"] == by_text["said"]["event_id"]
    assert by_text["said"]["event_date_start"] == date(2024, 6, 4)


def test_an_event_dated_by_recently_points_at_those_words_with_a_range_ending_at_publication():
    text = "The company recently cut its dividend."
    events = extract_events(text, date(2024, 6, 5))
    cut = next(e for e in events if e.trigger.text == "cut")
    rows, _, _ = warehouse_rows("d1", text, [cut], date(2024, 6, 5),
                                {(cut.date.start, cut.date.end): "d1:m1"})
    assert rows[0]["mention_id"] == "d1:m1" and rows[0]["date_basis"] == "publication"
    assert (rows[0]["event_date_start"], rows[0]["event_date_end"]) == (None, date(2024, 6, 5))
