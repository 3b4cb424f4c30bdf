"""Incremental clustering: a load reads only what its new mentions can reach, and places them exactly as
if the whole warehouse were in memory (the way update_clusters worked before it read less).

Real runs (`pipeline.runner`, real GX) into a real DuckDB warehouse; our own articles. The first run
loads 26 flood reports from 26 towns, so the blocks a flood mention is in ("flood", its type and month)
hold more earlier members than the clusterer scans (SCAN_PER_BLOCK = 20): reading only their last
members is then a real restriction.
"""
from __future__ import annotations

import shutil
from datetime import date, timedelta

import duckdb
from fixtures import write_articles

from pipeline import runner
from pipeline.clusters.assign import SCAN_PER_BLOCK, Clusterer
from pipeline.clusters.mention import document_terms
from pipeline.clusters.reach import block_rows
from pipeline.clusters.store import _new_document_vectors, iter_mentions, select_events, update_clusters
from pipeline.warehouse import sql_dir

TOWNS = ["Aldmere", "Brackwater", "Corvel", "Dunhallow", "Elsmark", "Fennick", "Gorsby", "Harrowgate", "Ilvern",
         "Jorvale", "Kestrel", "Lindwick", "Marrow", "Nettlefold", "Oakhurst", "Pellham", "Quarry", "Rookby",
         "Saltmere", "Thornwick", "Ulverd", "Vantmoor", "Wexley", "Yarrow", "Zennor", "Ashcombe"]


def _flood_report(i: int, town: str, day: date, wording: int = 0, doc_id: str | None = None) -> dict:
    when = f"{day.day} {day.strftime('%B')} {day.year}"
    text = [
        f"The river flooded the town of {town} on {when}, and rescuers evacuated {100 + i} residents. "
        f"The mayor of {town} said the water rose two metres overnight.",
        f"Rescuers evacuated hundreds of residents of {town} on {when} after the river flooded the old "
        f"quarter. Water in {town} rose two metres overnight, the mayor said.",
    ][wording]
    published = day + timedelta(days=1 + wording)
    return {"id": doc_id or f"flood-{i:02d}-{town.lower()}", "title": f"Flood in {town}",
            "published": published.isoformat(), "source": f"Wire {i % 3}",
            "url": f"https://wire{i % 3}.example.org/{published.isoformat()}/{town.lower()}", "text": " ".join([text])}


FIRST = [_flood_report(i, town, date(2025, 3, 1) + timedelta(days=i)) for i, town in enumerate(TOWNS)]
# The second run: other wordings of an early report (first by doc_id), of a late one, and a new flood.
SECOND = [
    _flood_report(0, TOWNS[0], date(2025, 3, 1), wording=1, doc_id="later-report-aldmere"),
    _flood_report(24, TOWNS[24], date(2025, 3, 25), wording=1, doc_id="later-report-zennor"),
    _flood_report(40, "Brightwell", date(2025, 4, 14), doc_id="later-report-brightwell"),
]


def _forget(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> None:
    """Take documents out of the clusters as if they had never been clustered (their events stay)."""
    con.execute("BEGIN")
    con.execute("CREATE OR REPLACE TEMP TABLE forget AS SELECT unnest(?) AS doc_id", [doc_ids])
    con.execute("CREATE OR REPLACE TEMP TABLE touched_clusters AS "
                "SELECT DISTINCT cluster_id FROM cluster_members WHERE doc_id IN (SELECT doc_id FROM forget)")
    for table in ("cluster_members", "cluster_blocks", "cluster_documents"):
        con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT doc_id FROM forget)")
    for (text,) in con.execute("SELECT text FROM documents WHERE doc_id IN (SELECT doc_id FROM forget)").fetchall():
        for term in document_terms(text):
            con.execute("UPDATE cluster_term_counts SET n_documents = n_documents - 1 WHERE term = ?", [term])
    con.execute("DELETE FROM cluster_term_counts WHERE n_documents = 0")
    con.execute((sql_dir() / "clusters" / "002_rebuild_event_clusters.sql").read_text())
    con.execute("COMMIT")


def _place_with_whole_warehouse(con: duckdb.DuckDBPyConnection) -> dict[str, tuple]:
    """The reference: every earlier member and document vector in memory (rolled back afterwards)."""
    con.execute("BEGIN")
    select_events(con, "SELECT event_id FROM events ANTI JOIN cluster_members USING (event_id)")
    new = list(iter_mentions(con))
    vectors = _new_document_vectors(con, {m.doc_id for m in new})
    select_events(con, "SELECT event_id FROM cluster_members")
    existing = list(iter_mentions(con))
    stories = {}
    for doc_id, story_id, terms, weights in con.execute(
            "SELECT doc_id, story_id, terms, weights FROM cluster_documents").fetchall():
        vectors.setdefault(doc_id, dict(zip(terms, weights)))
        stories[doc_id] = story_id
    con.execute("ROLLBACK")
    clusterer = Clusterer()
    clusterer.set_document_vectors(vectors, stories)
    clusterer.add_existing(existing)
    return {p.event_id: (p.cluster_id, p.linked_to, p.similarity) for p in clusterer.place_all(new)}


def _members(con, doc_ids: list[str]) -> dict[str, tuple]:
    return {e: (c, l, s) for e, c, l, s in con.execute(
        "SELECT event_id, cluster_id, linked_to, similarity FROM cluster_members WHERE doc_id IN (SELECT unnest(?))",
        [doc_ids]).fetchall()}


def test_a_second_load_reads_only_what_it_reaches_and_places_as_with_the_whole_warehouse(settings, tmp_path):
    write_articles(tmp_path / "first", *FIRST)
    assert runner.run_pipeline([str(tmp_path / "first")], settings).status == "success"
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    first_members = con.execute("SELECT count(*) FROM cluster_members").fetchone()[0]
    (crowded,) = con.execute("SELECT max(n) FROM (SELECT count(*) AS n FROM cluster_blocks GROUP BY block_key)").fetchone()
    con.close()
    assert crowded > SCAN_PER_BLOCK  # some block holds more members than a mention scans
    write_articles(tmp_path / "second", *SECOND)
    assert runner.run_pipeline([str(tmp_path / "second")], settings).status == "success"
    second_ids = [a["id"] for a in SECOND]
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    loaded = _members(con, second_ids)
    con.close()
    # The new report of the Zennor flood joined the first run's clusters of it. (The Aldmere one does not:
    # the first of 26 members by doc_id, its flood is beyond the 20 a mention scans, with the whole
    # warehouse in memory too, as the reference below shows.)
    for doc_id, town_doc in (("later-report-zennor", FIRST[24]["id"]),):
        con = duckdb.connect(str(settings.warehouse), read_only=True)
        (joined,) = con.execute(
            "SELECT count(*) FROM cluster_members AS n JOIN cluster_members AS o USING (cluster_id) "
            "JOIN events AS e ON e.event_id = n.event_id WHERE n.doc_id = ? AND o.doc_id = ? AND e.trigger_lemma = 'flood'",
            [doc_id, town_doc]).fetchone()
        con.close()
        assert joined >= 1, doc_id
    # On a copy, the second run's documents leave the clusters; placed again, by update_clusters and by
    # the whole-warehouse reference, they land where the run put them.
    copy = tmp_path / "copy.duckdb"
    shutil.copy(settings.warehouse, copy)
    con = duckdb.connect(str(copy))
    _forget(con, second_ids)
    reference = _place_with_whole_warehouse(con)
    con.execute("BEGIN")
    con.execute("CREATE OR REPLACE TEMP TABLE staged_documents AS SELECT unnest(?) AS doc_id", [second_ids])
    update = update_clusters(con, "replay")
    replayed = _members(con, second_ids)
    con.execute("ROLLBACK")
    con.close()
    assert replayed == loaded == reference
    assert update["placed"] == len(loaded) > 0
    # It read fewer earlier members than the warehouse holds.
    assert 0 < update["read"]["members"] < first_members


def test_untouched_cluster_rows_stay_as_they_were_and_blocks_follow_the_members(settings, tmp_path):
    write_articles(tmp_path / "first", *FIRST)
    runner.run_pipeline([str(tmp_path / "first")], settings)
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    before = {r[0]: r for r in con.execute("SELECT * FROM event_clusters").fetchall()}
    con.close()
    write_articles(tmp_path / "second", *SECOND)
    runner.run_pipeline([str(tmp_path / "second")], settings)
    # A changed document: its mentions move, none is duplicated, and its blocks move with them.
    changed = dict(FIRST[3], text=FIRST[3]["text"] + " Schools in Dunhallow stayed closed.")
    write_articles(tmp_path / "first", *FIRST[:3], changed, *FIRST[4:])
    runner.run_pipeline([str(tmp_path / "first")], settings)
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    after = {r[0]: r for r in con.execute("SELECT * FROM event_clusters").fetchall()}
    touched = {r[0] for r in con.execute(
        "SELECT DISTINCT cluster_id FROM cluster_members WHERE doc_id IN (SELECT unnest(?))",
        [[a["id"] for a in SECOND] + [changed["id"]]]).fetchall()}
    untouched = set(before) - touched - {r[0] for r in con.execute(
        "SELECT DISTINCT k.cluster_id FROM event_clusters AS k ANTI JOIN cluster_members AS m USING (cluster_id)"
    ).fetchall()}
    assert untouched and all(after[c] == before[c] for c in untouched if c in after)
    # Every cluster row still agrees with its members, and no member lacks its row.
    assert con.execute("""
        SELECT count(*) FROM event_clusters AS k FULL JOIN (
            SELECT cluster_id, count(*) AS n FROM cluster_members GROUP BY ALL) AS m USING (cluster_id)
        WHERE k.n_mentions IS DISTINCT FROM m.n""").fetchone()[0] == 0
    (events, members, distinct) = con.execute(
        "SELECT (SELECT count(*) FROM events), count(*), count(DISTINCT event_id) FROM cluster_members").fetchone()
    assert events == members == distinct
    select_rows = con.execute("SELECT event_id FROM cluster_members").fetchall()
    con.execute("CREATE TEMP TABLE cluster_selection AS SELECT event_id FROM cluster_members")
    expected = sorted((k, m.event_id) for m in iter_mentions(con) for k in block_rows(m))
    stored = sorted(con.execute("SELECT block_key, event_id FROM cluster_blocks").fetchall())
    con.close()
    assert stored == expected and len({e for _, e in stored}) == len(select_rows)


def test_a_warehouse_clustered_before_cluster_blocks_is_indexed_and_places_the_same(settings, tmp_path):
    write_articles(tmp_path / "first", *FIRST)
    runner.run_pipeline([str(tmp_path / "first")], settings)
    write_articles(tmp_path / "second", *SECOND)
    runner.run_pipeline([str(tmp_path / "second")], settings)
    second_ids = [a["id"] for a in SECOND]
    con = duckdb.connect(str(settings.warehouse))
    loaded = _members(con, second_ids)
    blocks = sorted(con.execute("SELECT * FROM cluster_blocks").fetchall())
    _forget(con, second_ids)
    con.execute("DELETE FROM cluster_blocks")  # as a warehouse of the previous version has it
    con.execute("BEGIN")
    con.execute("CREATE OR REPLACE TEMP TABLE staged_documents AS SELECT unnest(?) AS doc_id", [second_ids])
    update_clusters(con, "replay")
    assert _members(con, second_ids) == loaded
    assert sorted(con.execute("SELECT * FROM cluster_blocks").fetchall()) == blocks
    con.execute("ROLLBACK")
    con.close()


def test_the_load_gate_checks_the_touched_clusters_and_every_event_without_one(settings, tmp_path):
    from pipeline.clusters.quality import ClusterCheckFailed, validate_clusters

    write_articles(tmp_path / "first", *FIRST)
    runner.run_pipeline([str(tmp_path / "first")], settings)
    con = duckdb.connect(str(settings.warehouse))
    touched, untouched = [r[0] for r in con.execute("SELECT cluster_id FROM event_clusters ORDER BY cluster_id LIMIT 2").fetchall()]
    con.execute("CREATE TEMP TABLE cluster_staged (doc_id VARCHAR)")
    con.execute("CREATE TEMP TABLE touched_clusters AS SELECT ? AS cluster_id", [touched])
    assert validate_clusters(con)["event_clusters"]["rows"] == 1  # the load's scope: one cluster
    con.execute("BEGIN")
    # A broken row outside the scope is not this load's doing: only the whole check sees it.
    con.execute("UPDATE event_clusters SET n_sources = n_mentions + 5 WHERE cluster_id = ?", [untouched])
    validate_clusters(con)
    try:
        validate_clusters(con, touched=False)
        raise AssertionError("the whole check passed a cluster with more sources than mentions")
    except ClusterCheckFailed as failure:
        assert "more sources than reports" in str(failure)
    con.execute("ROLLBACK")
    for broken in ("UPDATE event_clusters SET n_sources = n_mentions + 5 WHERE cluster_id = $touched",
                   # an event that lost its cluster, wherever it was
                   "DELETE FROM cluster_members WHERE cluster_id = $untouched"):
        con.execute("BEGIN")
        con.execute(broken, {"touched": touched} if "$touched" in broken else {"untouched": untouched})
        try:
            validate_clusters(con)
            raise AssertionError(f"the load's gate passed: {broken}")
        except ClusterCheckFailed:
            pass
        con.execute("ROLLBACK")
    con.close()


def test_events_read_in_slices_come_in_placement_order_with_their_sentences_shared(settings, tmp_path, monkeypatch):
    # A load streams its new events in slices by rank (store.iter_mentions_in_slices) instead of sorting
    # them in Python (assign.placement_order); both must give the same mentions in the same order, also
    # when a slice ends inside a document and statements run on the connection between two mentions.
    from pipeline.clusters import store
    from pipeline.clusters.assign import placement_order

    write_articles(tmp_path / "first", *FIRST, *SECOND)
    assert runner.run_pipeline([str(tmp_path / "first")], settings).status == "success"
    con = duckdb.connect(str(settings.warehouse))
    select_events(con, "SELECT event_id FROM events")
    expected = placement_order(iter_mentions(con))
    assert len(expected) > 60
    monkeypatch.setattr(store, "_FETCH", 7)
    select_events(con, "SELECT event_id FROM events")
    streamed = []
    for mention in store.iter_mentions_in_slices(con):
        con.execute("SELECT 1").fetchall()  # as _write_placements' inserts do
        streamed.append(mention)
    assert [m.event_id for m in streamed] == [m.event_id for m in expected]
    assert [(m.sentence_key, m.sentence_terms, m.actors, m.date_start) for m in streamed] == \
        [(m.sentence_key, m.sentence_terms, m.actors, m.date_start) for m in expected]
    # Events of one sentence share its terms: one set per sentence, not one per event.
    by_key = {}
    for mention in streamed:
        by_key.setdefault((mention.doc_id, mention.sentence_key), set()).add(id(mention.sentence_terms))
    assert all(len(ids) == 1 for ids in by_key.values())
    assert not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'cluster_order'").fetchone()[0]
