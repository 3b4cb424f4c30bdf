-- What the latest successful run changed: the happenings it created or added reports to, and how many of
-- their mentions it placed.
--   datewire query --file sql/queries/changes_since_last_run.sql
WITH last_run AS (
    SELECT run_id FROM runs WHERE status IN ('success', 'partial') ORDER BY started_at DESC LIMIT 1
),
touched AS (
    SELECT c.cluster_id, count(*) AS new_mentions
    FROM cluster_members AS c
    WHERE c.run_id = (SELECT run_id FROM last_run)
    GROUP BY c.cluster_id
),
final AS (
    SELECT CASE WHEN t.new_mentions = k.n_mentions THEN 'new' ELSE 'more reports' END AS change,
           t.new_mentions, k.n_mentions, k.n_sources, k.status, k.event_date_start, k.granularity, k.event_type,
           k.sentence, k.cluster_id
    FROM touched AS t
    JOIN event_clusters AS k USING (cluster_id)
)
SELECT * FROM final ORDER BY change, n_sources DESC, event_date_start, cluster_id;
