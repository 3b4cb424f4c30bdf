-- One row per dated event: today, a body sentence anchored by one absolute date mention.
-- Actors, places, event types, modality and cross-source clusters arrive as later migrations that add
-- columns here and tables keyed by event_id; the key and the date columns stay as they are.
CREATE TABLE IF NOT EXISTS events (
    event_id         VARCHAR PRIMARY KEY,      -- '<doc_id>:e<mention start>'
    doc_id           VARCHAR NOT NULL,
    mention_id       VARCHAR NOT NULL,
    sentence         VARCHAR NOT NULL,
    event_date_start DATE NOT NULL,
    event_date_end   DATE NOT NULL,
    granularity      VARCHAR NOT NULL
);
