"""The real DAG through Airflow (`airflow dags test`) against the snapshot site on loopback, into a real
DuckDB file; then the same day again, which must leave every table unchanged."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import duckdb
import pytest

from tests.conftest import ROOT, write_sources

pytestmark = pytest.mark.integration
TABLES = (
    "sources",
    "fetch_log",
    "articles",
    "skipped_pages",
    "mentions",
    "quotes",
    "speakers",
    "speaker_titles",
    "schema_version",
)


def run_dag(env: dict[str, str], day: str, sources: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / "scripts" / "airflow.sh"), "run", day, str(sources)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def snapshot_tables(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}
    finally:
        con.close()


@pytest.fixture(scope="module")
def dag_env(tmp_path_factory: pytest.TempPathFactory, snapshot_site: dict[str, str]) -> dict[str, object]:
    tmp = tmp_path_factory.mktemp("dagrun")
    env = {
        **os.environ,
        "AIRFLOW_HOME": str(tmp / "airflow"),
        "NEWSWATCH_DB": str(tmp / "data" / "nw.duckdb"),
        "NEWSWATCH_DATA": str(tmp / "data"),
        "NEWSWATCH_HOME": str(ROOT),
        "PATH": f"{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}",
    }
    sources = write_sources(tmp / "sources.yaml", snapshot_site)
    first = run_dag(env, "2019-11-08", sources)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    db = Path(env["NEWSWATCH_DB"])
    return {"env": env, "sources": sources, "db": db, "first": snapshot_tables(db)}


def test_dag_run_loads_articles_mentions_and_quotes(dag_env: dict) -> None:
    con = duckdb.connect(str(dag_env["db"]), read_only=True)
    try:
        articles = con.execute("SELECT count(*), count(DISTINCT source) FROM articles").fetchone()
        assert articles[0] >= 25 and articles[1] == 2
        assert con.execute("SELECT count(*) FROM articles WHERE NOT on_topic").fetchone()[0] >= 1
        assert con.execute("SELECT count(*) FROM skipped_pages WHERE reason = 'not_an_article'").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM mentions").fetchone()[0] > 200
        assert con.execute("SELECT count(*) FROM quotes").fetchone()[0] > 150
        assert con.execute("SELECT count(*) FROM fetch_log WHERE error IS NULL").fetchone()[0] >= 29
        assert con.execute("SELECT count(*) FROM articles WHERE text LIKE '%ADVERTISEMENT%'").fetchone()[0] == 0
        # Tracking-parameter links in the feed collapse onto the canonical URL: no duplicate articles.
        assert con.execute("SELECT count(*) - count(DISTINCT canonical_url) FROM articles").fetchone()[0] == 0
        for view in (
            "v_daily_mentions_entity",
            "v_daily_mentions_source",
            "v_quotes_per_speaker_day",
            "v_top_quoted_experts",
        ):
            assert con.execute(f"SELECT count(*) FROM {view}").fetchone()[0] > 0, view
    finally:
        con.close()


def test_seed_article_speakers_through_the_pipeline(dag_env: dict) -> None:
    con = duckdb.connect(str(dag_env["db"]), read_only=True)
    try:
        rows = con.execute(
            "SELECT q.speaker, q.speaker_title, q.speaker_affiliation "
            "FROM quotes q JOIN articles a ON a.id = q.article_id "
            "WHERE a.canonical_url LIKE '%kl-stockholm-walkout-talking-isnt-working.html'"
        ).fetchall()
        text = con.execute(
            "SELECT text FROM articles WHERE canonical_url LIKE '%kl-stockholm-walkout-talking-isnt-working.html'"
        ).fetchone()[0]
    finally:
        con.close()
    speakers = {r[0] for r in rows}
    assert {"David Maxwell", "David Straub", "Evans Revere", "Leif-Eric Easley", "Morgan Ortagus"} <= speakers
    assert (
        "David Maxwell",
        "retired special forces colonel and senior fellow",
        "Foundation for Defense of Democracies",
    ) in rows
    assert any(r[0] == "Leif-Eric Easley" and r[2] == "Ewha University" for r in rows)
    assert "ADVERTISEMENT" not in text


def test_second_run_of_the_same_day_changes_no_table(dag_env: dict) -> None:
    second = run_dag(dag_env["env"], "2019-11-08", dag_env["sources"])
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    assert snapshot_tables(dag_env["db"]) == dag_env["first"]
