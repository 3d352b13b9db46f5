"""Trend views over generated data: 1,000,000 mention rows and 200,000 quotes.

A fresh DuckDB file gets the project's real schema (``sql/migrations``) and views (``sql/views``), then
synthetic rows generated in SQL with a fixed seed: 50,000 articles over a year from 12 outlets, 1,000,000
mentions of 160 entities, 200,000 quotes by 3,000 speakers, about one article in ten a syndicated copy.
Each view is then fully materialised (``CREATE TEMP TABLE ... AS SELECT * FROM view``); the figure is the
median of three runs. The issue's target: every trend view under one second on this machine.

Run with ``make bench`` (all benchmarks) or ``.venv/bin/python bench/bench_views.py``.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import REPO, format_table, machine_info, now_utc, write_results

sys.path.insert(0, str(REPO / "plugins"))

import duckdb
from newswatch.db import migrate, refresh_derived

NAME = "views"
ARTICLES, MENTIONS, QUOTES = 50_000, 1_000_000, 200_000
VIEWS = (
    "v_daily_volume",
    "v_weekly_volume",
    "v_daily_mentions_entity",
    "v_weekly_mentions_entity",
    "v_daily_mentions_category",
    "v_weekly_mentions_category",
    "v_daily_mentions_source",
    "v_share_of_voice",
    "v_quotes_per_speaker_day",
    "v_quotes_by_role",
    "v_quotes_by_affiliation",
    "v_expert_directory",
    "v_top_quoted_experts",
    "v_co_mentions",
    "v_event_windows",
    "v_tone_daily",
    "v_new_names",
)

GENERATE = f"""
SELECT setseed(0.42);
INSERT INTO entities
SELECT 'bench', 'e' || i, 'Entity ' || i,
       ['person', 'organization', 'place', 'concept', 'event'][1 + i % 5],
       CASE WHEN i % 5 = 4 THEN DATE '2019-01-01' + CAST(i * 2 AS INTEGER) END, NULL, 'bench'
FROM range(160) t(i);
INSERT INTO articles (id, url, canonical_url, source, title, published_at, author, text, word_count, on_topic,
                      fetched_at, content_sha256, extractor_version, tone, original_id, original_source, is_copy)
SELECT 'a' || i, 'http://x/' || i, 'http://x/' || i, 'outlet' || (i % 12), 'Title ' || i,
       TIMESTAMPTZ '2019-01-01 00:00:00+00' + to_seconds(CAST(random() * 365 * 86400 AS BIGINT)),
       'Author', 'text', 800, random() < 0.9, TIMESTAMPTZ '2020-01-01 00:00:00+00', 'sha', 'bench',
       random() * 2 - 1, 'a' || i, 'outlet' || (i % 12), random() < 0.1
FROM range({ARTICLES}) t(i);
INSERT INTO mentions
SELECT 'a' || CAST(floor(random() * {ARTICLES}) AS BIGINT), i, i + 5, 'e' || (i % 160), 'Entity ' || (i % 160),
       ['person', 'organization', 'place', 'concept', 'event'][1 + (i % 160) % 5], 'Entity', 'A sentence.', 'bench'
FROM range({MENTIONS}) t(i)
ON CONFLICT DO NOTHING;
INSERT INTO quotes (article_id, start_offset, end_offset, quote, speaker, speaker_title, speaker_affiliation,
                    speaker_role, speaker_kind, cue, confidence, method, extractor_version, speaker_text, tone)
SELECT 'a' || CAST(floor(random() * {ARTICLES}) AS BIGINT), i, i + 40, 'Quoted words', 'Speaker ' || (i % 3000),
       'senior fellow', 'Institute ' || (i % 300), ['expert', 'official', 'media', 'other'][1 + i % 4], 'person',
       'said', 0.9, 'after_inverted+name', 'bench', 'Speaker', random() * 2 - 1
FROM range({QUOTES}) t(i)
ON CONFLICT DO NOTHING;
INSERT INTO name_candidates
SELECT 'a' || (i % {ARTICLES}), 'Name ' || (i % 5000), 1 FROM range(100000) t(i) ON CONFLICT DO NOTHING;
"""


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        con = duckdb.connect(str(Path(tmp) / "bench.duckdb"))
        migrate(con, REPO / "sql")
        t0 = time.perf_counter()
        con.execute(GENERATE)
        refresh_derived(con, REPO / "sql")  # rebuilds the speaker directory, as every load does
        setup = time.perf_counter() - t0
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "mentions", "quotes")}
        results = {}
        for view in VIEWS:
            times = []
            rows = 0
            for _ in range(3):
                t = time.perf_counter()
                con.execute(f"CREATE OR REPLACE TEMP TABLE _m AS SELECT * FROM {view}")
                times.append(time.perf_counter() - t)
                rows = con.execute("SELECT count(*) FROM _m").fetchone()[0]
            results[view] = {"seconds": round(statistics.median(times), 4), "rows": rows}
        con.close()
    return {
        "date": now_utc(),
        "command": "make bench",
        "machine": machine_info(),
        "rows": counts,
        "setup_seconds": round(setup, 2),
        "views": results,
        "target_seconds": 1.0,
        "all_under_target": all(v["seconds"] < 1.0 for v in results.values()),
    }


def table(result: dict[str, Any]) -> str:
    rows = [[view, f"{r['seconds']:.3f}", str(r["rows"])] for view, r in result["views"].items()]
    head = (
        f"data: {result['rows']['articles']:,} articles, {result['rows']['mentions']:,} mentions, "
        f"{result['rows']['quotes']:,} quotes (generated in {result['setup_seconds']}s)"
    )
    verdict = "all views under 1 s" if result["all_under_target"] else "SOME VIEWS OVER 1 s"
    return f"{head}\n{format_table(['view', 'seconds (median of 3)', 'rows'], rows)}\n{verdict}"


def main() -> str:
    result = run()
    path = write_results(NAME, result)
    return f"{table(result)}\nwritten: {path.relative_to(REPO)}"


if __name__ == "__main__":
    print(main())
