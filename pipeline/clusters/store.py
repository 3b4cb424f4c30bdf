"""Clusters in the warehouse: place the events of a load into clusters, inside the load's transaction.

Called by `warehouse.load_staged` after the new rows are in, before COMMIT, so a run's events and their
clusters land together or not at all. Steps:
1. members whose event is gone, or whose document this load replaces, leave their clusters (a changed
   document's mentions are placed again, never duplicated);
2. new documents get their tf-idf vectors (collection frequencies kept in `cluster_term_counts`);
3. the events no cluster holds are placed by `Clusterer`, which starts from the clusters already there;
4. `event_clusters` is rebuilt from the members (sql/clusters/002_rebuild_event_clusters.sql).
"""
from __future__ import annotations

import json
import logging
import time
from collections import Counter

import duckdb

from .assign import Clusterer
from .mention import ClusterMention, document_terms, document_vector

__all__ = ["update_clusters", "ClusterUpdate"]

log = logging.getLogger(__name__)


class ClusterUpdate(dict):
    """Counts of one update: placed, joined, founded, removed, clusters, seconds."""


def _sql(name: str) -> str:
    from pipeline.warehouse import sql_dir

    return (sql_dir() / "clusters" / name).read_text()


def _mentions(con: duckdb.DuckDBPyConnection, only_new: bool) -> list[ClusterMention]:
    result = con.execute(_sql("001_clusterable_events.sql"), {"only_new": only_new})
    columns = [d[0] for d in result.description]
    mentions = []
    for values in result.fetchall():
        row = dict(zip(columns, values))
        mentions.append(ClusterMention.from_row(row, row["actors"], row["countries"], row["places"]))
    return mentions


def _document_vectors(con: duckdb.DuckDBPyConnection,
                      new_docs: set[str]) -> tuple[dict[str, dict[str, float]], dict[str, str]]:
    """Vectors of every clustered document (new ones computed here), and the stories of the old ones."""
    new_vectors: dict[str, dict[str, float]] = {}
    if new_docs:
        con.execute("DELETE FROM cluster_documents WHERE doc_id IN (SELECT unnest(?))", [sorted(new_docs)])
        texts = con.execute("SELECT doc_id, text FROM documents WHERE doc_id IN (SELECT unnest(?))",
                            [sorted(new_docs)]).fetchall()
        terms = {doc_id: document_terms(text) for doc_id, text in texts}
        added: Counter[str] = Counter()
        for doc_terms in terms.values():
            added.update(doc_terms)
        if added:
            con.execute("CREATE OR REPLACE TEMP TABLE added_term_counts (term VARCHAR, n INTEGER)")
            con.execute("INSERT INTO added_term_counts SELECT unnest(?), unnest(?)",
                        [list(added), list(added.values())])
            con.execute("""
                CREATE OR REPLACE TEMP TABLE merged_term_counts AS
                SELECT term, coalesce(c.n_documents, 0) + a.n AS n_documents
                FROM added_term_counts AS a LEFT JOIN cluster_term_counts AS c USING (term)""")
            con.execute("DELETE FROM cluster_term_counts WHERE term IN (SELECT term FROM added_term_counts)")
            con.execute("INSERT INTO cluster_term_counts SELECT term, n_documents FROM merged_term_counts")
        n_documents = con.execute("SELECT count(*) FROM cluster_documents").fetchone()[0] + len(texts)
        frequency = dict(con.execute(
            "SELECT term, n_documents FROM cluster_term_counts WHERE term IN (SELECT unnest(?))",
            [list(added)]).fetchall())
        for doc_id, text in texts:
            new_vectors[doc_id] = document_vector(text, frequency, n_documents)
    vectors, stories = {}, {}
    for doc_id, story_id, terms, weights in con.execute(
            "SELECT doc_id, story_id, terms, weights FROM cluster_documents").fetchall():
        vectors[doc_id] = dict(zip(terms, weights))
        stories[doc_id] = story_id
    vectors.update(new_vectors)
    return vectors, stories


def _store_new_documents(con: duckdb.DuckDBPyConnection, clusterer: Clusterer,
                         vectors: dict[str, dict[str, float]], new_docs: set[str]) -> None:
    ids = sorted(d for d in new_docs if d in clusterer.stories)
    if ids:
        con.execute("INSERT INTO cluster_documents SELECT unnest(?), unnest(?), unnest(?), unnest(?)",
                    [ids, [clusterer.stories[d] for d in ids], [list(vectors[d]) for d in ids],
                     [list(vectors[d].values()) for d in ids]])


def update_clusters(con: duckdb.DuckDBPyConnection, run_id: str) -> ClusterUpdate:
    """Bring cluster_members and event_clusters up to date with `events` (inside the caller's transaction)."""
    started = time.perf_counter()
    staged = {r[0] for r in con.execute("SELECT doc_id FROM staged_documents").fetchall()} \
        if _has_table(con, "staged_documents") else set()
    removed = con.execute(
        "DELETE FROM cluster_members WHERE doc_id IN (SELECT unnest(?)) "
        "OR event_id NOT IN (SELECT event_id FROM events)", [sorted(staged)]).fetchone()[0]
    con.execute("DELETE FROM cluster_documents WHERE doc_id NOT IN (SELECT doc_id FROM documents)")
    new = _mentions(con, only_new=True)
    existing = _mentions(con, only_new=False)
    new_docs = {m.doc_id for m in new} | (staged & {m.doc_id for m in existing})
    clusterer = Clusterer()
    vectors, stories = _document_vectors(con, new_docs)
    clusterer.set_document_vectors(vectors, stories)
    clusterer.add_existing(existing)
    placements = clusterer.place_all(new)
    _store_new_documents(con, clusterer, vectors, new_docs)
    by_id = {m.event_id: m for m in new}
    rows = {"cluster_id": [], "event_id": [], "doc_id": [], "similarity": [], "linked_to": [], "evidence": [],
            "counts_as_report": [], "run_id": []}
    for p in placements:
        mention = by_id[p.event_id]
        rows["cluster_id"].append(p.cluster_id)
        rows["event_id"].append(p.event_id)
        rows["doc_id"].append(mention.doc_id)
        rows["similarity"].append(float(p.similarity))
        rows["linked_to"].append(p.linked_to)
        rows["evidence"].append(json.dumps(p.match.evidence()) if p.match is not None else None)
        rows["counts_as_report"].append(mention.counts_as_report)
        rows["run_id"].append(run_id)
    if placements:
        import pyarrow as pa

        con.register("new_cluster_members", pa.table(rows))
        con.execute("INSERT INTO cluster_members BY NAME SELECT * FROM new_cluster_members")
        con.unregister("new_cluster_members")
    con.execute(_sql("002_rebuild_event_clusters.sql"))
    n_clusters = con.execute("SELECT count(*) FROM event_clusters").fetchone()[0]
    joined = sum(1 for p in placements if p.linked_to is not None)
    update = ClusterUpdate(placed=len(placements), joined=joined, founded=len(placements) - joined,
                           removed=removed, clusters=n_clusters,
                           seconds=round(time.perf_counter() - started, 3))
    log.info("clusters: %(placed)d mentions placed (%(joined)d joined a cluster, %(founded)d founded one), "
             "%(removed)d removed, %(clusters)d clusters, %(seconds).2f s", update)
    return update


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [name]).fetchone()[0])
