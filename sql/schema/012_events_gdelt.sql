-- GDELT-shaped projection of the events that happened (asserted or reported, not negated), one row per
-- event: Actor1 is the source, Actor2 the target, ActionGeo the first place. Unlike GDELT, SQLDATE is
-- the date the text gives the event; DateBasis says when only the publication date stands behind it.
CREATE OR REPLACE VIEW events_gdelt AS
WITH framing AS (
    SELECT DISTINCT frame_event_id AS event_id FROM events WHERE frame_event_id IS NOT NULL
),
first_actor AS (
    SELECT event_id, role, arg_min(coalesce(canonical_name, text), "start") AS name,
           arg_min(country_code, "start") AS country_code, arg_min(sector, "start") AS sector
    FROM event_actors
    WHERE role IN ('source', 'target')
    GROUP BY event_id, role
),
first_place AS (
    SELECT event_id, arg_min(coalesce(name, text), "start") AS name, arg_min(country_code, "start") AS country_code,
           arg_min(lat, "start") AS lat, arg_min(lon, "start") AS lon, arg_min(geo_precision, "start") AS geo_precision
    FROM event_places
    GROUP BY event_id
),
happened AS (
    SELECT e.*
    FROM events AS e
    WHERE e.polarity = 'positive'
      AND e.modality IN ('asserted', 'reported')
      AND e.event_class NOT IN ('state', 'i_state')
      AND e.event_type <> 'other'  -- like GDELT and ACLED: only happenings the taxonomy codes
      AND e.event_id NOT IN (SELECT event_id FROM framing)
),
final AS (
    SELECT
        e.event_id                                                   AS GLOBALEVENTID,
        CAST(strftime(coalesce(e.event_date_start, e.event_date_end), '%Y%m%d') AS INTEGER) AS SQLDATE,
        e.date_basis                                                 AS DateBasis,
        e.granularity                                                AS DateGranularity,
        s.name                                                       AS Actor1Name,
        s.country_code                                               AS Actor1CountryCode,
        s.sector                                                     AS Actor1Type1Code,
        t.name                                                       AS Actor2Name,
        t.country_code                                               AS Actor2CountryCode,
        t.sector                                                     AS Actor2Type1Code,
        e.cameo_root                                                 AS EventCode,
        e.cameo_root                                                 AS EventRootCode,
        e.event_type                                                 AS EventType,
        e.plover_mode                                                AS EventMode,
        e.frame_event_id IS NULL                                     AS IsRootEvent,
        p.name                                                       AS ActionGeo_FullName,
        p.country_code                                               AS ActionGeo_CountryCode,
        p.lat                                                        AS ActionGeo_Lat,
        p.lon                                                        AS ActionGeo_Long,
        p.geo_precision                                              AS ActionGeo_Precision,
        e.modality                                                   AS Modality,
        e.trigger_text                                               AS EventText,
        e.sentence                                                   AS Sentence,
        d.url                                                        AS SOURCEURL,
        d.doc_id                                                     AS DocId,
        d.published_date                                             AS PublishedDate
    FROM happened AS e
    JOIN documents AS d USING (doc_id)
    LEFT JOIN first_actor AS s ON s.event_id = e.event_id AND s.role = 'source'
    LEFT JOIN first_actor AS t ON t.event_id = e.event_id AND t.role = 'target'
    LEFT JOIN first_place AS p ON p.event_id = e.event_id
)
SELECT * FROM final
ORDER BY SQLDATE NULLS LAST, GLOBALEVENTID;
