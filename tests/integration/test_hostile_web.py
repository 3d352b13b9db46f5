"""The real DAG through Airflow against a site that misbehaves in every way the web does.

Four rss sources on one loopback server (see :mod:`tests.support.hostile_site`): good articles with a
tracking-parameter copy, and pages that time out, stall, rate-limit, fail once, fail until the site
recovers, truncate, loop, are huge, are gzip bombs, lie about their charset or have none, are disallowed
by robots.txt or live on a loopback address outside the allowed network; plus a malformed feed and a
"billion laughs" feed. The day is run once, the site recovers, and the same day is run again.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from tests.conftest import ROOT
from tests.support import hostile_site as hs

pytestmark = pytest.mark.integration

RETRIES = 1  # fetch.retries in the sources file: every transient failure is tried RETRIES + 1 times per run
SOURCES = {"ledger": hs.FEED, "wire": hs.WIRE_FEED, "broken": hs.BROKEN_FEED, "laughs": hs.LAUGHS_FEED}
PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")


def write_hostile_sources(path: Path, base: str) -> Path:
    config = {
        "user_agent": "newswatch-test/0.1 (+https://example.invalid/newswatch)",
        "allow_private_networks": ["127.0.0.1/32"],  # 127.0.0.2 stays refused
        "fetch": {
            "per_host_delay": 0.0,
            "timeout": 1,
            "connect_timeout": 1,
            "retries": RETRIES,
            "backoff_base": 0.05,
            "max_bytes": 2_000_000,
            "max_decompressed_bytes": 5_000_000,
        },
        "sources": [
            {"name": name, "kind": "rss", "url": base + feed, "lookback_days": 3} for name, feed in SOURCES.items()
        ],
    }
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def run_dag(env: dict[str, str], day: str, sources: Path, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """scripts/airflow.sh as in test_dag_run, in its own process group so a hung run is killed whole
    (a failing task would otherwise sit in Airflow's retry delay, and killing only the shell leaves
    ``airflow dags test`` running)."""
    args = [str(ROOT / "scripts" / "airflow.sh"), "run", day, str(sources)]
    proc = subprocess.Popen(
        args, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        stuck = airflow_states(Path(env["AIRFLOW_HOME"]))["tasks"]
        stuck = [t for t in stuck if t[2] != "success"]
        errors = [line for line in (out + err).splitlines() if "Error" in line or "Exception" in line]
        tail = "\n".join(errors[-15:])
        pytest.fail(f"airflow.sh run {day} did not finish in {timeout:.0f}s; unfinished tasks {stuck}\n{tail}")
    return subprocess.CompletedProcess(args, proc.returncode, out, err)


def airflow_states(airflow_home: Path) -> dict[str, Any]:
    """The DAG runs and the task instances of the latest run, from Airflow's own metadata DB."""
    con = sqlite3.connect(airflow_home / "airflow.db")
    try:
        runs = con.execute(
            "SELECT run_id, state FROM dag_run WHERE dag_id = 'news_coverage_daily' ORDER BY id"
        ).fetchall()
        tasks = con.execute(
            "SELECT task_id, map_index, state FROM task_instance WHERE dag_id = 'news_coverage_daily' AND run_id = ?",
            [runs[-1][0]],
        ).fetchall()
    finally:
        con.close()
    return {"runs": runs, "tasks": tasks}


def copy_db(db: Path, target: Path) -> Path:
    shutil.copy(db, target)
    wal = db.with_name(db.name + ".wal")
    if wal.exists():
        shutil.copy(wal, target.with_name(target.name + ".wal"))
    return target


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("hostile")
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARS}
    env.update(
        AIRFLOW_HOME=str(tmp / "airflow"),
        NEWSWATCH_DB=str(tmp / "data" / "nw.duckdb"),
        NEWSWATCH_DATA=str(tmp / "data"),
        NEWSWATCH_HOME=str(ROOT),
        NO_PROXY="127.0.0.1,127.0.0.2,localhost",
        no_proxy="127.0.0.1,127.0.0.2,localhost",
        PATH=f"{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}",
    )
    db = Path(env["NEWSWATCH_DB"])
    with hs.HostileSite() as site:
        sources = write_hostile_sources(tmp / "sources.yaml", site.base)
        t0 = time.monotonic()
        first = run_dag(env, hs.DAY, sources)
        assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
        first_airflow = airflow_states(tmp / "airflow")
        first_db = copy_db(db, tmp / "first.duckdb")
        hits_first = site.snapshot()
        t1 = time.monotonic()
        site.recover()
        second = run_dag(env, hs.DAY, sources)
        assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
        yield {
            "site": site,
            "first_db": first_db,
            "db": db,
            "first_airflow": first_airflow,
            "second_airflow": airflow_states(tmp / "airflow"),
            "hits_first": hits_first,
            "hits_second": site.snapshot(),
            "seconds": (t1 - t0, time.monotonic() - t1),
        }


def query(db: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def log_rows(db: Path, url: str, stage: str = "fetch") -> list[tuple[Any, ...]]:
    """(status, error) of every attempt at ``url``, in order."""
    return query(
        db,
        "SELECT status, error FROM fetch_log WHERE url = ? AND stage = ? ORDER BY started_at, attempt_id",
        [url, stage],
    )


def errors(rows: list[tuple[Any, ...]]) -> list[str | None]:
    return [r[1] for r in rows]


# -- the runs complete ------------------------------------------------------------------------------


def test_both_runs_complete_with_every_task_successful(hostile: dict) -> None:
    for key in ("first_airflow", "second_airflow"):
        states = hostile[key]
        assert states["runs"] and all(state == "success" for _run, state in states["runs"]), states["runs"]
        failed = [t for t in states["tasks"] if t[2] != "success"]
        assert states["tasks"] and not failed, failed
        # plan + sources + load + report, and discover/fetch/extract/analyze once per source
        assert len(states["tasks"]) == 4 + 4 * len(SOURCES), states["tasks"]
    print("run seconds:", hostile["seconds"])


# -- first run ------------------------------------------------------------------------------------


def test_every_good_article_is_loaded_exactly_once(hostile: dict) -> None:
    site, db = hostile["site"], hostile["first_db"]
    rows = query(db, "SELECT canonical_url, url, source, title, published_at FROM articles")
    by_canonical: dict[str, list[tuple[Any, ...]]] = {}
    for row in rows:
        by_canonical.setdefault(row[0], []).append(row)
    expected = {site.url(p) for p in hs.GOOD_FIRST_RUN}
    assert set(by_canonical) == expected
    assert all(len(v) == 1 for v in by_canonical.values()), by_canonical
    for path in hs.GOOD_FIRST_RUN:
        story = hs.STORIES[path]
        (_canonical, url, source, title, published) = by_canonical[site.url(path)][0]
        assert url == site.url(path)  # the feed's clean link, not the tracking copy
        assert source == ("wire" if path.startswith("/wire/") else "ledger")
        assert title == story.title
        assert published.timestamp() == datetime.fromisoformat(story.published).timestamp()
    # The tracking-parameter copy collapsed onto the canonical URL before any request.
    assert hostile["hits_first"].get(hs.TRACKING_COPY, 0) == 0
    assert site.requests_to(hs.TRACKED) == 1
    for path in ("/news/harbor-reopens.html", "/news/library-weekend-hours.html", "/news/school-lunch-pilot.html"):
        assert hostile["hits_first"][path] == 1
    assert query(db, "SELECT count(*) FROM skipped_pages") == [(0,)]


def test_retried_failures_succeed_within_the_run(hostile: dict) -> None:
    site, db = hostile["site"], hostile["first_db"]
    rate_limited = log_rows(db, site.url(hs.RATE_LIMITED))
    assert rate_limited == [(429, "http_429"), (200, None)]
    flaky = log_rows(db, site.url(hs.FLAKY))
    assert flaky == [(500, "http_500"), (200, None)]
    # Retry-After: 1 was honoured between the two attempts.
    started = query(
        db,
        "SELECT started_at FROM fetch_log WHERE url = ? AND stage = 'fetch' ORDER BY started_at",
        [site.url(hs.RATE_LIMITED)],
    )
    assert (started[1][0] - started[0][0]).total_seconds() >= 0.95


@pytest.mark.parametrize(
    ("path", "reason", "attempts"),
    [
        (hs.TIMEOUT, "timeout", RETRIES + 1),
        (hs.TRUNCATED, "truncated", RETRIES + 1),
        (hs.RECOVERS, "http_503", RETRIES + 1),
        (hs.HUGE, "too_large", 1),
        (hs.HUGE_STREAM, "too_large", 1),
        (hs.BOMB, "decompressed_too_large", 1),
        (hs.DISALLOWED, "robots_disallowed", 1),
    ],
)
def test_each_failure_is_logged_with_its_reason(hostile: dict, path: str, reason: str, attempts: int) -> None:
    rows = log_rows(hostile["first_db"], hostile["site"].url(path))
    assert len(rows) == attempts, rows
    assert all(e is not None and e.split(":", 1)[0] == reason for e in errors(rows)), rows


def test_a_body_that_stalls_is_a_timeout(hostile: dict) -> None:
    """Headers and half the body arrive, then nothing for longer than fetch.timeout."""
    rows = log_rows(hostile["first_db"], hostile["site"].url(hs.STALLED))
    assert len(rows) == RETRIES + 1, rows
    assert all(e is not None and e.split(":", 1)[0] == "timeout" for e in errors(rows)), rows


def test_redirect_loop_is_cut(hostile: dict) -> None:
    site, db = hostile["site"], hostile["first_db"]
    assert log_rows(db, site.url(hs.LOOP_A)) == [(302, None), (None, "redirect_loop")]
    assert log_rows(db, site.url(hs.LOOP_B)) == [(302, None)]
    assert hostile["hits_first"][hs.LOOP_A] == 1 and hostile["hits_first"][hs.LOOP_B] == 1


def test_private_addresses_are_refused_without_a_request(hostile: dict) -> None:
    site, db = hostile["site"], hostile["first_db"]
    for url in (site.private_base + hs.PRIVATE, site.private_base + hs.PRIVATE_TARGET):
        rows = query(db, "SELECT status, bytes, error FROM fetch_log WHERE url = ?", [url])
        assert len(rows) == 1, (url, rows)
        status, size, error = rows[0]
        assert status is None and size == 0 and error.startswith("private_address"), rows
    assert log_rows(db, site.url(hs.REDIRECT_PRIVATE)) == [(302, None)]
    assert not any(u.startswith(site.private_base) for (u,) in query(db, "SELECT url FROM articles"))


def test_feeds_that_cannot_be_used_are_logged(hostile: dict) -> None:
    site, db = hostile["site"], hostile["first_db"]
    broken = query(
        db, "SELECT source, error FROM fetch_log WHERE url = ? AND stage = 'discover'", [site.url(hs.BROKEN_FEED)]
    )
    assert ("broken", None) in broken  # the feed itself was fetched fine...
    assert any(s == "broken" and e and e.startswith("malformed_feed") for s, e in broken), broken  # ...not parsed
    laughs = query(
        db, "SELECT source, error FROM fetch_log WHERE url = ? AND stage = 'discover'", [site.url(hs.LAUGHS_FEED)]
    )
    assert any(s == "laughs" and e and e.startswith("unsafe_xml") for s, e in laughs), laughs
    assert query(db, "SELECT count(*) FROM articles WHERE source IN ('broken', 'laughs')") == [(0,)]


def test_nothing_forbidden_or_out_of_window_was_requested(hostile: dict) -> None:
    site = hostile["site"]
    for path in (hs.DISALLOWED, hs.OLD, hs.LAUGHS_TARGET, hs.BROKEN_TARGET):
        assert site.requests_to(path) == 0, path
    assert dict(site.private_hits) == {}  # nothing ever reached 127.0.0.2 (checked after both runs)
    assert site.sentinel_listening, "could not bind 127.0.0.2: the check above proves less than it should"
    db = hostile["db"]
    for path in (hs.OLD, hs.LAUGHS_TARGET, hs.BROKEN_TARGET):
        assert query(db, "SELECT count(*) FROM fetch_log WHERE url = ?", [site.url(path)]) == [(0,)]


def test_size_caps_stop_the_download(hostile: dict) -> None:
    sent = hostile["site"].bytes_sent
    # The client hung up long before 50 MB (what is over 2 MB sat in socket buffers, not in the fetcher).
    assert 0 < sent[hs.HUGE] < hs.HUGE_BYTES // 2
    assert 0 < sent[hs.HUGE_STREAM] < hs.HUGE_BYTES // 2


def test_charset_pages_have_the_right_text(hostile: dict) -> None:
    site, db = hostile["site"], hostile["first_db"]
    wanted = {
        hs.WRONG_CHARSET: ("“We’re not going anywhere,” Mayor Ellen Brandt said", "shops and cafés", "“That’s"),
        hs.NO_CHARSET: ("Rosalind’s, the corner bakery", "“It’s time,” said Rosalind Okafor", "two café owners"),
    }
    for path, snippets in wanted.items():
        title, text = query(db, "SELECT title, text FROM articles WHERE canonical_url = ?", [site.url(path)])[0]
        assert title == hs.STORIES[path].title
        for snippet in snippets:
            assert snippet in text, (path, snippet, text[:400])
        for mojibake in ("â€", "Ã©", "\x92", "\x93", "\x94", "\ufffd"):
            assert mojibake not in text and mojibake not in title, (path, mojibake)


# -- second run, after the site recovered ------------------------------------------------------------


def test_second_run_loads_the_recovered_page(hostile: dict) -> None:
    site, db = hostile["site"], hostile["db"]
    rows = query(db, "SELECT source, title FROM articles WHERE canonical_url = ?", [site.url(hs.RECOVERS)])
    assert rows == [("wire", hs.STORIES[hs.RECOVERS].title)]
    assert errors(log_rows(db, site.url(hs.RECOVERS))) == ["http_503"] * (RETRIES + 1) + [None]


def test_second_run_does_not_refetch_what_it_has(hostile: dict) -> None:
    first, second = hostile["hits_first"], hostile["hits_second"]
    # Good pages, and the feeds whose discovery of the day succeeded, are not requested again.
    for path in (*hs.GOOD_FIRST_RUN, hs.FEED, hs.WIRE_FEED):
        assert second.get(path, 0) == first.get(path, 0), path
    # The recovered page and the still-transient failures were retried once more.
    assert second[hs.RECOVERS] == first[hs.RECOVERS] + 1
    for path in (hs.TIMEOUT, hs.TRUNCATED, hs.STALLED):
        assert second[path] == first[path] + RETRIES + 1, path


def test_second_run_does_not_retry_permanent_failures(hostile: dict) -> None:
    """too_large, decompressed_too_large, redirect_loop, private_address are not ``retryable``."""
    first, second = hostile["hits_first"], hostile["hits_second"]
    permanent = (hs.LOOP_A, hs.LOOP_B, hs.HUGE, hs.HUGE_STREAM, hs.BOMB, hs.REDIRECT_PRIVATE)
    retried = {p: (first.get(p, 0), second.get(p, 0)) for p in permanent if second.get(p, 0) != first.get(p, 0)}
    assert not retried, f"requested again on the second run (first, second): {retried}"


def test_second_run_adds_no_duplicate_rows(hostile: dict) -> None:
    db, first_db = hostile["db"], hostile["first_db"]
    assert query(db, "SELECT count(*), count(DISTINCT canonical_url), count(DISTINCT id) FROM articles") == [
        (len(hs.GOOD_FIRST_RUN) + 1,) * 3
    ]
    columns = "id, url, canonical_url, source, title, published_at, text, fetched_at, content_sha256"
    before = set(query(first_db, f"SELECT {columns} FROM articles"))
    after = set(query(db, f"SELECT {columns} FROM articles"))
    assert before < after and len(after - before) == 1  # the old rows are untouched; one new row
    for table, key in (("mentions", "article_id, start_offset, entity"), ("quotes", "article_id, start_offset")):
        total, distinct = query(db, f"SELECT count(*), count(DISTINCT ({key})) FROM {table}")[0]
        assert total == distinct, table
    old_log = set(query(first_db, "SELECT * FROM fetch_log"))
    assert old_log <= set(query(db, "SELECT * FROM fetch_log"))
