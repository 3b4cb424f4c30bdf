-- Every version of a document the warehouse loaded, and what it replaced: which run loaded which text
-- for a doc_id, from which source. A document is only ever replaced by a new version from its own
-- source (a text from another source under the same id is refused at load, see
-- pipeline/staging.py drop_conflicting_documents), so `source` is the document's source throughout.
CREATE TABLE IF NOT EXISTS document_versions (
    run_id            VARCHAR NOT NULL,        -- the run that loaded this version
    doc_id            VARCHAR NOT NULL,
    source            VARCHAR NOT NULL,        -- input file
    locator           VARCHAR NOT NULL,        -- '' for a whole file, 'line N' for a JSON line
    change            VARCHAR NOT NULL,        -- new | replaced (other text) | re-extracted (same text)
    content_hash      VARCHAR NOT NULL,        -- this version
    previous_hash     VARCHAR,                 -- the version it replaced (NULL when new)
    previous_run_id   VARCHAR,                 -- the run that had loaded the replaced version
    previous_locator  VARCHAR,
    loaded_at         TIMESTAMP NOT NULL,
    PRIMARY KEY (run_id, doc_id)
);
