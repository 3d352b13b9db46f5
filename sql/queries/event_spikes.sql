-- Attention before and after each key event: on-topic articles per day, 7 days either side.
SELECT event_name, event_date, offset_days, articles, event_mentions
FROM v_event_windows
WHERE articles > 0 OR event_mentions > 0
ORDER BY event_date, offset_days;
