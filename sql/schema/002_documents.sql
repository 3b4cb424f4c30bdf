-- One row per article. doc_id is stable: the file name's stem for .txt/.html, the `id` field for JSON
-- lines. Reloading a document replaces its row (and its mentions and events) in one transaction.
CREATE TABLE IF NOT EXISTS documents (
    doc_id             VARCHAR PRIMARY KEY,
    source             VARCHAR NOT NULL,       -- input file
    publisher          VARCHAR,                -- the outlet (JSON lines "source", HTML site name)
    locator            VARCHAR NOT NULL,       -- '' for a whole file, 'line N' for a JSON line
    input_format       VARCHAR NOT NULL,       -- txt | html | jsonl
    encoding           VARCHAR,                -- how the bytes were decoded
    title              VARCHAR,
    url                VARCHAR,
    author             VARCHAR,
    published_date     DATE,
    published_source   VARCHAR NOT NULL,       -- metadata | inferred | unknown
    published_evidence VARCHAR,                -- why we believe published_date
    anchor_date        DATE,                   -- what relative dates were resolved against
    anchor_source      VARCHAR,                -- metadata | inferred | reference | unknown
    date_order         VARCHAR,                -- DMY | MDY: how this document writes numeric dates
    text               VARCHAR NOT NULL,       -- decoded, NFC; every offset in mentions indexes it
    n_chars            INTEGER NOT NULL,
    body_spans         STRUCT("start" INTEGER, "end" INTEGER)[],  -- article body; NULL = whole text
    raw_html           VARCHAR,                -- kept for HTML inputs so extraction can be redone
    content_hash       VARCHAR NOT NULL,
    extractor_version  VARCHAR NOT NULL,
    run_id             VARCHAR NOT NULL,
    loaded_at          TIMESTAMP NOT NULL
);
