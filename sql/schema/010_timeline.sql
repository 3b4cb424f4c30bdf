-- What analysts query first: every event with its date and the article that reported it.
CREATE OR REPLACE VIEW timeline AS
WITH final AS (
    SELECT
        e.event_date_start,
        e.event_date_end,
        e.granularity,
        m.text            AS date_text,
        m.timex_value,
        e.sentence,
        d.doc_id,
        d.title,
        d.publisher,
        d.source,
        d.url,
        d.published_date,
        e.event_id
    FROM events AS e
    JOIN documents AS d USING (doc_id)
    JOIN mentions  AS m USING (mention_id)
)
SELECT * FROM final
ORDER BY event_date_start, event_date_end, doc_id, event_id;
