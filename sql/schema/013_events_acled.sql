-- ACLED-shaped projection of the events that happened, one row per event. time_precision as ACLED's:
-- 1 the day is known, 2 the week, 3 the month or coarser (or only the publication date bounds it).
CREATE OR REPLACE VIEW events_acled AS
WITH framing AS (
    SELECT DISTINCT frame_event_id AS event_id FROM events WHERE frame_event_id IS NOT NULL
),
actor_lists AS (
    SELECT event_id,
           arg_min(coalesce(canonical_name, text), "start") FILTER (WHERE role = 'source') AS actor1,
           list(coalesce(canonical_name, text) ORDER BY "start") FILTER (WHERE role = 'participant') AS assoc_actor_1,
           arg_min(coalesce(canonical_name, text), "start") FILTER (WHERE role = 'target') AS actor2,
           arg_min(country_code, "start") FILTER (WHERE role = 'source') AS actor1_country
    FROM event_actors
    GROUP BY event_id
),
first_place AS (
    SELECT event_id, arg_min(coalesce(name, text), "start") AS location, arg_min(country_code, "start") AS country,
           arg_min(lat, "start") AS latitude, arg_min(lon, "start") AS longitude,
           arg_min(geo_precision, "start") AS geo_precision
    FROM event_places
    GROUP BY event_id
),
final AS (
    SELECT
        e.event_id                                                    AS event_id_cnty,
        coalesce(e.event_date_start, e.event_date_end)                AS event_date,
        year(coalesce(e.event_date_start, e.event_date_end))          AS "year",
        CASE WHEN e.date_basis = 'text' AND e.granularity IN ('time', 'part_of_day', 'day') THEN 1
             WHEN e.date_basis = 'text' AND e.granularity = 'week' THEN 2
             ELSE 3 END                                               AS time_precision,
        e.date_basis,
        e.event_type,
        e.plover_mode                                                 AS sub_event_type,
        a.actor1,
        array_to_string(a.assoc_actor_1, '; ')                        AS assoc_actor_1,
        a.actor2,
        coalesce(p.country, a.actor1_country)                         AS country,
        p.location,
        p.latitude,
        p.longitude,
        p.geo_precision,
        d.publisher                                                   AS source,
        d.url                                                         AS source_url,
        e.sentence                                                    AS notes,
        e.modality,
        e.polarity,
        d.doc_id
    FROM events AS e
    JOIN documents AS d USING (doc_id)
    LEFT JOIN actor_lists AS a USING (event_id)
    LEFT JOIN first_place AS p USING (event_id)
    WHERE e.polarity = 'positive'
      AND e.modality IN ('asserted', 'reported')
      AND e.event_class NOT IN ('state', 'i_state')
      AND e.event_type <> 'other'  -- like GDELT and ACLED: only happenings the taxonomy codes
      AND e.event_id NOT IN (SELECT event_id FROM framing)
)
SELECT * FROM final
ORDER BY event_date NULLS LAST, event_id_cnty;
