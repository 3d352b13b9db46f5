"""DAG integrity: every DAG file imports, parsing touches no database or connection, conventions hold."""

from __future__ import annotations

import itertools
from pathlib import Path
from unittest import mock

import pytest

ROOT = Path(__file__).resolve().parents[2]
DAG_FILES = sorted((ROOT / "dags").glob("*.py"))


@pytest.fixture(scope="module")
def bag():  # type: ignore[no-untyped-def]
    from airflow.dag_processing.dagbag import DagBag
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    queries: list[str] = []

    def count(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        queries.append(statement)

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("connection or variable looked up while parsing a DAG file")

    event.listen(Engine, "before_cursor_execute", count)
    try:
        with (
            mock.patch("airflow.sdk.BaseHook.get_connection", side_effect=refuse),
            mock.patch("airflow.sdk.Variable.get", side_effect=refuse),
        ):
            dagbag = DagBag(dag_folder=str(ROOT / "dags"), known_pools={"default_pool", "newswatch_duckdb"})
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    dagbag.parse_queries = queries  # type: ignore[attr-defined]
    return dagbag


def test_every_dag_file_imports_without_errors(bag) -> None:  # type: ignore[no-untyped-def]
    assert bag.import_errors == {}
    assert len(bag.dags) == len(DAG_FILES)


def test_parsing_makes_no_database_queries(bag) -> None:  # type: ignore[no-untyped-def]
    assert bag.parse_queries == []


def test_every_dag_documents_itself_and_retries_every_task(bag) -> None:  # type: ignore[no-untyped-def]
    for dag_id, dag in bag.dags.items():
        assert dag.doc_md and dag_id in dag.doc_md, dag_id
        assert dag.tags and "newswatch" in dag.tags, dag_id
        assert dag.max_active_runs == 1, dag_id
        for task in dag.tasks:
            assert task.retries >= 1, (dag_id, task.task_id)
            assert task.execution_timeout is not None, (dag_id, task.task_id)
            assert task.on_failure_callback, (dag_id, task.task_id)


def test_file_stem_is_dag_id(bag) -> None:  # type: ignore[no-untyped-def]
    assert {p.stem for p in DAG_FILES} == set(bag.dags)


def test_news_coverage_daily_conventions(bag) -> None:  # type: ignore[no-untyped-def]
    dag = bag.dags["news_coverage_daily"]
    assert dag.tags and "newswatch" in dag.tags
    assert dag.doc_md and "news_coverage_daily" in dag.doc_md
    assert dag.catchup is False
    assert dag.max_active_runs == 1
    for task in dag.tasks:
        assert task.retries >= 1, task.task_id
        assert task.execution_timeout is not None, task.task_id
    assert {t.task_id for t in dag.tasks} == {
        "plan",
        "sources",
        "discover",
        "fetch",
        "extract",
        "analyze",
        "load",
        "report",
    }
    writers = [t for t in dag.tasks if t.task_id in ("load", "report")]
    assert all(t.pool == "newswatch_duckdb" for t in writers)


def test_stages_run_in_order(bag) -> None:  # type: ignore[no-untyped-def]
    dag = bag.dags["news_coverage_daily"]
    order = ["plan", "sources", "discover", "fetch", "extract", "analyze", "load", "report"]
    for upstream, downstream in itertools.pairwise(order):
        assert downstream in dag.get_task(upstream).downstream_task_ids, (upstream, downstream)


def test_library_never_imports_airflow() -> None:
    for path in (ROOT / "plugins" / "newswatch").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import airflow" not in text and "from airflow" not in text, path
