"""`datewire events`: the JSON-lines contract other tools rely on, on text we wrote."""
from __future__ import annotations

import json

from pipeline.cli import main

CONTRACT_KEYS = {"doc_id", "trigger", "event_class", "event_type", "modality", "polarity", "date_basis", "date",
                 "actors", "places", "sentence"}
ARTICLE = """Talks end without a deal

The two foreign ministers met in Vienna on 3 March 2025 and agreed to meet again in April.
The opposition said on Tuesday it would not take part in the vote.
"""


def _events(tmp_path, capsys, *extra):
    path = tmp_path / "talks.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert main(["events", str(path), *extra]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()], ARTICLE


def test_every_record_has_the_contract_keys_and_offsets_slice_the_text(tmp_path, capsys):
    records, text = _events(tmp_path, capsys, "--reference-date", "2025-03-05")
    assert records
    for r in records:
        assert CONTRACT_KEYS <= set(r)
        assert text[r["trigger"]["start"]:r["trigger"]["end"]] == r["trigger"]["text"]
        s, e = r["sentence"]["start"], r["sentence"]["end"]
        assert s <= r["trigger"]["start"] < r["trigger"]["end"] <= e
        if r["date"] is not None:
            assert text[r["date"]["start"]:r["date"]["end"]] == r["date"]["text"]
        for actor in r["actors"]:
            assert text[actor["start"]:actor["end"]] == actor["text"]
        for place in r["places"]:
            assert text[place["start"]:place["end"]] == place["text"]
            assert place["lat"] is None or -90 <= place["lat"] <= 90


def test_the_governing_date_and_modality_are_in_the_record(tmp_path, capsys):
    records, _ = _events(tmp_path, capsys, "--reference-date", "2025-03-05")
    by_trigger = {r["trigger"]["text"]: r for r in records}
    met = by_trigger["met"]
    assert met["date_basis"] == "text" and met["date"]["date_start"] == "2025-03-03"
    assert by_trigger["take"]["polarity"] == "negative"
    assert by_trigger["said"]["event_class"] == "reporting"


def test_offsets_match_datewire_extract(tmp_path, capsys):
    records, text = _events(tmp_path, capsys, "--reference-date", "2025-03-05")
    path = tmp_path / "talks.txt"
    assert main(["extract", str(path), "--reference-date", "2025-03-05"]) == 0
    mentions = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    spans = {(m["start"], m["end"]) for m in mentions}
    assert all((r["date"]["start"], r["date"]["end"]) in spans for r in records if r["date"])
