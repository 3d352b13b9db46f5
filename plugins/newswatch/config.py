"""The sources file: what to collect, and the politeness policy to collect it with.

A sources file is YAML::

    user_agent: "newswatch/0.1 (+https://example.org/newswatch; news-research crawler)"
    allow_private_networks: [127.0.0.0/8]     # default: none; the fetcher refuses private addresses
    fetch: {timeout: 20, per_host_delay: 2.0, max_bytes: 5000000, retries: 3}
    sources:
      - {name: korea-ledger, kind: rss, url: "https://…/feed.xml", lookback_days: 1}

Every key of ``fetch`` is a field of :class:`FetchPolicy`; per-source options live beside
``name``/``kind``/``url`` and are kept in :attr:`Source.options`.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

SOURCE_KINDS = ("rss", "sitemap", "gdelt", "listing")


class ConfigError(ValueError):
    """The sources file is malformed; the message says where."""


@dataclass(frozen=True)
class FetchPolicy:
    """Politeness and safety knobs, all in one place."""

    user_agent: str = "newswatch/0.1 (+https://github.com/newswatch/newswatch; news-coverage research)"
    timeout: float = 20.0
    connect_timeout: float = 5.0
    retries: int = 3
    backoff_base: float = 1.0
    backoff_max: float = 60.0
    max_retry_after: float = 120.0
    per_host_delay: float = 2.0
    max_bytes: int = 5_000_000
    max_decompressed_bytes: int = 20_000_000
    max_redirects: int = 5
    max_fetch_seconds: float = 120.0  # whole-body deadline, against servers that trickle bytes
    respect_robots: bool = True
    allowed_content_types: tuple[str, ...] = (
        "text/html",
        "application/xhtml+xml",
        "application/xml",
        "text/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/json",
        "text/plain",
    )
    allow_private_networks: tuple[str, ...] = ()

    def private_networks(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        return [ipaddress.ip_network(cidr, strict=False) for cidr in self.allow_private_networks]


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    url: str
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def lookback_days(self) -> int:
        return int(self.options.get("lookback_days", 1))

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "url": self.url, "options": dict(self.options)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source:
        return cls(name=data["name"], kind=data["kind"], url=data["url"], options=dict(data.get("options", {})))


@dataclass(frozen=True)
class SourcesConfig:
    path: Path
    sources: tuple[Source, ...]
    policy: FetchPolicy


def _policy(raw: dict[str, Any], path: Path) -> FetchPolicy:
    known = {f.name for f in fields(FetchPolicy)}
    fetch = dict(raw.get("fetch") or {})
    unknown = set(fetch) - known
    if unknown:
        raise ConfigError(f"{path}: unknown fetch option(s): {', '.join(sorted(unknown))}")
    if "user_agent" in raw:
        fetch["user_agent"] = raw["user_agent"]
    nets = raw.get("allow_private_networks") or []
    try:
        for cidr in nets:
            ipaddress.ip_network(cidr, strict=False)
    except ValueError as exc:
        raise ConfigError(f"{path}: allow_private_networks: {exc}") from exc
    fetch["allow_private_networks"] = tuple(nets)
    if "allowed_content_types" in fetch:
        fetch["allowed_content_types"] = tuple(fetch["allowed_content_types"])
    return FetchPolicy(**fetch)


def load_sources(path: str | Path) -> SourcesConfig:
    """Read and validate a sources file; raises :class:`ConfigError` with the offending entry."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read sources file: {exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("sources"), list):
        raise ConfigError(f"{path}: expected a mapping with a 'sources' list")
    sources: list[Source] = []
    seen: set[str] = set()
    for i, entry in enumerate(raw["sources"]):
        if not isinstance(entry, dict):
            raise ConfigError(f"{path}: sources[{i}] is not a mapping")
        missing = [k for k in ("name", "kind", "url") if not entry.get(k)]
        if missing:
            raise ConfigError(f"{path}: sources[{i}] lacks {', '.join(missing)}")
        if entry["kind"] not in SOURCE_KINDS:
            raise ConfigError(f"{path}: sources[{i}] kind {entry['kind']!r} not one of {SOURCE_KINDS}")
        if entry["name"] in seen:
            raise ConfigError(f"{path}: duplicate source name {entry['name']!r}")
        seen.add(entry["name"])
        options = {k: v for k, v in entry.items() if k not in ("name", "kind", "url")}
        sources.append(Source(name=str(entry["name"]), kind=entry["kind"], url=str(entry["url"]), options=options))
    return SourcesConfig(path=path, sources=tuple(sources), policy=_policy(raw, path))
