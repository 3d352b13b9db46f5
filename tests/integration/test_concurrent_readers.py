"""DuckDB has one writer per file: analysts read a published snapshot, the pipeline never waits for them,
and a load never breaks an analyst's open session."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from newswatch.db import snapshot_path
from newswatch.discover import Window
from newswatch.pipeline import analyze, discover, extract_pages, fetch, load_run, plan_run
from newswatch.settings import Settings

from tests.conftest import ROOT, write_sources

pytestmark = pytest.mark.integration


def run_day(settings: Settings, sources: Path, day: str) -> None:
    plan = plan_run(str(sources), Window.for_day(day), f"concurrency_{day}_{time.time_ns()}", settings)
    paths = []
    for name in plan["sources"]:
        found = fetch(plan, name, discover(plan, name, settings=settings), settings=settings)
        paths.append(analyze(plan, name, extract_pages(plan, name, found, settings=settings), settings=settings))
    load_run(plan, paths, settings=settings)


def env_for(settings: Settings) -> dict[str, str]:
    return {
        **os.environ,
        "NEWSWATCH_DB": str(settings.db_path),
        "NEWSWATCH_DATA": str(settings.data_dir),
        "NEWSWATCH_HOME": str(ROOT),
    }


HOLD_WRITER = """
import sys, time
from pathlib import Path
from newswatch.db import connect
with connect(Path(sys.argv[1]), write=True) as con:
    con.execute("CREATE TABLE IF NOT EXISTS _busy(x INT)")
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
"""

ANALYST_SESSION = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print("open", flush=True)
end = time.time() + float(sys.argv[2])
n = 0
while time.time() < end:
    n = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    time.sleep(0.05)
print("ok", n, flush=True)
"""


def start(code: str, *args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    proc.stdout.readline()  # wait until it holds what it holds
    return proc


def test_sql_answers_while_a_load_holds_the_database(
    tmp_path: Path, settings: Settings, snapshot_site: dict[str, str]
) -> None:
    run_day(settings, write_sources(tmp_path / "s.yaml", snapshot_site), "2019-11-08")
    writer = start(HOLD_WRITER, str(settings.db_path), "6", env=env_for(settings))
    try:
        t0 = time.monotonic()
        proc = subprocess.run(
            [str(ROOT / ".venv" / "bin" / "newswatch"), "sql", "SELECT count(*) AS n FROM articles", "--format", "csv"],
            env=env_for(settings),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
        assert int(proc.stdout.strip().splitlines()[-1]) >= 25
        assert time.monotonic() - t0 < 5  # answered from the snapshot, not after the writer let go
        assert writer.poll() is None  # the load was still holding the database
    finally:
        writer.wait(timeout=30)


def test_load_succeeds_while_an_analyst_session_is_open(
    tmp_path: Path, settings: Settings, snapshot_site: dict[str, str]
) -> None:
    sources = write_sources(tmp_path / "s.yaml", snapshot_site)
    run_day(settings, sources, "2019-11-08")
    # An analyst works on the snapshot while the pipeline loads and republishes it.
    analyst = start(ANALYST_SESSION, str(snapshot_path(settings.db_path)), "4", env=env_for(settings))
    run_day(settings, sources, "2019-11-09")
    out, err = analyst.communicate(timeout=30)
    assert analyst.returncode == 0, err
    assert out.startswith("ok")
    # An analyst who opened the live file directly only delays the load; the load then succeeds.
    blocker = start(ANALYST_SESSION, str(settings.db_path), "2", env=env_for(settings))
    t0 = time.monotonic()
    run_day(settings, sources, "2019-11-10")
    assert time.monotonic() - t0 >= 1.0
    blocker.communicate(timeout=30)
    assert blocker.returncode == 0
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] >= 25
    finally:
        con.close()
