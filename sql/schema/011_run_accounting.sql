-- Does every input of a run add up? inputs = loaded + unchanged + rejected whole.
CREATE OR REPLACE VIEW run_accounting AS
SELECT
    run_id,
    status,
    n_inputs,
    n_documents,
    n_unchanged,
    n_rejected_inputs,
    n_inputs = n_documents + n_unchanged + n_rejected_inputs AS balanced
FROM runs
ORDER BY started_at;
