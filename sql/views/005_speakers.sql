-- The speaker directory, rebuilt from quotes on every load (a derived table: CREATE OR REPLACE keeps
-- it idempotent). One row per speaker name; person speakers are merged across articles by full name.
CREATE OR REPLACE TABLE speakers AS
WITH q AS (
    SELECT q.*, a.source, CAST(a.published_at AS DATE) AS day
    FROM quotes q JOIN articles a ON a.id = q.article_id
)
SELECT
    md5(lower(speaker))[:16]                                                   AS speaker_id,
    speaker                                                                    AS name,
    any_value(speaker_kind ORDER BY speaker_kind)                              AS kind,
    mode(speaker_role ORDER BY speaker_role)                                   AS role,
    list_sort(list_distinct(list(speaker_title) FILTER (speaker_title IS NOT NULL)))             AS titles,
    list_sort(list_distinct(list(speaker_affiliation) FILTER (speaker_affiliation IS NOT NULL))) AS affiliations,
    count(*)                                                                   AS quote_count,
    count(DISTINCT article_id)                                                 AS article_count,
    count(DISTINCT source)                                                     AS outlet_count,
    min(day)                                                                   AS first_seen,
    max(day)                                                                   AS last_seen
FROM q
GROUP BY speaker;
