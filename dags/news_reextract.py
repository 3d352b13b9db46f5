"""
### news_reextract

Rebuilds article text, mentions, quotes and syndication lineage for every page in the raw-HTML archive
with the current extractor, without re-crawling (no network). Trigger it by hand after an extractor or
gazetteer change; rows get the new `extractor_version`. Same code as `newswatch reextract`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pendulum
from airflow.sdk import dag, task
from newswatch.ops import log_failure  # a light module: logging only

POOL = "newswatch_duckdb"


@dag(
    dag_id="news_reextract",
    doc_md=__doc__,
    schedule=None,
    start_date=pendulum.datetime(2015, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["newswatch", "maintenance"],
    default_args={
        "owner": "newswatch",
        "on_failure_callback": log_failure,
        "retries": 1,
        "retry_delay": timedelta(minutes=5),
        "execution_timeout": timedelta(hours=6),
    },
)
def news_reextract() -> None:
    @task(pool=POOL, pool_slots=1)
    def reextract_archive() -> dict[str, Any]:
        from newswatch.pipeline import reextract

        return reextract()

    reextract_archive()


news_reextract()
