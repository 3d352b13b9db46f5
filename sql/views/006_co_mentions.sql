-- Mentions per article and entity, rebuilt after every load (derived, so idempotent).
CREATE OR REPLACE TABLE article_entities AS
SELECT m.article_id, m.entity, any_value(m.entity_name) AS entity_name, any_value(m.category) AS category,
       count(*) AS mentions
FROM mentions m GROUP BY m.article_id, m.entity;

-- Co-mentions, rebuilt after every load (a derived table, so it is idempotent): pairs of entities named in
-- the same on-topic article, with and without syndicated copies.
CREATE OR REPLACE TABLE co_mentions AS
WITH e AS (
    SELECT DISTINCT m.article_id, m.entity, m.entity_name, coalesce(a.is_copy, false) AS is_copy
    FROM mentions m JOIN articles a ON a.id = m.article_id WHERE a.on_topic
)
SELECT x.entity AS entity_a, any_value(x.entity_name) AS name_a, y.entity AS entity_b,
       any_value(y.entity_name) AS name_b,
       count(*) AS articles, count(*) FILTER (NOT x.is_copy) AS articles_originals
FROM e x JOIN e y ON x.article_id = y.article_id AND x.entity < y.entity
GROUP BY x.entity, y.entity;
