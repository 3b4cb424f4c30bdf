-- Every input, record, document or row that did not load, with the reason. Nothing is dropped silently.
-- rejection_id hashes (source, locator, stage, reason), so seeing the same bad input again updates
-- run_id instead of adding a duplicate.
CREATE TABLE IF NOT EXISTS rejections (
    rejection_id  VARCHAR PRIMARY KEY,
    run_id        VARCHAR NOT NULL,            -- the latest run that saw it
    source        VARCHAR NOT NULL,
    locator       VARCHAR NOT NULL,            -- 'line 12', 'byte 0', 'chars 120-131', or ''
    stage         VARCHAR NOT NULL,            -- discover | read | extract | validate | load
    reason        VARCHAR NOT NULL,
    payload       VARCHAR,                     -- the offending value or a short excerpt
    doc_id        VARCHAR,
    first_seen_at TIMESTAMP NOT NULL,
    last_seen_at  TIMESTAMP NOT NULL
);
