-- How many events does the warehouse hold per month, and from how many articles?
WITH dated AS (
    SELECT date_trunc('month', event_date_start) AS month, doc_id
    FROM timeline
    WHERE granularity IN ('time', 'part_of_day', 'day', 'week', 'month')
),
final AS (
    SELECT month, count(*) AS events, count(DISTINCT doc_id) AS articles
    FROM dated
    GROUP BY month
)
SELECT * FROM final ORDER BY month;
