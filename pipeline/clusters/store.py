"""Clusters in the warehouse: place the events of a load into clusters, inside the load's transaction.

Called by `warehouse.load_staged` after the new rows are in, before COMMIT, so a run's events and their
clusters land together or not at all. Steps:
1. members whose event is gone, or whose document this load replaces, leave their clusters (a changed
   document's mentions are placed again, never duplicated);
2. new documents get their tf-idf vectors (collection frequencies kept in `cluster_term_counts`);
3. the events no cluster holds are placed by `Clusterer`, which starts from the clusters already there;
4. the rows of `event_clusters` whose clusters gained or lost members are rebuilt from their members
   (sql/clusters/002_rebuild_event_clusters.sql).

What a load reads of earlier runs is bounded by its batch, not by the warehouse (`reach`): the last
SCAN_PER_BLOCK members of each block its new mentions are in (`cluster_blocks`), the documents those
belong to, the last documents of the new documents' strongest terms and of those documents' stories,
and the size and date range of the clusters reached. Placing the batch from that gives the same
clusters as placing it with the whole warehouse in memory (tests/clusters/test_incremental.py).
"""
from __future__ import annotations

import json
import logging
import time
from collections import Counter
from collections.abc import Iterable, Iterator

import duckdb

from .assign import Clusterer
from .mention import ClusterMention, document_terms, document_vector
from .reach import block_rows, read_reach

__all__ = ["update_clusters", "ClusterUpdate"]

log = logging.getLogger(__name__)

_FETCH = 20_000          # rows per fetch from DuckDB
_FLUSH = 50_000          # placements per insert into cluster_members


class ClusterUpdate(dict):
    """Counts of one update: placed, joined, founded, removed, clusters, read, seconds."""


def _sql(name: str) -> str:
    from pipeline.warehouse import sql_dir

    return (sql_dir() / "clusters" / name).read_text()


# The order earlier members are read back in (the clusterer's blocks keep the last of each).
DOCUMENT_ORDER = "e.doc_id, e.trigger_start, e.event_id"
# assign.placement_order in SQL, so a load's new events stream into the clusterer instead of being held
# and sorted: 376,472 new events at 10,000 documents took 1.27 GB as one list (3.5 KB each). Python
# sorted (doc_id, position) rows stably by (published is None, published, doc_id, position).
# In the output columns of sql/clusters/001_clusterable_events.sql.
PLACEMENT_ORDER = ("published_date IS NULL, published_date, doc_id, coalesce(trigger_start, 0), "
                   "trigger_start, event_id")


def _clusterable_events(order: str) -> str:
    return _sql("001_clusterable_events.sql").rstrip().rstrip(";") + f"\nORDER BY {order}"


def iter_mentions(con: duckdb.DuckDBPyConnection) -> Iterator[ClusterMention]:
    """The events of temp table cluster_selection as ClusterMentions, in (doc_id, position) order.

    One query whose rows are fetched as they are read: `con` runs nothing else until it is exhausted.
    """
    result = con.execute(_clusterable_events(DOCUMENT_ORDER))
    columns = [d[0] for d in result.description]
    return _mentions(columns, iter(lambda: result.fetchmany(_FETCH), []))


def iter_mentions_in_slices(con: duckdb.DuckDBPyConnection, order: str = PLACEMENT_ORDER
                            ) -> Iterator[ClusterMention]:
    """The events of cluster_selection in `order` (an ORDER BY list over published_date, doc_id,
    trigger_start, event_id), read _FETCH at a time; the caller may run other statements on `con`
    between two mentions. It overwrites cluster_selection with each slice.

    Neither the ordered events nor their result is held whole: at 30,000 documents (1.1 million events)
    ordering the full query in one result took 0.9 GB and a temp table of it 1.7 GB of DuckDB's memory.
    Only (event_id, rank) is kept; each slice runs the query for its own events. An open result cannot
    be kept instead (a statement between two fetches closes it), nor a cursor used (it is another
    connection and does not see the load's uncommitted rows).
    """
    con.execute(f"CREATE OR REPLACE TEMP TABLE cluster_order AS SELECT event_id, row_number() OVER "
                f"(ORDER BY {order}) AS stream_rank FROM ({_sql('003_placement_order.sql')})")
    n = con.execute("SELECT count(*) FROM cluster_order").fetchone()[0]

    def slices() -> Iterator[list[tuple]]:
        for start in range(0, n, _FETCH):
            select_events(con, "SELECT event_id FROM cluster_order WHERE stream_rank > ? AND stream_rank <= ?",
                          [start, start + _FETCH])
            result = con.execute(_clusterable_events(order))
            columns[:] = [d[0] for d in result.description]
            yield result.fetchall()
        con.execute("DROP TABLE IF EXISTS cluster_order")

    columns: list[str] = []
    return _mentions(columns, slices())


def _mentions(columns: list[str], chunks: Iterable[list[tuple]]) -> Iterator[ClusterMention]:
    sentence, parts = None, None
    for chunk in chunks:
        for values in chunk:
            row = dict(zip(columns, values))
            # The events of one sentence come one after another: they share its terms and key.
            if row["sentence"] != sentence:
                sentence, parts = row["sentence"], None
            mention = ClusterMention.from_row(row, row["actors"], row["countries"], row["places"], parts)
            parts = (mention.sentence_terms, mention.sentence_key)
            yield mention


def select_events(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> None:
    con.execute(f"CREATE OR REPLACE TEMP TABLE cluster_selection AS {sql}", params or [])


def _new_document_vectors(con: duckdb.DuckDBPyConnection, new_docs: set[str]) -> dict[str, dict[str, float]]:
    """The tf-idf vectors of the load's new documents; their terms go into cluster_term_counts."""
    if not new_docs:
        return {}
    ids = sorted(new_docs)
    con.execute("DELETE FROM cluster_documents WHERE doc_id IN (SELECT unnest(?))", [ids])
    texts = con.execute("SELECT doc_id, text FROM documents WHERE doc_id IN (SELECT unnest(?))", [ids]).fetchall()
    added: Counter[str] = Counter()
    for _, text in texts:
        added.update(document_terms(text))
    if added:
        con.execute("CREATE OR REPLACE TEMP TABLE added_term_counts (term VARCHAR, n INTEGER)")
        con.execute("INSERT INTO added_term_counts SELECT unnest(?), unnest(?)", [list(added), list(added.values())])
        con.execute("""
            CREATE OR REPLACE TEMP TABLE merged_term_counts AS
            SELECT term, coalesce(c.n_documents, 0) + a.n AS n_documents
            FROM added_term_counts AS a LEFT JOIN cluster_term_counts AS c USING (term)""")
        con.execute("DELETE FROM cluster_term_counts WHERE term IN (SELECT term FROM added_term_counts)")
        con.execute("INSERT INTO cluster_term_counts SELECT term, n_documents FROM merged_term_counts")
    n_documents = con.execute("SELECT count(*) FROM cluster_documents").fetchone()[0] + len(texts)
    frequency = dict(con.execute(
        "SELECT term, n_documents FROM cluster_term_counts WHERE term IN (SELECT term FROM added_term_counts)"
    ).fetchall()) if added else {}
    return {doc_id: document_vector(text, frequency, n_documents) for doc_id, text in texts}


def _store_new_documents(con: duckdb.DuckDBPyConnection, stories: dict[str, str],
                         vectors: dict[str, dict[str, float]], new_docs: set[str]) -> None:
    # Through Arrow, as the members are: bound as query parameters, 30,000 documents' lists of 100
    # terms and weights took 820 MB and 18 s.
    ids = sorted(d for d in new_docs if d in stories)
    if ids:
        _insert(con, "cluster_documents", {"doc_id": ids, "story_id": [stories[d] for d in ids],
                                           "terms": [list(vectors[d]) for d in ids],
                                           "weights": [list(vectors[d].values()) for d in ids]})


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: dict[str, list]) -> None:
    import pyarrow as pa

    con.register("cluster_rows", pa.table(rows))
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM cluster_rows")
    con.unregister("cluster_rows")


def _write_placements(con: duckdb.DuckDBPyConnection, clusterer: Clusterer, mentions: Iterable[ClusterMention],
                      run_id: str) -> tuple[int, int]:
    """Place the mentions, writing members and their blocks in chunks; returns (placed, joined)."""
    placed = joined = 0
    members: dict[str, list] = {k: [] for k in ("cluster_id", "event_id", "doc_id", "similarity", "linked_to",
                                                "evidence", "counts_as_report", "run_id")}
    blocks: dict[str, list] = {k: [] for k in ("block_key", "event_id", "doc_id", "position")}

    def flush() -> None:
        if members["event_id"]:
            _insert(con, "cluster_members", members)
            _insert(con, "cluster_blocks", blocks)
            for column in (*members.values(), *blocks.values()):
                column.clear()

    for mention in mentions:
        p = clusterer.place(mention)
        placed += 1
        joined += p.linked_to is not None
        members["cluster_id"].append(p.cluster_id)
        members["event_id"].append(p.event_id)
        members["doc_id"].append(mention.doc_id)
        members["similarity"].append(float(p.similarity))
        members["linked_to"].append(p.linked_to)
        members["evidence"].append(json.dumps(p.match.evidence(), separators=(",", ":"))
                                   if p.match is not None else None)
        members["counts_as_report"].append(mention.counts_as_report)
        members["run_id"].append(run_id)
        for key in block_rows(mention):
            blocks["block_key"].append(key)
            blocks["event_id"].append(mention.event_id)
            blocks["doc_id"].append(mention.doc_id)
            blocks["position"].append(mention.position)
        if len(members["event_id"]) >= _FLUSH:
            flush()
    flush()
    return placed, joined


def _backfill_blocks(con: duckdb.DuckDBPyConnection) -> None:
    """A warehouse clustered before cluster_blocks existed: index its members' blocks once."""
    if con.execute("SELECT count(*) FROM cluster_blocks").fetchone()[0] \
            or not con.execute("SELECT count(*) FROM cluster_members").fetchone()[0]:
        return
    select_events(con, "SELECT event_id FROM cluster_members")
    blocks: dict[str, list] = {k: [] for k in ("block_key", "event_id", "doc_id", "position")}
    for mention in iter_mentions(con):
        for key in block_rows(mention):
            blocks["block_key"].append(key)
            blocks["event_id"].append(mention.event_id)
            blocks["doc_id"].append(mention.doc_id)
            blocks["position"].append(mention.position)
    if blocks["event_id"]:
        _insert(con, "cluster_blocks", blocks)
    log.info("clusters: indexed the blocks of %d earlier members", len(set(blocks["event_id"])))


def update_clusters(con: duckdb.DuckDBPyConnection, run_id: str) -> ClusterUpdate:
    """Bring cluster_members and event_clusters up to date with `events` (inside the caller's transaction)."""
    started = time.perf_counter()
    if _has_table(con, "staged_documents"):
        con.execute("CREATE OR REPLACE TEMP TABLE cluster_staged AS SELECT DISTINCT doc_id FROM staged_documents")
    else:
        con.execute("CREATE OR REPLACE TEMP TABLE cluster_staged (doc_id VARCHAR)")
    _backfill_blocks(con)
    # 1. Members of replaced documents and of events that are gone leave their clusters.
    con.execute("""
        CREATE OR REPLACE TEMP TABLE cluster_removed AS
        SELECT event_id, cluster_id FROM cluster_members
        WHERE doc_id IN (SELECT doc_id FROM cluster_staged)
           OR event_id NOT IN (SELECT event_id FROM events)""")
    removed = con.execute("SELECT count(*) FROM cluster_removed").fetchone()[0]
    if removed:
        con.execute("DELETE FROM cluster_members WHERE event_id IN (SELECT event_id FROM cluster_removed)")
        con.execute("DELETE FROM cluster_blocks WHERE event_id IN (SELECT event_id FROM cluster_removed)")
    con.execute("DELETE FROM cluster_documents WHERE doc_id NOT IN (SELECT doc_id FROM documents)")
    # 2. The events no cluster holds, in the order they are placed.
    con.execute("CREATE OR REPLACE TEMP TABLE cluster_new AS "
                "SELECT event_id FROM events ANTI JOIN cluster_members USING (event_id)")
    select_events(con, "SELECT event_id FROM cluster_new")
    new_docs = {r[0] for r in con.execute(
        "SELECT DISTINCT doc_id FROM events SEMI JOIN cluster_new USING (event_id)").fetchall()}
    vectors = _new_document_vectors(con, new_docs)
    # 3. What they can reach of earlier runs (read in one pass over the new events, which are not
    # kept), then their placement, streamed in placement order: the clusterer keeps what it needs.
    clusterer = Clusterer()
    # With no earlier members there is nothing to reach: a first load skips that pass over its events.
    earlier = con.execute("SELECT EXISTS (SELECT 1 FROM cluster_members)").fetchone()[0]
    read = read_reach(con, clusterer, iter_mentions_in_slices(con) if earlier else (), vectors)
    select_events(con, "SELECT event_id FROM cluster_new")
    placed, joined = _write_placements(con, clusterer, iter_mentions_in_slices(con), run_id)
    _store_new_documents(con, clusterer.stories, vectors, new_docs)
    # The clusterer still holds most of the batch's mentions; the rebuild below is DuckDB's own memory,
    # which would otherwise stack on them (at 30,000 documents 2.5 GB of the clusterer under 2.1 GB of SQL).
    del clusterer, vectors
    _release_memory()
    # 4. The clusters that gained or lost members.
    _touched(con)
    con.execute(_sql("002_rebuild_event_clusters.sql"))
    n_clusters = con.execute("SELECT count(*) FROM event_clusters").fetchone()[0]
    update = ClusterUpdate(placed=placed, joined=joined, founded=placed - joined, removed=removed,
                           clusters=n_clusters, read=read, seconds=round(time.perf_counter() - started, 3))
    log.info("clusters: %(placed)d mentions placed (%(joined)d joined a cluster, %(founded)d founded one), "
             "%(removed)d removed, %(clusters)d clusters, %(seconds).2f s", update)
    return update


def _release_memory() -> None:
    from pipeline.runner import release_memory  # noqa: PLC0415

    release_memory()


def _touched(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("""
        CREATE OR REPLACE TEMP TABLE touched_clusters AS
        SELECT cluster_id FROM cluster_removed
        UNION
        SELECT m.cluster_id FROM cluster_members AS m SEMI JOIN cluster_new USING (event_id)""")


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [name]).fetchone()[0])
