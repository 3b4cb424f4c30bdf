-- The events of temp table cluster_selection with the columns that order their placement (and nothing
-- else, so ranking a load's million events costs little memory); the ORDER BY is the caller's
-- (pipeline/clusters/store.py, PLACEMENT_ORDER).
SELECT e.event_id, e.doc_id, e.trigger_start, d.published_date
FROM events AS e
SEMI JOIN cluster_selection AS s USING (event_id)
JOIN documents AS d USING (doc_id)
