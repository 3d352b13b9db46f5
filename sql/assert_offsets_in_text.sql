-- Invariant: every quote and mention offset indexes its article's text. Returns offending rows.
SELECT 'quote' AS kind, q.article_id, q.start_offset FROM quotes q JOIN articles a ON a.id = q.article_id
WHERE substr(a.text, q.start_offset + 1, q.end_offset - q.start_offset) <> q.quote
UNION ALL
SELECT 'mention', m.article_id, m.start_offset FROM mentions m JOIN articles a ON a.id = m.article_id
WHERE substr(a.text, m.start_offset + 1, m.end_offset - m.start_offset) <> m.matched_text;
