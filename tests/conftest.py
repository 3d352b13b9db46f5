"""Shared fixtures: an isolated data directory, the snapshot site on loopback, sources files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from newswatch.devserver import serve_site
from newswatch.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold"
SITE = ROOT / "seeds" / "snapshot" / "site"


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings pointing at a fresh DuckDB file and data folder under tmp_path."""
    monkeypatch.setenv("NEWSWATCH_HOME", str(ROOT))
    monkeypatch.setenv("NEWSWATCH_DB", str(tmp_path / "data" / "newswatch.duckdb"))
    monkeypatch.setenv("NEWSWATCH_DATA", str(tmp_path / "data"))
    return load_settings()


@pytest.fixture(scope="session")
def snapshot_site() -> Iterator[dict[str, str]]:
    """The bundled news site, one ephemeral loopback port per outlet: {outlet: base_url}."""
    with serve_site(SITE) as bases:
        yield bases


def write_sources(path: Path, bases: dict[str, str], **fetch: object) -> Path:
    config = {
        "user_agent": "newswatch-test/0.1 (+https://example.invalid/newswatch)",
        "allow_private_networks": ["127.0.0.0/8"],
        "fetch": {"per_host_delay": 0.0, "timeout": 5, "retries": 1, "backoff_base": 0.05, **fetch},
        "sources": [
            {"name": name, "kind": "rss", "url": f"{base}/feed.xml", "lookback_days": 90}
            for name, base in sorted(bases.items())
        ],
    }
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


@pytest.fixture
def snapshot_sources(tmp_path: Path, snapshot_site: dict[str, str]) -> Path:
    return write_sources(tmp_path / "sources.yaml", snapshot_site)


def seed_text() -> str:
    return (GOLD / "seed_article.txt").read_text(encoding="utf-8")


def seed_gold() -> dict[str, object]:
    return json.loads((GOLD / "seed_article.quotes.json").read_text(encoding="utf-8"))
