-- Trend views. Plain views over the core tables, so analysts can read or copy them. Counts come in two
-- flavours: all articles, and "originals" (syndicated copies left out: NOT is_copy). Days are UTC
-- publication days; normalised figures are per 100 on-topic articles published that day (or week).

CREATE OR REPLACE VIEW v_articles AS
SELECT id, source, title, published_at,
       CAST(published_at AS DATE)                       AS day,
       CAST(date_trunc('week', published_at) AS DATE)   AS week,
       on_topic, coalesce(is_copy, false)               AS is_copy, original_source, tone, word_count
FROM articles;

-- Volume: on-topic articles per day (the denominator of the normalised views).
CREATE OR REPLACE VIEW v_daily_volume AS
SELECT day, count(*) AS articles, count(*) FILTER (NOT is_copy) AS articles_originals
FROM v_articles WHERE on_topic AND day IS NOT NULL GROUP BY day;

CREATE OR REPLACE VIEW v_weekly_volume AS
SELECT week, count(*) AS articles, count(*) FILTER (NOT is_copy) AS articles_originals
FROM v_articles WHERE on_topic AND week IS NOT NULL GROUP BY week;

-- Mentions per article and entity (the article_entities table, rebuilt by every load) are the first
-- aggregation level of the entity views, so no view needs COUNT DISTINCT over a million mention rows.
CREATE OR REPLACE VIEW v_article_entities AS SELECT * FROM article_entities;

-- Daily mentions per entity, raw and normalised by the day's on-topic volume.
CREATE OR REPLACE VIEW v_daily_mentions_entity AS
WITH per_day AS (
    SELECT a.day, e.entity, any_value(e.entity_name) AS entity_name, any_value(e.category) AS category,
           sum(e.mentions)                           AS mentions,
           count(*)                                  AS articles,
           sum(e.mentions) FILTER (NOT a.is_copy)    AS mentions_originals,
           count(*) FILTER (NOT a.is_copy)           AS articles_originals
    FROM v_article_entities e JOIN v_articles a ON a.id = e.article_id
    WHERE a.on_topic AND a.day IS NOT NULL
    GROUP BY a.day, e.entity
)
SELECT p.day, p.entity, p.entity_name, p.category, p.mentions, p.articles,
       coalesce(p.mentions_originals, 0) AS mentions_originals, p.articles_originals,
       round(100.0 * p.articles / v.articles, 2) AS articles_per_100
FROM per_day p JOIN v_daily_volume v USING (day);

-- Weekly mentions per entity.
CREATE OR REPLACE VIEW v_weekly_mentions_entity AS
WITH per_week AS (
    SELECT a.week, e.entity, any_value(e.entity_name) AS entity_name, any_value(e.category) AS category,
           sum(e.mentions)                           AS mentions,
           count(*)                                  AS articles,
           sum(e.mentions) FILTER (NOT a.is_copy)    AS mentions_originals,
           count(*) FILTER (NOT a.is_copy)           AS articles_originals
    FROM v_article_entities e JOIN v_articles a ON a.id = e.article_id
    WHERE a.on_topic AND a.week IS NOT NULL
    GROUP BY a.week, e.entity
)
SELECT p.week, p.entity, p.entity_name, p.category, p.mentions, p.articles,
       coalesce(p.mentions_originals, 0) AS mentions_originals, p.articles_originals,
       round(100.0 * p.articles / v.articles, 2) AS articles_per_100
FROM per_week p JOIN v_weekly_volume v USING (week);

-- Daily and weekly mentions per category (person, organization, place, concept, event).
CREATE OR REPLACE VIEW v_daily_mentions_category AS
WITH per_day AS (
    SELECT a.day, m.category, count(*) AS mentions, count(*) FILTER (NOT a.is_copy) AS mentions_originals
    FROM mentions m JOIN v_articles a ON a.id = m.article_id
    WHERE a.on_topic AND a.day IS NOT NULL
    GROUP BY a.day, m.category
)
SELECT p.day, p.category, p.mentions, p.mentions_originals,
       round(100.0 * p.mentions / v.articles, 2) AS mentions_per_100_articles
FROM per_day p JOIN v_daily_volume v USING (day);

CREATE OR REPLACE VIEW v_weekly_mentions_category AS
WITH per_week AS (
    SELECT a.week, m.category, count(*) AS mentions, count(*) FILTER (NOT a.is_copy) AS mentions_originals
    FROM mentions m JOIN v_articles a ON a.id = m.article_id
    WHERE a.on_topic AND a.week IS NOT NULL
    GROUP BY a.week, m.category
)
SELECT p.week, p.category, p.mentions, p.mentions_originals,
       round(100.0 * p.mentions / v.articles, 2) AS mentions_per_100_articles
FROM per_week p JOIN v_weekly_volume v USING (week);

-- Daily mentions per source (outlet).
CREATE OR REPLACE VIEW v_daily_mentions_source AS
SELECT a.day, a.source,
       count(*)                                            AS mentions,
       count(DISTINCT m.article_id)                        AS articles,
       count(*) FILTER (NOT a.is_copy)                     AS mentions_originals
FROM mentions m JOIN v_articles a ON a.id = m.article_id
WHERE a.on_topic AND a.day IS NOT NULL
GROUP BY a.day, a.source;

-- Share of voice: each outlet's share of on-topic articles, with and without syndicated copies.
CREATE OR REPLACE VIEW v_share_of_voice AS
SELECT source,
       count(*)                                                            AS articles,
       round(100.0 * count(*) / sum(count(*)) OVER (), 2)                  AS share_pct,
       count(*) FILTER (NOT is_copy)                                       AS articles_originals,
       round(100.0 * count(*) FILTER (NOT is_copy) / sum(count(*) FILTER (NOT is_copy)) OVER (), 2)
                                                                           AS share_pct_originals
FROM v_articles WHERE on_topic
GROUP BY source;

-- Who is quoted: quotes per speaker per day.
CREATE OR REPLACE VIEW v_quotes_per_speaker_day AS
SELECT a.day, q.speaker, q.speaker_role,
       count(*)                         AS quotes,
       count(DISTINCT q.article_id)     AS articles,
       count(*) FILTER (NOT a.is_copy)  AS quotes_originals
FROM quotes q JOIN v_articles a ON a.id = q.article_id
GROUP BY a.day, q.speaker, q.speaker_role;

-- Who is quoted, by role, per week and outlet.
CREATE OR REPLACE VIEW v_quotes_by_role AS
SELECT a.week, a.source, coalesce(q.speaker_role, 'unknown') AS speaker_role,
       count(*)                         AS quotes,
       count(DISTINCT q.speaker)        AS speakers,
       count(*) FILTER (NOT a.is_copy)  AS quotes_originals
FROM quotes q JOIN v_articles a ON a.id = q.article_id
GROUP BY a.week, a.source, speaker_role;

-- Who is quoted, by affiliation.
CREATE OR REPLACE VIEW v_quotes_by_affiliation AS
SELECT q.speaker_affiliation AS affiliation, mode(q.speaker_role) AS role,
       count(*) AS quotes, count(DISTINCT q.speaker) AS speakers, count(DISTINCT a.source) AS outlets,
       count(*) FILTER (NOT a.is_copy) AS quotes_originals,
       min(a.day) AS first_seen, max(a.day) AS last_seen
FROM quotes q JOIN v_articles a ON a.id = q.article_id
WHERE q.speaker_affiliation IS NOT NULL
GROUP BY q.speaker_affiliation;

-- The expert directory: every expert quoted, with titles, affiliations and reach.
CREATE OR REPLACE VIEW v_expert_directory AS
SELECT name, aliases, titles, affiliations, quote_count, article_count, outlet_count, quotes_by_outlet,
       first_seen, last_seen
FROM speakers WHERE role = 'expert';

-- The most quoted experts, with what they were introduced as.
CREATE OR REPLACE VIEW v_top_quoted_experts AS
SELECT s.name AS speaker, s.titles[1] AS title, s.affiliations[1] AS affiliation,
       s.quote_count, s.article_count, s.outlet_count, s.first_seen, s.last_seen
FROM speakers s
WHERE s.role = 'expert'
ORDER BY s.quote_count DESC, s.name;

-- Co-mentions: pairs of entities named in the same on-topic article (from the co_mentions table, which
-- every load rebuilds: the pair self-join is the one aggregation too slow to run at query time).
CREATE OR REPLACE VIEW v_co_mentions AS
SELECT entity_a, name_a, entity_b, name_b, articles, articles_originals FROM co_mentions;

-- Attention around key events: on-topic articles and mentions per day from 7 days before to 7 after.
CREATE OR REPLACE VIEW v_event_windows AS
WITH events AS (
    SELECT entity AS event, name AS event_name, event_date FROM entities
    WHERE category = 'event' AND event_date IS NOT NULL
), days AS (
    SELECT ev.event, ev.event_name, ev.event_date, o.offset_days,
           ev.event_date + CAST(o.offset_days AS INTEGER) AS day
    FROM events ev CROSS JOIN (SELECT unnest(range(-7, 8)) AS offset_days) o
), event_mentions AS (
    SELECT a.day, m.entity, count(*) AS mentions
    FROM mentions m JOIN v_articles a ON a.id = m.article_id
    WHERE a.on_topic AND m.entity IN (SELECT event FROM events)
    GROUP BY a.day, m.entity
)
SELECT d.event, d.event_name, d.event_date, d.offset_days, d.day,
       coalesce(v.articles, 0)           AS articles,
       coalesce(v.articles_originals, 0) AS articles_originals,
       coalesce(em.mentions, 0)          AS event_mentions
FROM days d
LEFT JOIN v_daily_volume v ON v.day = d.day
LEFT JOIN event_mentions em ON em.day = d.day AND em.entity = d.event;

-- Tone over time: mean article tone and mean quote tone per day (VADER compound, -1..1).
CREATE OR REPLACE VIEW v_tone_daily AS
SELECT a.day,
       count(*)                                      AS articles,
       round(avg(a.tone), 4)                         AS article_tone,
       round(avg(a.tone) FILTER (NOT a.is_copy), 4)  AS article_tone_originals,
       round((SELECT avg(q.tone) FROM quotes q JOIN v_articles b ON b.id = q.article_id
              WHERE b.day = a.day AND b.on_topic), 4) AS quote_tone
FROM v_articles a WHERE a.on_topic AND a.day IS NOT NULL
GROUP BY a.day;

-- New names: person-like names that recur across articles but match no gazetteer entity.
CREATE OR REPLACE VIEW v_new_names AS
SELECT n.name, count(DISTINCT n.article_id) AS articles, sum(n.occurrences) AS occurrences,
       min(a.day) AS first_seen, max(a.day) AS last_seen
FROM name_candidates n JOIN v_articles a ON a.id = n.article_id
WHERE lower(n.name) NOT IN (SELECT lower(name) FROM entities)
GROUP BY n.name
HAVING count(DISTINCT n.article_id) >= 2;
