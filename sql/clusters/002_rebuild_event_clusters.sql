-- event_clusters from cluster_members, for the clusters of temp table touched_clusters (cluster_id):
-- those that a load gave members or took members from. The others did not change. Each touched row is
-- recomputed whole from its members, so its figures always agree with the members and their events.
DELETE FROM event_clusters WHERE cluster_id IN (SELECT cluster_id FROM touched_clusters);
INSERT INTO event_clusters BY NAME
WITH member AS (
    SELECT c.cluster_id, c.event_id, c.doc_id, c.counts_as_report, c.run_id,
           e.event_type, e.trigger_lemma, e.modality, e.polarity, e.sentence, e.trigger_start,
           -- Only firm dates bound a cluster (pipeline/clusters/mention.py, date_is_firm): written out,
           -- counted from one written out, or from a publication date that came with the article.
           e.date_basis = 'text' AND e.event_date_start IS NOT NULL
               AND date_is_firm(t.anchor, d.published_source, t.text)
               AS firm,
           CASE WHEN firm THEN e.event_date_start END AS date_start,
           CASE WHEN firm THEN e.event_date_end END AS date_end,
           CASE WHEN firm THEN e.granularity END AS granularity,
           e.date_basis, d.published_date, d.publisher, d.url,
           coalesce(d.publisher, regexp_extract(d.url, '^[a-z]+://(?:www\.)?([^/:]+)', 1)) AS site
    FROM cluster_members AS c
    SEMI JOIN touched_clusters AS k USING (cluster_id)
    JOIN events AS e USING (event_id)
    JOIN documents AS d ON d.doc_id = c.doc_id
    LEFT JOIN mentions AS t ON t.mention_id = e.mention_id
),
-- A syndicated copy or a repeated paragraph is not another source: a document counts once, and two
-- documents whose first member sentence is the same text count as one.
source_key AS (
    SELECT cluster_id, doc_id, arg_min(lower(sentence), trigger_start) AS copy_key
    FROM member
    WHERE counts_as_report
    GROUP BY cluster_id, doc_id
),
sources AS (
    SELECT cluster_id, count(DISTINCT copy_key) AS n_sources FROM source_key GROUP BY cluster_id
),
actor_counts AS (
    SELECT m.cluster_id, coalesce(a.canonical_name, a.text) AS actor, any_value(a.country_code) AS country,
           count(*) AS n
    FROM member AS m
    JOIN event_actors AS a USING (event_id)
    WHERE a.role IN ('source', 'target', 'participant', 'speaker')
    GROUP BY ALL
),
actor_lists AS (
    SELECT cluster_id, list(actor ORDER BY n DESC, actor) AS actors,
           list(DISTINCT country) FILTER (WHERE country IS NOT NULL) AS actor_countries
    FROM actor_counts
    GROUP BY cluster_id
),
place_counts AS (
    SELECT m.cluster_id, coalesce(p.name, p.text) AS place, count(*) AS n
    FROM member AS m
    JOIN event_places AS p USING (event_id)
    GROUP BY ALL
),
place_lists AS (
    SELECT cluster_id, list(place ORDER BY n DESC, place) AS places FROM place_counts GROUP BY cluster_id
),
clusters AS (
    SELECT cluster_id,
           max(date_start) AS event_date_start,
           min(date_end) AS event_date_end,
           arg_min(granularity, date_end - date_start) AS granularity,
           coalesce(mode(event_type) FILTER (WHERE event_type <> 'other'), 'other') AS event_type,
           mode(trigger_lemma) AS trigger_lemma,
           count(*) AS n_mentions,
           count(*) FILTER (WHERE counts_as_report) AS n_reports,
           count(DISTINCT site) FILTER (WHERE counts_as_report) AS n_sites,
           min(published_date) FILTER (WHERE counts_as_report) AS first_reported,
           arg_min(doc_id, (published_date IS NULL, published_date, doc_id)) FILTER (WHERE counts_as_report)
               AS first_doc_id,
           -- The representative: a member that reports it, dated by its own text, from the first source.
           arg_min(event_id, (NOT counts_as_report, NOT firm, date_basis <> 'text', published_date IS NULL,
                              published_date, doc_id, trigger_start)) AS representative_event_id,
           CASE
               WHEN bool_or(counts_as_report AND modality IN ('asserted', 'reported')) THEN 'reported'
               WHEN bool_or(counts_as_report) THEN 'planned'
               WHEN bool_or(polarity = 'negative') THEN 'negated'
               ELSE 'hypothetical'
           END AS status,
           max(run_id) AS updated_run_id
    FROM member
    GROUP BY cluster_id
)
SELECT c.*, coalesce(s.n_sources, 0) AS n_sources, e.sentence,
       coalesce(a.actors, []) AS actors, coalesce(a.actor_countries, []) AS actor_countries,
       coalesce(p.places, []) AS places
FROM clusters AS c
JOIN events AS e ON e.event_id = c.representative_event_id
LEFT JOIN sources AS s USING (cluster_id)
LEFT JOIN actor_lists AS a USING (cluster_id)
LEFT JOIN place_lists AS p USING (cluster_id);
