-- Tone of coverage and of quotes, per week (VADER compound, -1 negative .. 1 positive).
SELECT date_trunc('week', day) AS week, round(avg(article_tone), 3) AS article_tone, round(avg(quote_tone), 3) AS quote_tone
FROM v_tone_daily GROUP BY 1 ORDER BY 1;
