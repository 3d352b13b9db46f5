"""Operational helpers for the DAGs that need no Airflow import (they take Airflow's context as a dict)."""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger("newswatch.failures")


def failure_summary(context: dict[str, Any]) -> str:
    """One line an operator can act on: which task of which run failed, on which try, and why."""
    ti = context.get("task_instance") or context.get("ti")
    dag_run = context.get("dag_run")
    params = context.get("params") or {}
    parts = [
        f"dag={getattr(ti, 'dag_id', None) or getattr(dag_run, 'dag_id', '?')}",
        f"task={getattr(ti, 'task_id', '?')}",
        f"map_index={getattr(ti, 'map_index', -1)}",
        f"try={getattr(ti, 'try_number', '?')}",
        f"run={context.get('run_id') or getattr(dag_run, 'run_id', '?')}",
        f"day={params.get('day') or context.get('ds', '?')}",
        f"sources={params.get('sources', '?')}",
        f"error={context.get('exception')!r}",
    ]
    return "newswatch task failed: " + " ".join(parts)


def log_failure(context: dict[str, Any]) -> None:
    """Airflow ``on_failure_callback``: log the summary (the task log and the scheduler log both show it)."""
    log.error(failure_summary(context))
