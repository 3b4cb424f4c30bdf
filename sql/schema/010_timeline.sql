-- What analysts query first: every dated event with its actors, place and the article that reported it,
-- in date order. Left out: states ("is in line with recent years"), reporting frames whose content is
-- an event of its own (the reported event is shown, with its speaker), and events that did not happen
-- (negated or hypothetical). Planned events stay, marked by modality = 'future'.
CREATE OR REPLACE VIEW timeline AS
WITH framing AS (
    SELECT DISTINCT frame_event_id AS event_id FROM events WHERE frame_event_id IS NOT NULL
),
actors AS (
    SELECT event_id,
           list(coalesce(canonical_name, text) ORDER BY CASE role WHEN 'source' THEN 0 WHEN 'speaker' THEN 1
                WHEN 'target' THEN 2 ELSE 3 END, "start") AS actors
    FROM event_actors
    GROUP BY event_id
),
places AS (
    SELECT event_id, list(coalesce(name, text) ORDER BY "start") AS places
    FROM event_places
    GROUP BY event_id
),
final AS (
    SELECT
        e.event_date_start,
        e.event_date_end,
        e.granularity,
        m.text            AS date_text,
        m.timex_value,
        e.trigger_text,
        e.event_type,
        e.modality,
        a.actors,
        p.places,
        e.sentence,
        d.doc_id,
        d.title,
        d.publisher,
        d.source,
        d.url,
        d.published_date,
        e.event_id
    FROM events AS e
    JOIN documents AS d USING (doc_id)
    LEFT JOIN mentions AS m USING (mention_id)
    LEFT JOIN actors AS a USING (event_id)
    LEFT JOIN places AS p USING (event_id)
    WHERE e.date_basis = 'text'
      AND e.event_class NOT IN ('state', 'i_state')
      AND e.event_id NOT IN (SELECT event_id FROM framing)
      AND e.polarity = 'positive'
      AND e.modality IN ('asserted', 'reported', 'future')
)
SELECT * FROM final
ORDER BY event_date_start, event_date_end, doc_id, event_id;
