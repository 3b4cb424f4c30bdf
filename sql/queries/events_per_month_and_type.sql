-- Happenings per month and event type, each counted once however many articles report it.
--   datewire query --file sql/queries/events_per_month_and_type.sql
WITH final AS (
    SELECT date_trunc('month', event_date_start) AS month, event_type,
           count(*) AS happenings, sum(n_sources) AS reports
    FROM timeline
    WHERE granularity IN ('time', 'part_of_day', 'day', 'week', 'month')
    GROUP BY ALL
)
SELECT * FROM final ORDER BY month, happenings DESC, event_type;
