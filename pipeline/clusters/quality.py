"""The quality gate of the clusters: a Great Expectations suite, run inside the load before COMMIT.

Clusters are computed from the whole warehouse during the load, so they cannot be validated with the
shards; they are validated here, on Arrow-built pandas frames of the uncommitted tables (GX 1.x has no
DuckDB datasource). A failure raises, the load rolls back, and the run is marked failed with the
reasons: nothing of a batch whose clusters are inconsistent is loaded.
"""
from __future__ import annotations

from functools import lru_cache

import duckdb

__all__ = ["ClusterCheckFailed", "build_cluster_suites", "validate_clusters", "CLUSTER_STATUSES"]

CLUSTER_STATUSES = ("reported", "planned", "negated", "hypothetical")


class ClusterCheckFailed(RuntimeError):
    """The clusters of a load broke an expectation."""


# Helper columns computed in SQL for the suites (never stored).
_CLUSTER_FRAME = """
WITH firm_members AS (
    SELECT c.cluster_id, e.event_date_start AS s, e.event_date_end AS e
    FROM (SELECT * FROM cluster_members {clusters_where}) AS c
    JOIN events AS e USING (event_id)
    JOIN documents AS d ON d.doc_id = e.doc_id
    LEFT JOIN mentions AS t ON t.mention_id = e.mention_id
    WHERE e.date_basis = 'text' AND e.event_date_start IS NOT NULL
      AND date_is_firm(t.anchor, d.published_source, t.text)
)
SELECT k.cluster_id, k.event_date_start, k.event_date_end, k.n_mentions, k.n_reports, k.n_sources, k.status,
       coalesce(bool_and(k.event_date_start IS NULL OR (f.s <= k.event_date_start AND k.event_date_end <= f.e)),
                true) AS range_inside_members
FROM (SELECT * FROM event_clusters {clusters_where}) AS k
LEFT JOIN firm_members AS f USING (cluster_id)
GROUP BY ALL
"""
_EVENT_FRAME = """
SELECT e.event_id, count(c.cluster_id) AS n_clusters,
       bool_and(c.cluster_id IS NULL OR k.cluster_id IS NOT NULL) AS cluster_exists
FROM events AS e
LEFT JOIN cluster_members AS c USING (event_id)
LEFT JOIN event_clusters AS k ON k.cluster_id = c.cluster_id
{events_where}
GROUP BY e.event_id
"""


def build_cluster_suites() -> dict[str, object]:
    """Suites keyed by the frame they validate: 'event_clusters' and 'event_membership'."""
    from pipeline.quality import _gx

    gx = _gx()
    import great_expectations.expectations as gxe  # noqa: PLC0415

    def why(expectation, reason: str):
        expectation.meta = {"reason": reason}
        return expectation

    clusters = gx.ExpectationSuite(name="event_clusters", expectations=[
        why(gxe.ExpectColumnValuesToBeUnique(column="cluster_id"), "two clusters share a cluster_id"),
        why(gxe.ExpectColumnValuesToBeBetween(column="n_mentions", min_value=1), "a cluster has no member"),
        why(gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="n_mentions", column_B="n_reports", or_equal=True),
            "a cluster has more reports than mentions"),
        why(gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="n_reports", column_B="n_sources", or_equal=True),
            "a cluster has more sources than reports (n_sources > n_mentions)"),
        why(gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="event_date_end", column_B="event_date_start",
                                                        or_equal=True, ignore_row_if="either_value_is_missing"),
            "a cluster's date range ends before it starts"),
        why(gxe.ExpectColumnValuesToBeInSet(column="range_inside_members", value_set=[True]),
            "a cluster's date range is not inside each firmly dated member's"),
        why(gxe.ExpectColumnValuesToBeInSet(column="status", value_set=list(CLUSTER_STATUSES)),
            "a cluster's status is not reported, planned, negated or hypothetical"),
    ])
    membership = gx.ExpectationSuite(name="event_membership", expectations=[
        why(gxe.ExpectColumnValuesToBeBetween(column="n_clusters", min_value=1, max_value=1),
            "an event is not in exactly one cluster"),
        why(gxe.ExpectColumnValuesToBeInSet(column="cluster_exists", value_set=[True]),
            "a member points to a cluster that does not exist"),
    ])
    return {"event_clusters": clusters, "event_membership": membership}


@lru_cache(maxsize=1)
def _definitions() -> dict[str, object]:
    from pipeline.quality import gate_definitions

    return gate_definitions("cluster_tables", build_cluster_suites())[1]


# A load's scope (touched=True): the clusters it gave or took members (temp table touched_clusters, left by
# pipeline/clusters/store.py), the events they hold, the events of its documents, and any event that no
# cluster holds. Rows outside it are as the previous load's gate passed them.
_TOUCHED_CLUSTERS = "WHERE cluster_id IN (SELECT cluster_id FROM touched_clusters)"
_TOUCHED_EVENTS = """
WHERE e.event_id IN (SELECT event_id FROM cluster_members WHERE cluster_id IN (SELECT cluster_id FROM touched_clusters))
   OR e.event_id NOT IN (SELECT event_id FROM cluster_members)
   OR e.doc_id IN (SELECT doc_id FROM cluster_staged)
"""


def cluster_frames(con: duckdb.DuckDBPyConnection, touched: bool = False) -> dict[str, object]:
    scope = {"clusters_where": _TOUCHED_CLUSTERS, "events_where": _TOUCHED_EVENTS} if touched else \
        {"clusters_where": "", "events_where": ""}
    clusters, events = _CLUSTER_FRAME.format(**scope), _EVENT_FRAME.format(**scope)
    return {
        "event_clusters": con.execute(clusters).to_arrow_table().to_pandas(date_as_object=True),
        "event_membership": con.execute(events).to_arrow_table().to_pandas(),
    }


def _in_a_load(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name IN "
                            "('touched_clusters', 'cluster_staged')").fetchone()[0] == 2)


def validate_clusters(con: duckdb.DuckDBPyConnection, touched: bool | None = None) -> dict:
    """Run the suites on the (uncommitted) cluster tables; raise ClusterCheckFailed with the reasons.

    Right after `update_clusters` (touched=None finds its temp tables) only the load's scope is
    validated, so the gate's work follows the batch, not the warehouse; touched=False checks it all.
    """
    frames = cluster_frames(con, _in_a_load(con) if touched is None else touched)
    summary, failures = {}, []
    for name, definition in _definitions().items():
        frame = frames[name]
        if frame.empty:
            summary[name] = {"rows": 0, "success": True}
            continue
        result = definition.run(batch_parameters={"dataframe": frame})
        failed = [r for r in result.results if not r.success]
        summary[name] = {"rows": len(frame), "success": result.success, "expectations": len(result.results)}
        for r in failed:
            reason = (r.expectation_config.meta or {}).get("reason", r.expectation_config.type)
            count = (r.result or {}).get("unexpected_count")
            failures.append(f"{reason}" + (f" ({count} rows)" if count else ""))
    if failures:
        raise ClusterCheckFailed("cluster checks failed: " + "; ".join(failures))
    return summary
