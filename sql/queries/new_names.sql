-- Names that recur in coverage but are in no gazetteer: candidates to add to seeds/gazetteer/.
SELECT name, articles, occurrences, first_seen, last_seen FROM v_new_names ORDER BY articles DESC, name;
