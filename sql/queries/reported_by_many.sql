-- Happenings that at least N independent articles report (syndicated copies count once).
--   datewire query --file sql/queries/reported_by_many.sql --param min_sources=3
SELECT n_sources, n_mentions, event_date_start, granularity, event_type, actors, places, sentence, first_reported,
       cluster_id
FROM timeline
WHERE n_sources >= $min_sources::INTEGER
ORDER BY n_sources DESC, event_date_start, cluster_id;
