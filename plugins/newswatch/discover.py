"""Discovery: turn a configured source into candidate article URLs for a run's date window.

Each source kind has one function with the same shape: it gets the fetched document and returns
:class:`Candidate` rows. Feed XML is checked with defusedxml before any parser sees it, so entity
expansion ("billion laughs") and external entities are refused rather than expanded.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode, urljoin

import defusedxml.ElementTree as SafeET
import feedparser
from defusedxml import DefusedXmlException

from newswatch.config import Source
from newswatch.fetch import Attempt, Fetcher


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


_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF|channel)\b", re.IGNORECASE)


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
    if not parsed.entries and not _FEED_ROOT.search(body[:2048]):
        raise DiscoveryError("not_a_feed", "no RSS, Atom or RDF root element (an HTML error page?)")
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


# --------------------------------------------------------------------------------------------------
# Collecting: fetch a source's documents (one for feeds and listings, one per time slice for GDELT)

GDELT_MAX_RECORDS = 250


@dataclass
class Collected:
    candidates: list[Candidate]
    attempts: list[Attempt]
    status: str  # "ok" or the reason discovery failed
    validators: dict[str, str | None]  # ETag / Last-Modified / body key of the feed, for conditional GET


def collect(
    fetcher: Fetcher,
    source: Source,
    window: Window,
    validators: dict[str, str | None] | None = None,
    cached_body: Callable[[str], bytes | None] | None = None,
    keep_body: Callable[[bytes], str] | None = None,
) -> Collected:
    """Discover a source's candidates in ``window``; never raises for what the network or the feed does.

    Feeds, sitemaps and listings are fetched with conditional GET (``validators`` from the last run); on 304
    the previous body, kept in the archive under ``validators["body"]``, is parsed again.
    """
    if source.kind == "gdelt":
        return _collect_gdelt(fetcher, source, window)
    parser = PARSERS.get(source.kind)
    if parser is None:
        return Collected([], [], f"unsupported_kind: {source.kind}", {})
    validators = validators or {}
    result = fetcher.fetch(source.url, etag=validators.get("etag"), last_modified=validators.get("last_modified"))
    body: bytes | None = result.body if result.ok else None
    if result.reason == "not_modified" and validators.get("body") and cached_body is not None:
        body = cached_body(str(validators["body"]))
    if body is None:
        return Collected([], result.attempts, result.reason, validators)
    try:
        candidates = parser(body, source, window)
    except DiscoveryError as exc:
        result.attempts.append(Attempt(source.url, _now(), result.status, len(body), 0.0, f"{exc.reason}: {exc}"[:500]))
        return Collected([], result.attempts, exc.reason, validators)
    fresh = dict(validators)
    if result.ok:
        fresh = {
            "etag": result.etag,
            "last_modified": result.last_modified,
            "body": keep_body(result.body) if keep_body else None,
        }
    return Collected(candidates, result.attempts, "ok", fresh)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _gdelt_url(source: Source, start: datetime, end: datetime) -> str:
    params = {
        "query": str(source.options.get("query", "")),
        "mode": "ArtList",
        "format": "json",
        "maxrecords": str(GDELT_MAX_RECORDS),
        "sort": "DateAsc",
        "startdatetime": start.strftime("%Y%m%d%H%M%S"),
        "enddatetime": end.strftime("%Y%m%d%H%M%S"),
    }
    return source.url + ("&" if "?" in source.url else "?") + urlencode(params)


def _collect_gdelt(fetcher: Fetcher, source: Source, window: Window) -> Collected:
    """GDELT DOC 2.0 ArtList over the window in time slices; a full slice (250 results) is halved again."""
    if not source.options.get("query"):
        return Collected([], [], "config_error: gdelt source needs a query", {})
    slice_hours = float(source.options.get("slice_hours", 6))
    min_slice = timedelta(minutes=float(source.options.get("min_slice_minutes", 15)))
    todo: list[tuple[datetime, datetime]] = []
    t = window.start
    while t < window.end:
        todo.append((t, min(window.end, t + timedelta(hours=slice_hours))))
        t += timedelta(hours=slice_hours)
    candidates: dict[str, Candidate] = {}
    attempts: list[Attempt] = []
    status = "ok"
    while todo:
        start, end = todo.pop(0)
        result = fetcher.fetch(_gdelt_url(source, start, end), check_robots=False)
        attempts.extend(result.attempts)
        if not result.ok:
            status = result.reason
            continue
        try:
            items = _parse_gdelt(result.body)
        except DiscoveryError as exc:
            status = exc.reason
            attempts.append(Attempt(result.url, _now(), result.status, len(result.body), 0.0, str(exc)[:500]))
            continue
        if len(items) >= GDELT_MAX_RECORDS and end - start > min_slice:
            middle = start + (end - start) / 2
            todo[:0] = [(start, middle), (middle, end)]  # the API caps results: split the slice and ask again
            continue
        for item in items:
            url = str(item.get("url") or "").strip()
            if not url or url in candidates:
                continue
            seen = _parse_gdelt_date(str(item.get("seendate") or ""))
            if not window.contains(seen):
                continue
            candidates[url] = Candidate(url, source.name, item.get("title"), seen.isoformat() if seen else None)
    return Collected(list(candidates.values()), attempts, status, {})


def _parse_gdelt(body: bytes) -> list[dict[str, Any]]:
    text = body.decode("utf-8", errors="replace").strip()
    if not text:
        return []
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise DiscoveryError("malformed_json", str(exc)) from exc
    articles = data.get("articles", []) if isinstance(data, dict) else []
    return [a for a in articles if isinstance(a, dict)]


def _parse_gdelt_date(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None


def parse_listing(body: bytes, source: Source, window: Window) -> list[Candidate]:
    """An HTML listing page: links by CSS selector, dates (optional) from a sibling element's attribute."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(body, "lxml")
    link_selector = str(source.options.get("link_selector", "article a[href]"))
    date_selector = source.options.get("date_selector")
    date_attr = str(source.options.get("date_attr", "datetime"))
    out: list[Candidate] = []
    seen: set[str] = set()
    for link in soup.select(link_selector):
        href = link.get("href")
        if not isinstance(href, str) or not href.strip():
            continue
        url = urljoin(source.url, href.strip())
        if url in seen or not url.startswith(("http://", "https://")):
            continue
        when = None
        if date_selector:
            container = link.find_parent(["article", "li", "div"]) or link
            node = container.select_one(str(date_selector))
            raw = node.get(date_attr) if node is not None else None
            when = _parse_iso(raw if isinstance(raw, str) else (node.get_text(strip=True) if node else None))
        if not window.contains(when):
            continue
        seen.add(url)
        out.append(
            Candidate(url, source.name, link.get_text(" ", strip=True) or None, when.isoformat() if when else None)
        )
    return out


PARSERS["listing"] = parse_listing
