"""Paths and names, from environment variables with defaults.

Everything location-like lives here so that the DAG, the CLI and the tests agree on one layout:

- ``NEWSWATCH_HOME``: project root (default: the checkout this package was loaded from).
- ``NEWSWATCH_DB``: the DuckDB file (default ``$NEWSWATCH_HOME/data/newswatch.duckdb``).
- ``NEWSWATCH_DATA``: working data: run staging files and the raw-HTML archive (default: the DB's folder).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

_PACKAGE_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Settings:
    home: Path
    db_path: Path
    data_dir: Path

    @property
    def runs_dir(self) -> Path:
        return self.data_dir / "runs"

    @property
    def archive_dir(self) -> Path:
        return self.data_dir / "archive"

    @property
    def state_dir(self) -> Path:
        """Per-URL fetch state and per-day discovery manifests, shared by all runs."""
        return self.data_dir / "state"

    @property
    def report_path(self) -> Path:
        return self.data_dir / "report.html"

    @property
    def sql_dir(self) -> Path:
        return self.home / "sql"

    @property
    def seeds_dir(self) -> Path:
        return self.home / "seeds"

    @property
    def default_sources(self) -> Path:
        return self.seeds_dir / "sources.yaml"


def load_settings() -> Settings:
    home = Path(os.environ.get("NEWSWATCH_HOME", _PACKAGE_ROOT)).resolve()
    db_path = Path(os.environ.get("NEWSWATCH_DB", home / "data" / "newswatch.duckdb")).resolve()
    data_dir = Path(os.environ.get("NEWSWATCH_DATA", db_path.parent)).resolve()
    return Settings(home=home, db_path=db_path, data_dir=data_dir)
