-- One happening, one row: event mentions of different articles that report the same happening share a
-- cluster (pipeline/clusters/). Every event is a member of exactly one cluster; a mention that matches
-- nothing is a cluster of its own. Clusters are rebuilt from their members after each load, so these
-- figures always agree with `events`.
CREATE TABLE IF NOT EXISTS cluster_members (
    cluster_id  VARCHAR NOT NULL,
    event_id    VARCHAR NOT NULL,          -- events.event_id
    doc_id      VARCHAR NOT NULL,
    similarity  DOUBLE NOT NULL,           -- score of the link that attached it (1.0 for the founder)
    linked_to   VARCHAR,                   -- the member it matched best (NULL for the founder)
    evidence    VARCHAR,                   -- JSON: each feature of that match and its contribution
    counts_as_report BOOLEAN NOT NULL,     -- positive and asserted/reported/future: it says the event happens
    run_id      VARCHAR NOT NULL           -- the run that placed it
);

CREATE TABLE IF NOT EXISTS event_clusters (
    cluster_id       VARCHAR PRIMARY KEY,
    event_date_start DATE,                 -- the range every dated member agrees on
    event_date_end   DATE,
    granularity      VARCHAR,              -- the finest granularity among the dated members
    event_type       VARCHAR,
    trigger_lemma    VARCHAR,              -- the members' most frequent trigger lemma
    actors           VARCHAR[],            -- canonical names, most cited first
    actor_countries  VARCHAR[],
    places           VARCHAR[],
    n_mentions       INTEGER NOT NULL,
    n_reports        INTEGER NOT NULL,     -- members that say it happened (or will)
    n_sources        INTEGER NOT NULL,     -- independent documents among those (syndicated copies once)
    n_sites          INTEGER,              -- distinct publishers or URL hosts, where known
    first_reported   DATE,                 -- the earliest publication date among reporting members
    first_doc_id     VARCHAR,
    representative_event_id VARCHAR NOT NULL,
    sentence         VARCHAR NOT NULL,     -- the representative member's sentence
    status           VARCHAR NOT NULL,     -- reported, planned, negated, hypothetical
    updated_run_id   VARCHAR
);

-- What each document is about, as the clustering compares documents: its strongest terms by tf-idf
-- (a unit vector), the story (documents about one happening) it joined, and the collection
-- frequencies the idf came from. Kept so that a later run compares new articles with old ones
-- without reading their texts again.
CREATE TABLE IF NOT EXISTS cluster_documents (
    doc_id   VARCHAR PRIMARY KEY,
    story_id VARCHAR NOT NULL,
    terms    VARCHAR[] NOT NULL,
    weights  DOUBLE[] NOT NULL
);
-- The blocks each member is in (pipeline/clusters/assign.py, blocking_keys; the key as a 64-bit hash),
-- in the order the clustering scans them (doc_id, position). A load reads back only the last members
-- of the blocks its new mentions are in, not the whole warehouse.
CREATE TABLE IF NOT EXISTS cluster_blocks (
    block_key BIGINT NOT NULL,
    event_id  VARCHAR NOT NULL,
    doc_id    VARCHAR NOT NULL,
    position  INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS cluster_term_counts (
    term        VARCHAR PRIMARY KEY,
    n_documents INTEGER NOT NULL
);

-- Whether an event's governing date is firm enough to keep two reports apart (pipeline/clusters/
-- mention.py, date_is_firm, says why): written out, counted from one written out, counted from a
-- publication date that came with the article, or a day of a named month.
CREATE OR REPLACE MACRO date_is_firm(anchor, published_source, date_text) AS
    coalesce(anchor IN ('explicit', 'previous')
             OR (anchor = 'document' AND published_source = 'metadata')
             OR (anchor = 'document' AND (
                    regexp_matches(date_text, '\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b', 'i')
                 OR regexp_matches(date_text, '\b\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)', 'i'))),
             false);
