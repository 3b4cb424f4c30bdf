-- Replace every staged document with its new version: a reload is an upsert, never a duplicate.
-- DELETE then INSERT (not ON CONFLICT) so the same statements work on a DuckLake catalog, which has
-- no key constraints; they run inside the load transaction, so readers never see a half-loaded doc.
DELETE FROM event_actors WHERE doc_id IN (SELECT doc_id FROM staged_documents);
DELETE FROM event_places WHERE doc_id IN (SELECT doc_id FROM staged_documents);
DELETE FROM events     WHERE doc_id IN (SELECT doc_id FROM staged_documents);
DELETE FROM mentions   WHERE doc_id IN (SELECT doc_id FROM staged_documents);
-- Rejections of a reloaded document's old version go, unless this run rejects the same thing again
-- (then 002 keeps its first sighting).
DELETE FROM rejections WHERE doc_id IN (SELECT doc_id FROM staged_documents)
                         AND stage IN ('extract', 'validate')
                         AND rejection_id NOT IN (SELECT rejection_id FROM staged_rejections);
DELETE FROM documents  WHERE doc_id IN (SELECT doc_id FROM staged_documents);

INSERT INTO documents BY NAME SELECT * FROM staged_documents;
INSERT INTO mentions  BY NAME SELECT * FROM staged_mentions;
INSERT INTO events    BY NAME SELECT * FROM staged_events;
INSERT INTO event_actors BY NAME SELECT * FROM staged_event_actors;
INSERT INTO event_places BY NAME SELECT * FROM staged_event_places;
