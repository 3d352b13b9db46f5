"""
### news_coverage_daily

Collects one day of news about the tracked story and loads it into DuckDB.

`plan` → `discover` (one mapped task per source) → `fetch` → `extract` → `analyze` → `load` (the only
DuckDB writer, one-slot pool `newswatch_duckdb`) → `report`.

* **Window**: the run's data interval (a calendar day, UTC); `params.day` overrides it for manual runs and
  backfills. Nothing uses the wall clock.
* **Data flow**: HTML and rows travel as files under `data/runs/<run id>/`; XCom carries only paths.
* **Idempotence**: deterministic keys and upserts; re-running a day reuses that day's discovery and the
  archived pages, so it makes no request and leaves every table unchanged.
* **Params**: `sources` (sources YAML, default `seeds/sources.yaml`), `day` (YYYY-MM-DD), `rediscover`.

The work is done by the `newswatch` library (`plugins/newswatch`); this file is wiring only.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pendulum
from airflow.sdk import CronDataIntervalTimetable, Param, dag, get_current_context, task
from newswatch.ops import log_failure  # a light module: logging only

POOL = "newswatch_duckdb"


@dag(
    dag_id="news_coverage_daily",
    doc_md=__doc__,
    schedule=CronDataIntervalTimetable("0 0 * * *", timezone="UTC"),
    start_date=pendulum.datetime(2015, 1, 1, tz="UTC"),  # early, so backfills and `dags test` reach any past day
    catchup=False,
    max_active_runs=1,
    max_active_tasks=8,
    tags=["newswatch", "news", "duckdb"],
    default_args={
        "owner": "newswatch",
        "retries": 2,
        "retry_delay": timedelta(minutes=2),
        "retry_exponential_backoff": True,
        "execution_timeout": timedelta(hours=2),
        "on_failure_callback": log_failure,
    },
    params={
        "sources": Param("seeds/sources.yaml", type="string", description="Sources YAML (relative to the project)"),
        "day": Param(None, type=["null", "string"], description="YYYY-MM-DD; default: the data interval"),
        "rediscover": Param(False, type="boolean", description="Fetch feeds again even if this day was discovered"),
    },
)
def news_coverage_daily() -> None:
    @task
    def plan() -> dict[str, Any]:
        from newswatch.pipeline import plan_run, window_for_run

        ctx = get_current_context()
        params = ctx["params"]
        window = window_for_run(
            ctx.get("data_interval_start"), ctx.get("data_interval_end"), ctx["dag_run"].run_after, params.get("day")
        )
        return plan_run(params["sources"], window, ctx["run_id"])

    @task
    def sources(run: dict[str, Any]) -> list[str]:
        return list(run["sources"])

    @task(execution_timeout=timedelta(minutes=30))
    def discover(source: str, run: dict[str, Any]) -> dict[str, str]:
        from newswatch.pipeline import discover as discover_source

        rediscover = bool(get_current_context()["params"].get("rediscover"))
        return {"source": source, "path": discover_source(run, source, rediscover=rediscover)}

    @task(execution_timeout=timedelta(hours=1))
    def fetch(item: dict[str, str], run: dict[str, Any]) -> dict[str, str]:
        from newswatch.pipeline import fetch as fetch_source

        return {"source": item["source"], "path": fetch_source(run, item["source"], item["path"])}

    @task
    def extract(item: dict[str, str], run: dict[str, Any]) -> dict[str, str]:
        from newswatch.pipeline import extract_pages

        return {"source": item["source"], "path": extract_pages(run, item["source"], item["path"])}

    @task
    def analyze(item: dict[str, str], run: dict[str, Any]) -> str:
        from newswatch.pipeline import analyze as analyze_source

        return analyze_source(run, item["source"], item["path"])

    @task(pool=POOL, pool_slots=1)
    def load(run: dict[str, Any], analyzed: list[str]) -> dict[str, int]:
        from newswatch.pipeline import load_run

        return load_run(run, list(analyzed))

    @task(pool=POOL, pool_slots=1)
    def report(counts: dict[str, int]) -> str:
        from newswatch.db import connect
        from newswatch.pipeline import gazetteer
        from newswatch.report import gazetteer_events, summary, write_report
        from newswatch.settings import load_settings

        settings = load_settings()
        with connect(settings.db_path, write=True) as con:
            path = write_report(con, settings.report_path, gazetteer_events(gazetteer(settings)))
            print(summary(con))
        return str(path)

    run = plan()
    discovered = discover.partial(run=run).expand(source=sources(run))
    fetched = fetch.partial(run=run).expand(item=discovered)
    extracted = extract.partial(run=run).expand(item=fetched)
    analyzed = analyze.partial(run=run).expand(item=extracted)
    report(load(run, analyzed))


news_coverage_daily()
