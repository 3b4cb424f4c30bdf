-- The dated event mentions one actor took part in, in date order (actor_timeline.sql: each happening once). The actor is a parameter:
--   datewire query --file sql/queries/actor_events.sql --param actor=BLR
-- It matches the ISO 3166 alpha-3 country code or the canonical name (case-insensitive).
WITH actor_events AS (
    SELECT DISTINCT event_id, role
    FROM event_actors
    WHERE country_code = upper($actor) OR lower(canonical_name) = lower($actor)
),
final AS (
    SELECT t.event_date_start, t.granularity, a.role, t.trigger_text, t.event_type, t.sentence, t.doc_id
    FROM timeline_mentions AS t
    JOIN actor_events AS a USING (event_id)
)
SELECT * FROM final ORDER BY event_date_start, doc_id, role;
