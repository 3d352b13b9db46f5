-- The speaker directory, rebuilt from quotes after every load (derived tables: CREATE OR REPLACE keeps
-- them idempotent). One row per speaker across all articles: spellings that differ only in case, spaces or
-- hyphens ("Kim Jong-un" / "Kim Jong Un") are one speaker; the most used spelling is the display name.
CREATE OR REPLACE TABLE speakers AS
WITH q AS (
    SELECT q.*, a.source, CAST(a.published_at AS DATE) AS day,
           lower(regexp_replace(trim(q.speaker), '[\s\-‐‑]+', ' ', 'g')) AS speaker_key
    FROM quotes q JOIN articles a ON a.id = q.article_id
),
spellings AS (
    SELECT speaker_key, speaker, count(*) AS n FROM q GROUP BY ALL
),
display AS (
    SELECT speaker_key, arg_max(speaker, (n, speaker)) AS name FROM spellings GROUP BY speaker_key
),
roles AS (
    SELECT speaker_key, arg_max(speaker_role, (n, speaker_role)) AS role
    FROM (SELECT speaker_key, speaker_role, count(*) AS n FROM q WHERE speaker_role IS NOT NULL GROUP BY ALL)
    GROUP BY speaker_key
),
outlets AS (
    SELECT speaker_key, list({'outlet': source, 'quotes': n} ORDER BY source) AS quotes_by_outlet
    FROM (SELECT speaker_key, source, count(*) AS n FROM q GROUP BY ALL)
    GROUP BY speaker_key
)
SELECT
    md5(q.speaker_key)[:16]                                                          AS speaker_id,
    d.name,
    min(q.speaker_kind)                                                              AS kind,
    r.role,
    list_sort(list_distinct(list(q.speaker_text) FILTER (
        q.speaker_text IS NOT NULL AND lower(q.speaker_text) NOT IN ('he', 'she', 'it', 'they', 'i', 'you')
        AND q.speaker_text <> d.name)))                                              AS aliases,
    list_sort(list_distinct(list(q.speaker_title) FILTER (q.speaker_title IS NOT NULL)))             AS titles,
    list_sort(list_distinct(list(q.speaker_affiliation) FILTER (q.speaker_affiliation IS NOT NULL))) AS affiliations,
    count(*)                                                                         AS quote_count,
    count(DISTINCT q.article_id)                                                     AS article_count,
    count(DISTINCT q.source)                                                         AS outlet_count,
    any_value(o.quotes_by_outlet)                                                    AS quotes_by_outlet,
    min(q.day)                                                                       AS first_seen,
    max(q.day)                                                                       AS last_seen
FROM q
JOIN display d USING (speaker_key)
LEFT JOIN roles r USING (speaker_key)
LEFT JOIN outlets o USING (speaker_key)
GROUP BY q.speaker_key, d.name, r.role;

-- Every title and affiliation a speaker was given, with when it was first and last seen.
CREATE OR REPLACE TABLE speaker_titles AS
SELECT md5(lower(regexp_replace(trim(q.speaker), '[\s\-‐‑]+', ' ', 'g')))[:16] AS speaker_id,
       coalesce(q.speaker_title, '')       AS title,
       coalesce(q.speaker_affiliation, '') AS affiliation,
       min(CAST(a.published_at AS DATE))   AS first_seen,
       max(CAST(a.published_at AS DATE))   AS last_seen,
       count(*)                            AS quote_count
FROM quotes q JOIN articles a ON a.id = q.article_id
WHERE q.speaker_title IS NOT NULL OR q.speaker_affiliation IS NOT NULL
GROUP BY ALL;
