-- One row per temporal expression found in a document (TIMEX3 semantics). Mentions outside the
-- article body (page furniture, comments, related-post teasers) are kept with in_body = false.
CREATE TABLE IF NOT EXISTS mentions (
    mention_id     VARCHAR PRIMARY KEY,        -- '<doc_id>:<start>-<end>'
    doc_id         VARCHAR NOT NULL,
    "start"        INTEGER NOT NULL,           -- character offsets into documents.text
    "end"          INTEGER NOT NULL,
    text           VARCHAR NOT NULL,
    timex_type     VARCHAR NOT NULL,           -- DATE | TIME | DURATION | SET
    timex_value    VARCHAR NOT NULL,           -- e.g. 2022-02-24, 2022-SP, 198, P2Y, PRESENT_REF
    timex_mod      VARCHAR,                    -- START | MID | END | APPROX | ...
    date_start     DATE,                       -- absolute range denoted; NULL for DURATION/SET/unanchored
    date_end       DATE,
    granularity    VARCHAR,                    -- time | part_of_day | day | week | month | season | ...
    anchor         VARCHAR,                    -- explicit | document | previous | none
    repaired       VARCHAR,                    -- what was repaired in an implausible date, and why
    in_body        BOOLEAN NOT NULL,
    sentence_start INTEGER,
    sentence_end   INTEGER
);
