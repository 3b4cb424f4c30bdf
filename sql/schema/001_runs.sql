-- One row per pipeline run (an Airflow DAG run or a `datewire run`).
-- A run is inserted as 'running' before loading and finished inside the load transaction, so a run
-- killed mid-load stays 'running' until the next run, holding the write lock, marks it 'abandoned'.
CREATE TABLE IF NOT EXISTS runs (
    run_id             VARCHAR PRIMARY KEY,
    started_at         TIMESTAMP NOT NULL,
    finished_at        TIMESTAMP,
    status             VARCHAR NOT NULL,       -- running | success | partial | failed | abandoned
    trigger            VARCHAR,                -- cli | airflow
    input_spec         VARCHAR,                -- the paths or globs the run was given
    n_inputs           INTEGER,                -- documents and bad inputs seen
    n_documents        INTEGER,                -- documents loaded (new or changed)
    n_unchanged        INTEGER,                -- documents skipped: same content hash as loaded before
    n_mentions         INTEGER,
    n_events           INTEGER,
    n_rejections       INTEGER,                -- rejection rows recorded by this run
    n_rejected_inputs  INTEGER,                -- inputs (files, records, documents) turned away whole
    validation_summary JSON,
    pipeline_version   VARCHAR
);
