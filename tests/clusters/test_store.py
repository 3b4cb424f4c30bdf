"""Clusters in a real DuckDB warehouse, filled by real runs (`pipeline.runner`, real GX)."""
from __future__ import annotations

import json
from datetime import date

from fixtures import DENIAL, FLOOD_A, FLOOD_B, FLOOD_LATER, REPEATED, write_articles

from pipeline import runner
from pipeline.warehouse import query


def _rows(settings, sql: str, params=None) -> list[dict]:
    columns, rows = query(settings.warehouse, sql, params)
    return [dict(zip(columns, row)) for row in rows]


def _flood_clusters(settings) -> list[dict]:
    return _rows(settings, "SELECT * FROM event_clusters WHERE trigger_lemma IN ('flood', 'evacuate') "
                           "ORDER BY event_date_start, n_sources DESC, cluster_id")


def _cluster_of(settings, doc_id: str, lemma: str) -> set[str]:
    return {r["cluster_id"] for r in _rows(
        settings, "SELECT c.cluster_id FROM cluster_members AS c JOIN events AS e USING (event_id) "
                  "WHERE e.doc_id = ? AND e.trigger_lemma = ?", [doc_id, lemma])}


def test_two_reports_in_different_words_are_one_cluster_and_another_day_stays_apart(settings, tmp_path):
    write_articles(tmp_path / "in", FLOOD_A, FLOOD_B, FLOOD_LATER)
    summary = runner.run_pipeline([str(tmp_path / "in")], settings)
    assert summary.status == "success"
    march = _cluster_of(settings, "flood-wire", "flood")
    assert march == _cluster_of(settings, "flood-daily", "flood")
    september = _cluster_of(settings, "flood-later", "flood")
    assert september and september.isdisjoint(march)
    (cluster,) = _rows(settings, "SELECT * FROM event_clusters WHERE cluster_id = ?", [march.pop()])
    assert (cluster["n_sources"], cluster["n_sites"]) == (2, 2)
    assert (cluster["event_date_start"], cluster["event_date_end"]) == (date(2025, 3, 3), date(2025, 3, 3))
    assert cluster["granularity"] == "day" and cluster["status"] == "reported"
    assert cluster["first_reported"] == date(2025, 3, 4) and cluster["first_doc_id"] == "flood-wire"
    # Why they were merged is stored with the member that joined.
    evidence = _rows(settings, "SELECT evidence FROM cluster_members WHERE cluster_id = ? AND linked_to IS NOT NULL",
                     [cluster["cluster_id"]])
    features = json.loads(evidence[0]["evidence"])["features"]
    assert features["same_story"]["value"] == 1.0 and features["dates_agree"]["value"] == 1.0


def test_every_event_is_in_exactly_one_cluster(settings, tmp_path):
    write_articles(tmp_path / "in", FLOOD_A, FLOOD_B, FLOOD_LATER, DENIAL, REPEATED)
    runner.run_pipeline([str(tmp_path / "in")], settings)
    (row,) = _rows(settings, "SELECT (SELECT count(*) FROM events) AS events, count(*) AS members, "
                             "count(DISTINCT event_id) AS distinct_events FROM cluster_members")
    assert row["events"] == row["members"] == row["distinct_events"] > 0
    assert _rows(settings, "SELECT count(*) AS n FROM event_clusters WHERE n_sources > n_mentions")[0]["n"] == 0


def test_a_negated_mention_never_makes_a_cluster_happen(settings, tmp_path):
    write_articles(tmp_path / "in", DENIAL)
    runner.run_pipeline([str(tmp_path / "in")], settings)
    negated = _rows(settings, "SELECT e.trigger_lemma, c.counts_as_report, k.status, k.n_sources "
                              "FROM events AS e JOIN cluster_members AS c USING (event_id) "
                              "JOIN event_clusters AS k USING (cluster_id) WHERE e.polarity = 'negative'")
    assert {r["trigger_lemma"] for r in negated} >= {"die"}
    for r in negated:
        assert r["counts_as_report"] is False
    # Alone, the death cluster is negated and has no source that reports it.
    (die,) = [r for r in negated if r["trigger_lemma"] == "die"]
    assert (die["status"], die["n_sources"]) == ("negated", 0)


def test_a_repeated_paragraph_counts_once_as_a_source(settings, tmp_path):
    write_articles(tmp_path / "in", REPEATED)
    runner.run_pipeline([str(tmp_path / "in")], settings)
    clusters = _rows(settings, "SELECT n_mentions, n_sources FROM event_clusters WHERE trigger_lemma = 'evacuate'")
    assert clusters and all(c["n_sources"] == 1 for c in clusters)


def test_a_second_run_attaches_to_existing_clusters_and_a_changed_document_moves(settings, tmp_path):
    write_articles(tmp_path / "first", FLOOD_A)
    runner.run_pipeline([str(tmp_path / "first")], settings)
    (first,) = _cluster_of(settings, "flood-wire", "flood")
    # A new article on the same happening joins the cluster made by the first run.
    write_articles(tmp_path / "second", FLOOD_B)
    runner.run_pipeline([str(tmp_path / "second")], settings)
    assert _cluster_of(settings, "flood-daily", "flood") == {first}
    (cluster,) = _rows(settings, "SELECT n_sources, n_mentions FROM event_clusters WHERE cluster_id = ?", [first])
    assert cluster["n_sources"] == 2
    before = _rows(settings, "SELECT count(*) AS n FROM cluster_members")[0]["n"]
    # The first article changes: its mentions are placed again, none duplicated, and the happening
    # keeps its two sources.
    changed = dict(FLOOD_A, text=FLOOD_A["text"] + " Schools in Veltmar stayed closed.")
    write_articles(tmp_path / "first", changed)  # the same file, rewritten: the same source's new version
    runner.run_pipeline([str(tmp_path / "first")], settings)
    (row,) = _rows(settings, "SELECT (SELECT count(*) FROM events) AS events, count(*) AS members, "
                             "count(DISTINCT event_id) AS distinct_events FROM cluster_members")
    assert row["events"] == row["members"] == row["distinct_events"] >= before
    assert _cluster_of(settings, "flood-wire", "flood") == _cluster_of(settings, "flood-daily", "flood")
    (cluster,) = _rows(settings, "SELECT k.n_sources FROM event_clusters AS k JOIN cluster_members AS c "
                                 "USING (cluster_id) JOIN events AS e USING (event_id) "
                                 "WHERE e.doc_id = 'flood-wire' AND e.trigger_lemma = 'flood'")
    assert cluster["n_sources"] == 2


def test_rerunning_the_same_input_changes_no_cluster(settings, tmp_path):
    write_articles(tmp_path / "in", FLOOD_A, FLOOD_B, FLOOD_LATER)
    runner.run_pipeline([str(tmp_path / "in")], settings)
    before = _rows(settings, "SELECT cluster_id, event_id FROM cluster_members ORDER BY event_id")
    runner.run_pipeline([str(tmp_path / "in")], settings)
    assert _rows(settings, "SELECT cluster_id, event_id FROM cluster_members ORDER BY event_id") == before
