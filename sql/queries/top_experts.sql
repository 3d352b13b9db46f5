-- The 20 most quoted experts with their titles, affiliations and reach across outlets.
SELECT speaker, title, affiliation, quote_count, article_count, outlet_count, first_seen, last_seen
FROM v_top_quoted_experts
LIMIT 20;
