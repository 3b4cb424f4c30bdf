-- The timeline page's clusters: one row per happening, with the article that reported it first.
-- Undated clusters are kept (the page lists them in its table, not on the chart); every status is kept
-- (the page hides negated and hypothetical ones until the reader asks for them).
WITH first_document AS (
    SELECT doc_id, title AS first_title, url AS first_url, publisher AS first_publisher
    FROM documents
),
final AS (
    SELECT
        c.cluster_id,
        c.event_date_start,
        c.event_date_end,
        c.granularity,
        c.event_type,
        c.trigger_lemma,
        coalesce(c.actors, []) AS actors,
        coalesce(c.actor_countries, []) AS actor_countries,
        coalesce(c.places, []) AS places,
        c.n_mentions,
        c.n_reports,
        c.n_sources,
        c.n_sites,
        c.first_reported,
        c.first_doc_id,
        f.first_title,
        f.first_url,
        f.first_publisher,
        c.representative_event_id,
        c.sentence,
        c.status
    FROM event_clusters AS c
    LEFT JOIN first_document AS f ON f.doc_id = c.first_doc_id
)
SELECT * FROM final
ORDER BY event_date_start NULLS LAST, event_date_end, n_sources DESC, cluster_id;
