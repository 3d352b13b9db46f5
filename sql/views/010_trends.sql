-- Trend views. Each is a plain view over the core tables, so analysts can read or copy it.

-- Daily mentions per entity (on-topic articles only), by publication day.
CREATE OR REPLACE VIEW v_daily_mentions_entity AS
SELECT CAST(a.published_at AS DATE) AS day,
       m.entity, m.entity_name, m.category,
       count(*)                     AS mentions,
       count(DISTINCT m.article_id) AS articles
FROM mentions m JOIN articles a ON a.id = m.article_id
WHERE a.on_topic
GROUP BY ALL;

-- Daily mentions per source (outlet).
CREATE OR REPLACE VIEW v_daily_mentions_source AS
SELECT CAST(a.published_at AS DATE) AS day,
       a.source,
       count(*)                     AS mentions,
       count(DISTINCT m.article_id) AS articles
FROM mentions m JOIN articles a ON a.id = m.article_id
WHERE a.on_topic
GROUP BY ALL;

-- Quotes per speaker per day.
CREATE OR REPLACE VIEW v_quotes_per_speaker_day AS
SELECT CAST(a.published_at AS DATE) AS day,
       q.speaker, q.speaker_role,
       count(*)                     AS quotes,
       count(DISTINCT q.article_id) AS articles
FROM quotes q JOIN articles a ON a.id = q.article_id
GROUP BY ALL;

-- The most quoted experts, with what they were introduced as.
CREATE OR REPLACE VIEW v_top_quoted_experts AS
SELECT s.name AS speaker, s.titles[1] AS title, s.affiliations[1] AS affiliation,
       s.quote_count, s.article_count, s.outlet_count, s.first_seen, s.last_seen
FROM speakers s
WHERE s.role = 'expert'
ORDER BY s.quote_count DESC, s.name;
