-- What the page says about the warehouse it was built from: the latest finished run and the totals.
WITH latest_run AS (
    SELECT run_id, finished_at
    FROM runs
    WHERE finished_at IS NOT NULL
    ORDER BY finished_at DESC
    LIMIT 1
),
final AS (
    SELECT
        (SELECT run_id FROM latest_run)       AS latest_run_id,
        (SELECT finished_at FROM latest_run)  AS latest_run_finished_at,
        (SELECT count(*) FROM documents)      AS n_documents,
        (SELECT count(*) FROM events)         AS n_events,
        (SELECT count(*) FROM event_clusters) AS n_clusters
)
SELECT * FROM final;
