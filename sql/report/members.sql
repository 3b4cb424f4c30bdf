-- Every member of every cluster with what the page shows of it: the sentence as the document has it
-- (so that offsets still hold: events.sentence has its whitespace collapsed), where the governing date
-- expression and the trigger sit in it, and the article with its link.
-- Offsets in mentions and events index documents.text (0-based code points); substring is 1-based.
WITH final AS (
    SELECT
        cm.cluster_id,
        cm.event_id,
        cm.doc_id,
        cm.similarity,
        cm.linked_to,
        cm.evidence,
        cm.counts_as_report,
        e.sentence,
        substring(d.text, e.sentence_start + 1, e.sentence_end - e.sentence_start) AS sentence_source,
        m.text                             AS date_text,
        m."start" - e.sentence_start       AS date_from,
        m."end" - e.sentence_start         AS date_to,
        e.trigger_text,
        e.trigger_start - e.sentence_start AS trigger_from,
        e.trigger_end - e.sentence_start   AS trigger_to,
        e.event_type,
        e.modality,
        e.polarity,
        d.title,
        d.url,
        d.publisher,
        d.published_date,
        d.source
    FROM cluster_members AS cm
    JOIN events AS e ON e.event_id = cm.event_id
    JOIN documents AS d ON d.doc_id = cm.doc_id
    LEFT JOIN mentions AS m ON m.mention_id = e.mention_id
)
SELECT * FROM final
ORDER BY cluster_id, counts_as_report DESC, published_date NULLS LAST, doc_id, event_id;
