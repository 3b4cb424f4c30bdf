-- Events become event records (pipeline/events/): one row per event trigger in an article body, with
-- its class, type, modality, polarity and the date that governs it. An event need not have a date of
-- its own any more, so the date columns and the mention become nullable; `date_basis` says how it is
-- dated ('text': a date expression governs it; 'publication': only tense ties it to the document
-- date, a one-sided range; 'none').
ALTER TABLE events ALTER COLUMN mention_id DROP NOT NULL;
ALTER TABLE events ALTER COLUMN event_date_start DROP NOT NULL;
ALTER TABLE events ALTER COLUMN event_date_end DROP NOT NULL;
ALTER TABLE events ALTER COLUMN granularity DROP NOT NULL;
ALTER TABLE events ADD COLUMN IF NOT EXISTS sentence_start INTEGER;
ALTER TABLE events ADD COLUMN IF NOT EXISTS sentence_end INTEGER;
ALTER TABLE events ADD COLUMN IF NOT EXISTS trigger_start INTEGER;       -- offsets into documents.text
ALTER TABLE events ADD COLUMN IF NOT EXISTS trigger_end INTEGER;
ALTER TABLE events ADD COLUMN IF NOT EXISTS trigger_text VARCHAR;
ALTER TABLE events ADD COLUMN IF NOT EXISTS trigger_lemma VARCHAR;
ALTER TABLE events ADD COLUMN IF NOT EXISTS event_class VARCHAR;         -- TimeML: occurrence, reporting, state, ...
ALTER TABLE events ADD COLUMN IF NOT EXISTS event_type VARCHAR;          -- PLOVER type, STATEMENT, ELECTION, DECISION, other
ALTER TABLE events ADD COLUMN IF NOT EXISTS plover_mode VARCHAR;
ALTER TABLE events ADD COLUMN IF NOT EXISTS cameo_root VARCHAR;          -- '01' .. '20'
ALTER TABLE events ADD COLUMN IF NOT EXISTS modality VARCHAR;            -- asserted, reported, future, hypothetical
ALTER TABLE events ADD COLUMN IF NOT EXISTS polarity VARCHAR;            -- positive, negative
ALTER TABLE events ADD COLUMN IF NOT EXISTS date_basis VARCHAR;          -- text, publication, none
ALTER TABLE events ADD COLUMN IF NOT EXISTS confidence DOUBLE;
ALTER TABLE events ADD COLUMN IF NOT EXISTS frame_event_id VARCHAR;      -- the reporting event that reports this one

-- Who took part, in which role. Keyed by (event_id, role, start): one span can be the source of one
-- event and the target of another.
CREATE TABLE IF NOT EXISTS event_actors (
    event_id       VARCHAR NOT NULL,
    doc_id         VARCHAR NOT NULL,
    role           VARCHAR NOT NULL,   -- source, target, participant, speaker
    text           VARCHAR NOT NULL,
    "start"        INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    canonical_name VARCHAR,
    country_code   VARCHAR,            -- ISO 3166-1 alpha-3
    sector         VARCHAR,            -- GOV MIL REB OPP CIV IGO MED ... (PLOVER/CAMEO)
    actor_kind     VARCHAR,
    resolution     VARCHAR             -- alias, country, demonym, role, pronoun, metonym, name, unresolved
);

-- Where it happened, resolved against the gazetteer (geo_precision as ACLED's: 1 town, 2 region, 3 country).
CREATE TABLE IF NOT EXISTS event_places (
    event_id      VARCHAR NOT NULL,
    doc_id        VARCHAR NOT NULL,
    text          VARCHAR NOT NULL,
    "start"       INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    name          VARCHAR,
    country_code  VARCHAR,
    lat           DOUBLE,
    lon           DOUBLE,
    geo_precision INTEGER,
    resolution    VARCHAR,             -- gazetteer, context, ambiguous, unresolved
    candidates    VARCHAR[]
);
