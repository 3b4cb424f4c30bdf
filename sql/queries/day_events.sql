-- Everything reported to have happened on one day (change the date), with the reporting article.
SELECT event_date_start AS day, date_text, sentence, title, source
FROM timeline
WHERE granularity IN ('time', 'part_of_day', 'day')
  AND event_date_start = DATE '2024-02-24';
