"""The DAG under a real scheduler, the way it runs in production: PostgreSQL metadata DB, `airflow scheduler`
(LocalExecutor, parallelism 4), `airflow dag-processor` and `airflow api-server` on 127.0.0.1, runs triggered
through the Airflow 3 REST API, against the snapshot site on loopback, into one DuckDB file.

The scenario (one module fixture, 2 to 4 minutes) and what it proves:

1. Another process takes the DuckDB writer lock and keeps the file open for writing (as a long load would).
2. Runs for 2019-11-08 (A) and 2019-11-09 (B) are triggered back to back through the REST API. The DAG has
   ``max_active_runs=1``, so the scheduler runs B after A.
3. Meanwhile a second Airflow (``scripts/airflow.sh run``: ``airflow dags test`` with its own SQLite
   metadata DB, the way ``make run``/``make backfill`` run on a deployed host) runs the same DAG for
   2019-11-10 into the same DuckDB file: an overlapping run that ``max_active_runs`` cannot serialise.
4. Once A's ``load`` is running and the side run has reached its load, the lock is released.

(a) mapped ``fetch``/``analyze`` task instances of one run overlap in time (REST API task instances);
(b) DuckDB writes never collide: every writer waited for the lock (A's load started before and ended after
    the release), no task was retried, no log mentions a lock error, and the one-slot pool kept the
    scheduler's loads and reports apart;
(c) the overlapping runs all succeed and the tables hold exactly the keys of the same three days loaded one
    after the other in a single process: no duplicates, nothing lost.

PostgreSQL comes from the Debian ``postgresql`` package; missing binaries fail the test (never skip).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.conftest import ROOT, write_sources
from tests.support.scheduler import (
    AirflowCluster,
    Api,
    Postgres,
    PostgresMissing,
    intervals_overlap,
    parse_ts,
    wait_for,
)

pytestmark = pytest.mark.integration
DAG_ID = "news_coverage_daily"
DAYS = ("2019-11-08", "2019-11-09")  # through the scheduler (REST API), back to back
SIDE_DAY = "2019-11-10"  # through `scripts/airflow.sh run` at the same time
# DuckDB's own lock error, our lock timeout, and newswatch.db waiting on DuckDB's lock (a writer that met another).
LOCK_ERRORS = ("Could not set lock", "Conflicting lock", "LockTimeout", "held by another process")

# Holds the writer lock and keeps the DuckDB file open for writing until told to stop.
HOLDER = """
import sys, time
from pathlib import Path
from newswatch.db import connect
db, held, release = (Path(a) for a in sys.argv[1:4])
with connect(db, write=True) as con:
    con.execute("SELECT 1")
    held.write_text(str(time.time()))
    while not release.exists():
        time.sleep(0.05)
"""


def run_id(day: str) -> str:
    return f"scheduler_{day}"


def ti_interval(ti: dict[str, Any]) -> tuple[datetime, datetime]:
    start, end = parse_ts(ti["start_date"]), parse_ts(ti["end_date"])
    assert start and end, ti
    return start, end


def reference_keys(tmp: Path, sources: Path, days: tuple[str, ...]) -> dict[str, set[tuple[Any, ...]]]:
    """The same days loaded one after the other in this process, into a fresh DuckDB file."""
    from newswatch.discover import Window
    from newswatch.pipeline import analyze, discover, extract_pages, fetch, load_run, plan_run
    from newswatch.settings import Settings

    settings = Settings(home=ROOT, db_path=tmp / "ref" / "ref.duckdb", data_dir=tmp / "ref")
    for day in days:
        plan = plan_run(str(sources), Window.for_day(day), f"reference_{day}", settings)
        analyzed = []
        for name in plan["sources"]:
            found = discover(plan, name, settings=settings)
            fetched = fetch(plan, name, found, settings=settings)
            extracted = extract_pages(plan, name, fetched, settings=settings)
            analyzed.append(analyze(plan, name, extracted, settings=settings))
        load_run(plan, analyzed, settings=settings)
    return table_keys(settings.db_path)


def table_keys(db: Path) -> dict[str, set[tuple[Any, ...]]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "articles": set(con.execute("SELECT id, canonical_url FROM articles").fetchall()),
            "quotes": set(con.execute("SELECT article_id, start_offset, end_offset, speaker FROM quotes").fetchall()),
            "mentions": set(con.execute("SELECT article_id, start_offset, entity FROM mentions").fetchall()),
            "sources": set(con.execute("SELECT name, url FROM sources").fetchall()),
        }
    finally:
        con.close()


def side_run_at_load(data: Path) -> bool:
    """The `dags test` run (run id manual__...) has written both analyze files, so it is in `load` now."""
    return any(len(list(d.glob("*.jsonl"))) >= 2 for d in data.glob("runs/manual__*/analyze"))


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory, snapshot_site: dict[str, str]) -> Iterator[dict[str, Any]]:
    for module in ("psycopg2", "asyncpg"):  # Airflow's sync and async PostgreSQL drivers
        try:
            __import__(module)
        except ImportError:
            pytest.fail(f"{module} is missing: the dev dependencies include psycopg2-binary and asyncpg", False)
    try:
        pg = Postgres()
    except PostgresMissing as exc:
        pytest.fail(str(exc), pytrace=False)

    tmp = tmp_path_factory.mktemp("scheduler")
    data = tmp / "data"
    db = data / "newswatch.duckdb"
    nw_env = {"NEWSWATCH_HOME": str(ROOT), "NEWSWATCH_DB": str(db), "NEWSWATCH_DATA": str(data)}
    sources = write_sources(tmp / "sources.yaml", snapshot_site)
    started = time.monotonic()
    timings: list[tuple[str, float]] = []

    def mark(what: str) -> None:
        timings.append((what, time.monotonic() - started))

    cluster: AirflowCluster | None = None
    holder: subprocess.Popen[bytes] | None = None
    side: subprocess.Popen[bytes] | None = None
    side_log = tmp / "side-run.log"
    result: dict[str, Any] = {"db": db, "tmp": tmp, "sources": sources}
    try:
        cluster = AirflowCluster(home=tmp / "airflow", sql_alchemy_conn=pg.start(), extra_env=nw_env)
        cluster.migrate()
        cluster.start()
        cluster.create_pool()  # while the services boot; the pool exists before any run is triggered
        mark("metadata DB migrated, services started, pool created")
        api = Api(cluster.base_url, "admin", cluster.password)
        wait_for("the api-server", lambda: cluster.check_alive() or api.healthy(), 120)
        api.login()
        wait_for(f"{DAG_ID} to be parsed", lambda: cluster.check_alive() or api.dag(DAG_ID), 120)
        api.unpause(DAG_ID)
        mark("api-server answering, DAG parsed and unpaused")

        # 1. Another writer holds the lock and the file.
        held, release = tmp / "held", tmp / "release"
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(db), str(held), str(release)],
            env={**os.environ, **nw_env},
            start_new_session=True,
        )
        wait_for("the lock holder", held.exists, 30, 0.1)

        # 2. Two runs for two days, back to back, through the REST API.
        for day in DAYS:
            api.trigger(DAG_ID, run_id(day), f"{day}T00:00:00Z", {"sources": str(sources), "day": day})

        # 3. The overlapping run: a second Airflow (own SQLite metadata DB) on the same DuckDB file.
        side_env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
        side_env.update(nw_env, AIRFLOW_HOME=str(tmp / "airflow-side"))
        side_started = datetime.now(UTC)
        with side_log.open("wb") as out:
            side = subprocess.Popen(
                [str(ROOT / "scripts" / "airflow.sh"), "run", SIDE_DAY, str(sources)],
                env=side_env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )

        # 4. Release the lock once A's load and the side run's load are both waiting for it.
        def load_running() -> bool:
            cluster.check_alive()
            tis = api.task_instances(DAG_ID, run_id(DAYS[0]))
            return any(t["task_id"] == "load" and t["state"] == "running" for t in tis)

        wait_for("run A's load to start", load_running, 180, 1)
        result["side_blocked_at_load"] = (
            bool(
                wait_for(
                    "the side run to reach its load", lambda: side.poll() is not None or side_run_at_load(data), 120
                )
            )
            and side.poll() is None
        )
        time.sleep(2)
        result["released_at"] = datetime.now(UTC)
        release.touch()
        mark("writer lock released")
        assert holder.wait(timeout=30) == 0, "the lock holder failed"

        def finished(rid: str) -> str | None:
            cluster.check_alive()
            state = api.dag_run(DAG_ID, rid)["state"]
            return state if state in ("success", "failed") else None

        result["runs"] = {}
        for day in DAYS:
            result["runs"][day] = {
                "state": wait_for(f"run {run_id(day)}", lambda d=day: finished(run_id(d)), 240, 1),
                "run": api.dag_run(DAG_ID, run_id(day)),
                "tis": api.task_instances(DAG_ID, run_id(day)),
            }
        mark("runs A and B finished")
        result["side_rc"] = side.wait(timeout=240)
        mark("side run finished")
        result["side_interval"] = (side_started, datetime.now(UTC))
        result["side_output"] = side_log.read_text(errors="replace")
        result["task_logs"] = {
            str(p.relative_to(cluster.home)): p.read_text(errors="replace")
            for p in (cluster.home / "logs").rglob("*.log")
        }
    except Exception as exc:
        detail = cluster.tails() if cluster else ""
        if side_log.exists():
            detail += "\n----- side run -----\n" + side_log.read_text(errors="replace")[-4000:]
        raise AssertionError(f"{exc!r}\n{detail}") from exc
    finally:
        for proc in (holder, side):
            if proc is not None and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        if cluster is not None:
            cluster.stop()
        pg.stop()
    mark("everything stopped")
    print("\nscheduler scenario:", ", ".join(f"{what} at {t:.0f}s" for what, t in timings))
    yield result


def test_runs_succeed_without_retries(scenario: dict[str, Any]) -> None:
    for day, run in scenario["runs"].items():
        assert run["state"] == "success", (day, [(t["task_id"], t["map_index"], t["state"]) for t in run["tis"]])
        for ti in run["tis"]:
            # retries=2 would hide a lock failure as a retry: every task instance must succeed first time.
            assert (ti["state"], ti["try_number"]) == ("success", 1), ti
        assert {t["task_id"] for t in run["tis"]} >= {"plan", "discover", "fetch", "extract", "analyze", "load"}


def test_mapped_tasks_ran_in_parallel(scenario: dict[str, Any]) -> None:
    """Map indexes of one stage overlap in time: the executor ran them side by side (parallelism 4)."""
    overlapping = {}
    for day, run in scenario["runs"].items():
        for stage in ("discover", "fetch", "extract", "analyze"):
            mapped = [ti_interval(t) for t in run["tis"] if t["task_id"] == stage and t["map_index"] >= 0]
            assert len(mapped) == 2, (day, stage, mapped)  # one per snapshot outlet
            overlapping[(day, stage)] = any(intervals_overlap(a, b) for a, b in combinations(mapped, 2))
    print("mapped stages whose map indexes overlapped:", sorted(k for k, v in overlapping.items() if v))
    assert overlapping[(DAYS[0], "fetch")] or overlapping[(DAYS[0], "analyze")], overlapping


def test_duckdb_writers_waited_for_the_lock(scenario: dict[str, Any]) -> None:
    released = scenario["released_at"]
    load = next(t for t in scenario["runs"][DAYS[0]]["tis"] if t["task_id"] == "load")
    start, end = ti_interval(load)
    # A's load was running while another process held the lock and the open file, and finished after.
    assert start < released < end, (start, released, end)
    # The scheduler never ran two DuckDB tasks (pool newswatch_duckdb, one slot) at once.
    pooled = [
        (day, t["task_id"], ti_interval(t))
        for day, run in scenario["runs"].items()
        for t in run["tis"]
        if t["task_id"] in ("load", "report")
    ]
    assert all(
        t.get("pool") == "newswatch_duckdb"
        for run in scenario["runs"].values()
        for t in run["tis"]
        if t["task_id"] in ("load", "report")
    )
    for (d1, t1, i1), (d2, t2, i2) in combinations(pooled, 2):
        assert not intervals_overlap(i1, i2), (d1, t1, i1, d2, t2, i2)
    # No writer met DuckDB's own lock or timed out on ours.
    texts = {"side run": scenario["side_output"], **scenario["task_logs"]}
    for name, text in texts.items():
        for needle in LOCK_ERRORS:
            assert needle not in text, f"{needle!r} in {name}"


def test_overlapping_runs_neither_fail_nor_duplicate(scenario: dict[str, Any]) -> None:
    assert scenario["side_rc"] == 0, scenario["side_output"][-3000:]
    assert scenario["side_blocked_at_load"], "the side run did not reach its load while the lock was held"
    run_a = scenario["runs"][DAYS[0]]["run"]
    a_interval = (parse_ts(run_a["start_date"]), parse_ts(run_a["end_date"]))
    side_start, side_end = scenario["side_interval"]
    assert intervals_overlap(a_interval, (side_start, side_end)), (a_interval, scenario["side_interval"])
    assert side_end > scenario["released_at"]

    db = scenario["db"]
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] >= 25
        assert con.execute("SELECT count(*) FROM quotes").fetchone()[0] > 150
        assert con.execute("SELECT count(*) - count(DISTINCT canonical_url) FROM articles").fetchone()[0] == 0
        runs = {r[0] for r in con.execute("SELECT DISTINCT run_id FROM fetch_log").fetchall()}
    finally:
        con.close()
    assert {run_id(d) for d in DAYS} <= runs and any(r.startswith("manual__") for r in runs), runs

    got = table_keys(db)
    want = reference_keys(scenario["tmp"], scenario["sources"], (*DAYS, SIDE_DAY))
    for table in want:
        assert got[table] == want[table], (table, len(got[table]), len(want[table]))
