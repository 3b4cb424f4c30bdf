-- Before 001 replaces them: record each staged document as new, replaced or re-extracted, with the
-- version it replaces. staged_documents holds only documents allowed to load (one per doc_id, and a
-- held doc_id only from its own source, unless the run accepts source changes: 'source-changed').
INSERT INTO document_versions BY NAME
WITH final AS (
    SELECT
        s.run_id,
        s.doc_id,
        s.source,
        s.locator,
        CASE
            WHEN d.doc_id IS NULL THEN 'new'
            WHEN d.content_hash = s.content_hash THEN 're-extracted'
            WHEN d.source <> s.source THEN 'source-changed'
            ELSE 'replaced'
        END              AS change,
        s.content_hash,
        d.content_hash   AS previous_hash,
        d.run_id         AS previous_run_id,
        d.locator        AS previous_locator,
        d.source         AS previous_source,
        s.loaded_at
    FROM staged_documents AS s
    LEFT JOIN documents AS d USING (doc_id)
)
SELECT * FROM final;
