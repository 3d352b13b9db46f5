-- Weekly attention to the negotiations: on-topic articles, with and without syndicated copies.
SELECT week, articles, articles_originals FROM v_weekly_volume ORDER BY week;
