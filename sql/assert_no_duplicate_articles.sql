-- Invariant: one article per canonical URL. Returns the offending rows (none when healthy).
SELECT canonical_url, count(*) AS copies FROM articles GROUP BY canonical_url HAVING count(*) > 1;
