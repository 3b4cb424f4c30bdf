-- Every version of a document the warehouse loaded, and what it replaced: which run loaded which text
-- for a doc_id, from which source. By default a document is only replaced by a new version from its
-- own source (a text from another source under the same id is refused at load, see
-- pipeline/staging.py drop_conflicting_documents). With DATEWIRE_ACCEPT_SOURCE_CHANGE (`datewire run
-- --accept-source-change`) it loads, as change 'source-changed', and previous_source names the source
-- it replaced.
CREATE TABLE IF NOT EXISTS document_versions (
    run_id            VARCHAR NOT NULL,        -- the run that loaded this version
    doc_id            VARCHAR NOT NULL,
    source            VARCHAR NOT NULL,        -- input file
    locator           VARCHAR NOT NULL,        -- '' for a whole file, 'line N' for a JSON line
    change            VARCHAR NOT NULL,        -- new | replaced (other text) | re-extracted (same text)
                                               -- | source-changed (other text from another source)
    content_hash      VARCHAR NOT NULL,        -- this version
    previous_hash     VARCHAR,                 -- the version it replaced (NULL when new)
    previous_run_id   VARCHAR,                 -- the run that had loaded the replaced version
    previous_locator  VARCHAR,
    loaded_at         TIMESTAMP NOT NULL,
    previous_source   VARCHAR,                 -- the source of the version it replaced (NULL when new)
    PRIMARY KEY (run_id, doc_id)
);
-- Warehouses made before previous_source existed.
ALTER TABLE document_versions ADD COLUMN IF NOT EXISTS previous_source VARCHAR;
