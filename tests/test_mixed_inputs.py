"""Issue 'real-world input without loss', end to end: a mixed folder through `datewire run`."""
from __future__ import annotations

from mixed_inputs import BAD_FILES, build_mixed_folder

from pipeline.cli import main
from pipeline.warehouse import query


def test_a_mixed_folder_loads_the_good_rejects_the_bad_and_a_rerun_changes_nothing(settings, tmp_path, capsys):
    folder = tmp_path / "inbox"
    expected = build_mixed_folder(folder)
    warehouse = str(settings.warehouse)

    assert main(["run", str(folder), "--warehouse", warehouse, "--preview", "0"]) == 1  # some inputs rejected (README, "Exit status")
    out = capsys.readouterr().out
    assert f"inputs seen        {expected['n_inputs']}" in out
    assert f"inputs rejected    {expected['n_rejected']}" in out

    doc_ids = {d for (d,) in query(settings.warehouse, "SELECT doc_id FROM documents")[1]}
    assert doc_ids == expected["good_doc_ids"]
    rejections = query(settings.warehouse, "SELECT source, locator, stage, reason FROM rejections "
                                           "WHERE stage IN ('discover', 'read')")[1]
    assert len(rejections) == len(BAD_FILES)
    for name, reason in BAD_FILES.items():
        (row,) = [r for r in rejections if r[0].endswith(name)]
        assert reason in row[3]
    assert [r[1] for r in rejections if r[0].endswith("records.jsonl")] == ["line 2"]

    # Decoding: the latin-1 file reads as the words it holds; the gzip and HTML inputs have text.
    text, encoding = query(settings.warehouse, "SELECT text, encoding FROM documents "
                                               "WHERE doc_id = 'latin1-market'")[1][0]
    assert "MÜNCHEN" in text and "café" in text and encoding != "utf-8"
    title, published, source = query(settings.warehouse, "SELECT title, published_date, published_source "
                                                         "FROM documents WHERE doc_id = 'bridge'")[1][0]
    assert title == "Bridge reopens after repairs" and str(published) == "2024-04-09" and source == "metadata"
    # Every mention can be sliced back out of the stored text.
    assert query(settings.warehouse, "SELECT count(*) FROM mentions m JOIN documents d USING (doc_id) "
                                     "WHERE substring(d.text, m.start + 1, m.\"end\" - m.start) <> m.text")[1] == [(0,)]
    assert query(settings.warehouse, "SELECT balanced FROM run_accounting")[1] == [(True,)]

    before = {t: query(settings.warehouse, f"SELECT count(*) FROM {t}")[1][0][0]
              for t in ("documents", "mentions", "events", "rejections")}
    assert main(["run", str(folder), "--warehouse", warehouse, "--preview", "0"]) == 1
    out = capsys.readouterr().out
    assert f"unchanged, skipped {len(expected['good_doc_ids'])}" in out and "documents loaded   0" in out
    after = {t: query(settings.warehouse, f"SELECT count(*) FROM {t}")[1][0][0]
             for t in ("documents", "mentions", "events", "rejections")}
    assert after == before
    assert query(settings.warehouse, "SELECT bool_and(balanced) FROM run_accounting")[1] == [(True,)]


def test_mentions_outside_the_article_body_make_no_events(settings, tmp_path):
    page = tmp_path / "scrape.txt"
    page.write_text(
        "Loading...\nShare\nTweet\n\n"
        "Harbour talks collapse\n\n"
        "ROTTERDAM, March 6, 2024 — Talks between the port and the union collapsed on Tuesday after "
        "eleven hours, and the union called a strike for Friday.\n\n"
        "The employers said they had offered a raise of four percent on 28 February.\n\n"
        "Related Posts\n"
        "Dockers vote to strike – January 12, 2024\n"
        "Port volumes fall for a third year – December 3, 2023\n")
    main(["run", str(page), "--warehouse", str(settings.warehouse), "--preview", "0"])
    rows = dict(query(settings.warehouse, "SELECT text, in_body FROM mentions")[1])
    assert rows["28 February"] is True
    assert rows["January 12, 2024"] is False and rows["December 3, 2023"] is False
    event_dates = {d for (d,) in query(settings.warehouse, "SELECT date_text FROM timeline")[1]}
    assert "28 February" in event_dates and "January 12, 2024" not in event_dates
