"""Re-extraction from the raw-HTML archive rebuilds every article with no network access."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import duckdb
import pytest
from newswatch.devserver import serve_site
from newswatch.discover import Window
from newswatch.pipeline import analyze, discover, extract_pages, fetch, load_run, plan_run
from newswatch.settings import Settings

from tests.conftest import ROOT, SITE, write_sources

pytestmark = pytest.mark.integration


def run_day(settings: Settings, sources: Path, day: str) -> None:
    plan = plan_run(str(sources), Window.for_day(day), f"test_{day}", settings)
    analyzed = []
    for name in plan["sources"]:
        found = discover(plan, name, settings=settings)
        fetched = fetch(plan, name, found, settings=settings)
        analyzed.append(analyze(plan, name, extract_pages(plan, name, fetched, settings=settings), settings=settings))
    load_run(plan, analyzed, settings=settings)


def counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "quotes", "mentions")}
    finally:
        con.close()


def test_reextract_rebuilds_quotes_and_mentions_offline(tmp_path: Path, settings: Settings) -> None:
    with serve_site(SITE) as bases:
        sources = write_sources(tmp_path / "sources.yaml", bases)
        run_day(settings, sources, "2019-11-08")
    before = counts(settings.db_path)
    assert before["quotes"] > 100 and before["mentions"] > 100
    # Simulate rows written by an older extractor.
    con = duckdb.connect(str(settings.db_path))
    con.execute("DELETE FROM quotes")
    con.execute("DELETE FROM mentions")
    con.execute("UPDATE articles SET extractor_version = 'old'")
    con.close()

    # The snapshot server is down now: any request would fail. Re-extraction must not need one.
    env = {
        **os.environ,
        "NEWSWATCH_DB": str(settings.db_path),
        "NEWSWATCH_DATA": str(settings.data_dir),
        "NEWSWATCH_HOME": str(ROOT),
    }
    proc = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "newswatch"), "reextract", "--every", "5"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "reextract: 5/" in proc.stdout and "reextract done" in proc.stdout
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert summary["missing_from_archive"] == 0

    after = counts(settings.db_path)
    assert after == before
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        versions = {r[0] for r in con.execute("SELECT DISTINCT extractor_version FROM articles").fetchall()}
        fetches = con.execute("SELECT count(*) FROM fetch_log").fetchone()[0]
    finally:
        con.close()
    assert "old" not in versions
    assert fetches > 0
