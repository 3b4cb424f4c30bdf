-- Every dated event mention with its actors, place, cluster and the article that reported it, in date
-- order (the `timeline` view below shows each happening once). Left out: states ("is in line with recent years"), reporting frames whose content is
-- an event of its own (the reported event is shown, with its speaker), and events that did not happen
-- (negated or hypothetical). Planned events stay, marked by modality = 'future'.
CREATE OR REPLACE VIEW timeline_mentions AS
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
        e.event_id,
        c.cluster_id
    FROM events AS e
    JOIN documents AS d USING (doc_id)
    LEFT JOIN mentions AS m USING (mention_id)
    LEFT JOIN actors AS a USING (event_id)
    LEFT JOIN places AS p USING (event_id)
    LEFT JOIN cluster_members AS c USING (event_id)
    WHERE e.date_basis = 'text'
      AND e.event_class NOT IN ('state', 'i_state')
      AND e.event_id NOT IN (SELECT event_id FROM framing)
      AND e.polarity = 'positive'
      AND e.modality IN ('asserted', 'reported', 'future')
)
SELECT * FROM final
ORDER BY event_date_start, event_date_end, doc_id, event_id;

-- What analysts query first: each happening once (an event cluster, pipeline/clusters/), dated, with
-- how many independent articles report it, its actors and places, and the representative report.
-- Only clusters that happened or are planned; states and reporting frames are left out as above.
-- The date is the range all firmly dated members agree on, else the representative's own.
CREATE OR REPLACE VIEW timeline AS
WITH final AS (
    SELECT
        coalesce(k.event_date_start, t.event_date_start) AS event_date_start,
        coalesce(k.event_date_end, t.event_date_end)     AS event_date_end,
        CASE WHEN k.event_date_start IS NOT NULL THEN k.granularity ELSE t.granularity END AS granularity,
        t.date_text,
        t.timex_value,
        t.trigger_text,
        k.event_type,
        k.status,
        k.n_sources,
        k.n_mentions,
        k.actors,
        k.places,
        k.sentence,
        k.first_reported,
        t.doc_id,
        t.title,
        t.publisher,
        t.source,
        t.url,
        t.published_date,
        t.event_id,
        k.cluster_id
    FROM event_clusters AS k
    JOIN timeline_mentions AS t ON t.event_id = k.representative_event_id
    WHERE k.status IN ('reported', 'planned')
)
SELECT * FROM final
ORDER BY event_date_start, event_date_end, n_sources DESC, cluster_id;
