-- Why did inputs not load? One line per stage and reason, newest first.
WITH final AS (
    SELECT stage, reason, count(*) AS n, max(last_seen_at) AS last_seen
    FROM rejections
    GROUP BY stage, reason
)
SELECT * FROM final ORDER BY last_seen DESC, n DESC;
