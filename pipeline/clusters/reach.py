"""What a load's new mentions can reach of earlier runs, read from the warehouse and nothing more.

`Clusterer.place` looks at the last `scan` members of each block of a new mention, at the last
STORY_TERM_SCAN documents of each of the new document's strongest terms, and at the last STORY_SAMPLE
documents of each story those belong to; it needs the size and date range of each cluster it reaches,
and the ids already in use (to name a new cluster or story). `read_reach` reads exactly that, with SQL
windows over `cluster_blocks` and `cluster_documents` restricted to the batch's keys, in the order the
clusterer keeps its lists (doc_id, position), and hands it to the clusterer. Any list read this way is a
superset of the last n items of the full list, in the same order, so its last n are the same: the
batch is placed as if the whole warehouse were in memory, at a cost that grows with the batch.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from collections.abc import Iterable, Sequence

import duckdb

from .assign import (STORY_SAMPLE, STORY_TERM_SCAN, STORY_TERMS, Clusterer, blocking_keys, cluster_base,
                     story_base)
from .mention import ClusterMention

__all__ = ["block_key", "block_rows", "read_reach"]


@lru_cache(maxsize=1 << 16)
def block_key(key: tuple) -> int:
    """A blocking key as a signed 64-bit integer (the column cluster_blocks.block_key)."""
    digest = hashlib.blake2b("\x1f".join(map(str, key)).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def block_rows(mention: ClusterMention) -> list[int]:
    return [block_key(k) for k in blocking_keys(mention)]


def _top_terms(vector: dict[str, float]) -> list[str]:
    return sorted(vector, key=lambda t: -vector[t])[:STORY_TERMS]


def _temp(con: duckdb.DuckDBPyConnection, name: str, column: str, kind: str, values: Sequence) -> None:
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({column} {kind})")
    if values:
        con.execute(f"INSERT INTO {name} SELECT unnest(?)", [list(values)])


def read_reach(con: duckdb.DuckDBPyConnection, clusterer: Clusterer, new: Iterable[ClusterMention],
               new_vectors: dict[str, dict[str, float]]) -> dict[str, int]:
    """Load into `clusterer` what `new` can reach of the clusters already in the warehouse.

    `new` is read once and not kept: only its blocking keys and the ids its clusters could be given.
    """
    from .store import iter_mentions, select_events

    scan = clusterer.scan
    keys: set[int] = set()
    bases: set[str] = set()
    for mention in new:
        keys.update(block_rows(mention))
        bases.add(cluster_base(mention.event_id))
    _temp(con, "reach_keys", "block_key", "BIGINT", sorted(keys))
    # The last `scan` earlier members of each of those blocks.
    select_events(con, """
        SELECT DISTINCT event_id FROM (
            SELECT b.event_id, row_number() OVER (
                PARTITION BY b.block_key ORDER BY b.doc_id DESC, b.position DESC, b.event_id DESC) AS r
            FROM cluster_blocks AS b SEMI JOIN reach_keys USING (block_key)
        ) WHERE r <= ?""", [scan])
    existing = list(iter_mentions(con))
    # Their documents; the last documents of the new documents' strongest terms; the last documents of
    # those documents' stories.
    _temp(con, "reach_terms", "term", "VARCHAR", sorted({t for v in new_vectors.values() for t in _top_terms(v)}))
    _temp(con, "reach_member_docs", "doc_id", "VARCHAR", sorted({m.doc_id for m in existing}))
    con.execute("""
        CREATE OR REPLACE TEMP TABLE reach_term_docs AS
        SELECT DISTINCT doc_id FROM (
            SELECT doc_id, row_number() OVER (PARTITION BY term ORDER BY doc_id DESC) AS r
            FROM (SELECT doc_id, unnest(list_slice(terms, 1, ?)) AS term FROM cluster_documents)
            SEMI JOIN reach_terms USING (term)
        ) WHERE r <= ?""", [STORY_TERMS, STORY_TERM_SCAN])
    rows = con.execute("""
        WITH stories AS (
            SELECT DISTINCT story_id FROM cluster_documents
            WHERE doc_id IN (SELECT doc_id FROM reach_term_docs)
        ),
        story_docs AS (
            SELECT doc_id FROM (
                SELECT doc_id, row_number() OVER (PARTITION BY story_id ORDER BY doc_id DESC) AS r
                FROM cluster_documents SEMI JOIN stories USING (story_id)
            ) WHERE r <= ?
        ),
        wanted AS (
            SELECT doc_id FROM reach_member_docs UNION SELECT doc_id FROM reach_term_docs
            UNION SELECT doc_id FROM story_docs
        )
        SELECT doc_id, story_id, terms, weights FROM cluster_documents SEMI JOIN wanted USING (doc_id)
        ORDER BY doc_id""", [STORY_SAMPLE]).fetchall()
    vectors = {doc_id: dict(zip(terms, weights)) for doc_id, _, terms, weights in rows}
    stories = {doc_id: story_id for doc_id, story_id, _, _ in rows}
    vectors.update(new_vectors)
    clusterer.set_document_vectors(vectors, stories)
    # Story ids a new document could be given that earlier runs already use.
    _temp(con, "reach_story_bases", "story_id", "VARCHAR", sorted(story_base(d) for d in new_vectors))
    clusterer.taken_stories.update(r[0] for r in con.execute(
        "SELECT story_id FROM cluster_documents WHERE rtrim(story_id, 'x') IN (SELECT story_id FROM reach_story_bases)"
    ).fetchall())
    # Size and date range of each cluster reached, over all its members; cluster ids a new mention
    # could be given that are in use.
    _temp(con, "reach_clusters", "cluster_id", "VARCHAR", sorted({m.cluster_id for m in existing}))
    clusters = {}
    for cluster_id, size, start, end in con.execute("""
            WITH member AS (
                SELECT c.cluster_id, e.event_date_start, e.event_date_end,
                       e.date_basis = 'text' AND e.event_date_start IS NOT NULL AND e.event_date_end IS NOT NULL
                           AND date_is_firm(t.anchor, d.published_source, t.text) AS firm
                FROM cluster_members AS c
                SEMI JOIN reach_clusters USING (cluster_id)
                JOIN events AS e USING (event_id)
                JOIN documents AS d ON d.doc_id = e.doc_id
                LEFT JOIN mentions AS t ON t.mention_id = e.mention_id
            )
            SELECT cluster_id, count(*), max(event_date_start) FILTER (WHERE firm),
                   min(event_date_end) FILTER (WHERE firm)
            FROM member GROUP BY cluster_id""").fetchall():
        clusters[cluster_id] = (size, (start.toordinal(), end.toordinal()) if start is not None else None)
    _temp(con, "reach_cluster_bases", "cluster_id", "VARCHAR", sorted(bases))
    taken = [r[0] for r in con.execute(
        "SELECT DISTINCT cluster_id FROM cluster_members "
        "WHERE split_part(cluster_id, '-', 1) IN (SELECT cluster_id FROM reach_cluster_bases)").fetchall()]
    clusterer.add_existing(existing, clusters, taken)
    return {"members": len(existing), "documents": len(rows), "clusters": len(clusters)}
