-- Record rejections; one seen before keeps its first_seen_at and takes the new run_id.
CREATE OR REPLACE TEMP TABLE rejection_first_seen AS
SELECT rejection_id, first_seen_at
FROM rejections
WHERE rejection_id IN (SELECT rejection_id FROM staged_rejections);

DELETE FROM rejections WHERE rejection_id IN (SELECT rejection_id FROM staged_rejections);

INSERT INTO rejections BY NAME
SELECT s.*, coalesce(f.first_seen_at, s.last_seen_at) AS first_seen_at
FROM staged_rejections AS s
LEFT JOIN rejection_first_seen AS f USING (rejection_id);
