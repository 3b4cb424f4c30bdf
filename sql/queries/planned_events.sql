-- Planned events: what the articles say will happen (a future date, or future tense), soonest first.
--   datewire query --file sql/queries/planned_events.sql
SELECT event_date_start, event_date_end, granularity, event_type, actors, places, n_sources, sentence, cluster_id
FROM timeline
WHERE status = 'planned'
ORDER BY event_date_start NULLS LAST, cluster_id;
