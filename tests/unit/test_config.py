from __future__ import annotations

from pathlib import Path

import pytest
from newswatch.config import SOURCE_KINDS, ConfigError, load_sources

from tests.conftest import ROOT


def test_live_sources_file_is_valid_and_allows_no_private_network() -> None:
    config = load_sources(ROOT / "seeds" / "sources.yaml")
    assert len(config.sources) >= 5
    assert {s.kind for s in config.sources} == set(SOURCE_KINDS)
    assert config.policy.allow_private_networks == ()
    assert config.policy.per_host_delay >= 1.0
    assert all(s.url.startswith("https://") for s in config.sources)


def test_demo_sources_only_reach_loopback() -> None:
    config = load_sources(ROOT / "seeds" / "demo_sources.yaml")
    assert config.policy.allow_private_networks == ("127.0.0.0/8",)
    assert all(s.url.startswith("http://127.0.0.1:") for s in config.sources)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sources: [{name: a, kind: rss}]", "lacks url"),
        ("sources: [{name: a, kind: carrier-pigeon, url: x}]", "kind"),
        ("sources: [{name: a, kind: rss, url: x}, {name: a, kind: rss, url: y}]", "duplicate"),
        ("allow_private_networks: [not-a-cidr]\nsources: []", "allow_private_networks"),
        ("fetch: {speed: 11}\nsources: []", "unknown fetch option"),
        ("just text", "sources"),
    ],
)
def test_bad_sources_files_give_clear_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_sources(path)


def test_failure_summary_names_task_run_and_error() -> None:
    from types import SimpleNamespace

    from newswatch.ops import failure_summary

    ti = SimpleNamespace(dag_id="news_coverage_daily", task_id="fetch", map_index=1, try_number=3)
    text = failure_summary(
        {
            "ti": ti,
            "run_id": "manual__x",
            "params": {"day": "2019-10-05", "sources": "s.yaml"},
            "exception": ValueError("boom"),
        }
    )
    for part in ("task=fetch", "map_index=1", "try=3", "run=manual__x", "day=2019-10-05", "ValueError('boom')"):
        assert part in text
