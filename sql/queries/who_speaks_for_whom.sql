-- Who is quoted by each outlet: quotes by speaker role and outlet, with the share within the outlet.
SELECT source, speaker_role, sum(quotes) AS quotes,
       round(100.0 * sum(quotes) / sum(sum(quotes)) OVER (PARTITION BY source), 1) AS share_pct
FROM v_quotes_by_role
GROUP BY source, speaker_role
ORDER BY source, quotes DESC;
