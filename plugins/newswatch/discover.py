"""Discovery: turn a configured source into candidate article URLs for a run's date window.

Each source kind has one function with the same shape: it gets the fetched document and returns
:class:`Candidate` rows. Feed XML is checked with defusedxml before any parser sees it, so entity
expansion ("billion laughs") and external entities are refused rather than expanded.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import defusedxml.ElementTree as SafeET
import feedparser
from defusedxml import DefusedXmlException

from newswatch.config import Source


class DiscoveryError(ValueError):
    """The source document could not be used; ``reason`` is a short code for ``fetch_log``."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason


@dataclass(frozen=True)
class Candidate:
    url: str
    source: str
    title: str | None = None
    published_at: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Window:
    """A run's half-open date window ``[start, end)`` in UTC."""

    start: datetime
    end: datetime

    @classmethod
    def for_day(cls, day: str) -> Window:
        start = datetime.fromisoformat(day).replace(tzinfo=UTC)
        return cls(start, start + timedelta(days=1))

    def widened(self, lookback_days: int) -> Window:
        """The window reaching back ``lookback_days`` days in all (1 = the run's own day)."""
        return Window(self.end - timedelta(days=max(1, lookback_days)), self.end)

    def contains(self, when: datetime | None) -> bool:
        return when is None or self.start <= when < self.end

    @property
    def day(self) -> str:
        return self.start.date().isoformat()


def check_xml_safe(body: bytes) -> None:
    """Refuse XML with entity declarations or external references; tolerate merely broken XML."""
    try:
        SafeET.fromstring(body)
    except DefusedXmlException as exc:
        raise DiscoveryError("unsafe_xml", exc.__class__.__name__) from exc
    except SafeET.ParseError:
        # Broken XML is the feed parser's problem (it recovers what it can); unsafe XML is ours.
        if b"<!ENTITY" in body[:65536].upper():
            raise DiscoveryError("unsafe_xml", "entity declaration in malformed XML") from None


def _struct_to_iso(value: Any) -> str | None:
    if not value:
        return None
    return datetime.fromtimestamp(calendar.timegm(value), tz=UTC).isoformat()


def parse_feed(body: bytes, source: Source, window: Window) -> list[Candidate]:
    """RSS 2.0 / Atom / RDF entries inside the window (entries without a date are kept)."""
    check_xml_safe(body)
    parsed = feedparser.parse(body)
    if parsed.get("bozo") and not any(entry.get("link") for entry in parsed.entries):
        raise DiscoveryError("malformed_feed", str(parsed.get("bozo_exception", "unparseable feed")))
    out: list[Candidate] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        link = entry.get("link")
        if not link or link in seen:
            continue
        published = _struct_to_iso(entry.get("published_parsed") or entry.get("updated_parsed"))
        when = datetime.fromisoformat(published) if published else None
        if not window.contains(when):
            continue
        seen.add(link)
        out.append(Candidate(url=link.strip(), source=source.name, title=entry.get("title"), published_at=published))
    return out


def parse_sitemap(body: bytes, source: Source, window: Window) -> list[Candidate]:
    """A news sitemap (or plain urlset) with ``news:publication_date`` or ``lastmod``."""
    check_xml_safe(body)
    try:
        root = SafeET.fromstring(body)
    except SafeET.ParseError as exc:
        raise DiscoveryError("malformed_sitemap", str(exc)) from exc
    out: list[Candidate] = []
    for node in root.iter():
        if not node.tag.endswith("url"):
            continue
        loc = title = when_text = None
        for child in node.iter():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "loc" and loc is None:
                loc = (child.text or "").strip()
            elif tag == "title":
                title = (child.text or "").strip()
            elif tag in ("publication_date", "lastmod") and when_text is None:
                when_text = (child.text or "").strip()
        if not loc:
            continue
        when = _parse_iso(when_text)
        if not window.contains(when):
            continue
        out.append(Candidate(loc, source.name, title, when.isoformat() if when else None))
    return out


def _parse_iso(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


PARSERS: dict[str, Callable[[bytes, Source, Window], list[Candidate]]] = {
    "rss": parse_feed,
    "sitemap": parse_sitemap,
}
