-- The entities most often named together in one article (co-mentions).
SELECT name_a, name_b, articles, articles_originals FROM v_co_mentions ORDER BY articles DESC, name_a, name_b LIMIT 25;
