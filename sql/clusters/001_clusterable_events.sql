-- The events of temp table cluster_selection (event_id) with what the clustering compares: their
-- actors, countries and places as lists, their document's publication date, and their cluster if they
-- have one. The caller fills cluster_selection with just the events it needs (a load's new events, or
-- the earlier members its new events can reach), so this reads no more of the warehouse than that.
WITH actor_lists AS (
    SELECT event_id,
           list(DISTINCT coalesce(canonical_name, lower(text))) AS actors,
           list(DISTINCT country_code) FILTER (WHERE country_code IS NOT NULL) AS actor_countries
    FROM event_actors
    WHERE role IN ('source', 'target', 'participant')
      AND event_id IN (SELECT event_id FROM cluster_selection)
    GROUP BY event_id
),
place_lists AS (
    SELECT event_id,
           list(DISTINCT coalesce(name, text)) AS places,
           list(DISTINCT country_code) FILTER (WHERE country_code IS NOT NULL) AS place_countries
    FROM event_places
    WHERE event_id IN (SELECT event_id FROM cluster_selection)
    GROUP BY event_id
)
SELECT e.event_id, e.doc_id, e.trigger_lemma, e.trigger_text, e.trigger_start, e.event_type, e.event_class,
       e.modality, e.polarity, e.date_basis, e.event_date_start, e.event_date_end, e.granularity, e.sentence,
       d.published_date, d.published_source, t.anchor AS date_anchor, t.text AS date_text, m.cluster_id,
       coalesce(a.actors, []) AS actors,
       list_distinct(list_concat(coalesce(a.actor_countries, []), coalesce(p.place_countries, []))) AS countries,
       coalesce(p.places, []) AS places
FROM events AS e
SEMI JOIN cluster_selection AS s USING (event_id)
JOIN documents AS d USING (doc_id)
LEFT JOIN mentions AS t ON t.mention_id = e.mention_id
LEFT JOIN cluster_members AS m USING (event_id)
LEFT JOIN actor_lists AS a USING (event_id)
LEFT JOIN place_lists AS p USING (event_id)
-- The ORDER BY is the caller's (pipeline/clusters/store.py): document order, or placement order.
