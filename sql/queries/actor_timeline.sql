-- One actor's timeline: every happening that names it (canonical name or ISO 3166 alpha-3 code), in date
-- order, with its sources.
--   datewire query --file sql/queries/actor_timeline.sql --param actor=BLR
SELECT event_date_start, event_date_end, granularity, event_type, status, n_sources, actors, places, sentence,
       cluster_id
FROM timeline
WHERE list_contains(actors, $actor)
   OR cluster_id IN (SELECT cluster_id FROM event_clusters WHERE list_contains(actor_countries, upper($actor)))
ORDER BY event_date_start, cluster_id;
