"""Text and metadata extraction from article HTML.

trafilatura finds the main text (it beats hand-written readability heuristics on real pages and is
fully offline); this module adds what a tracker needs on top: structured metadata from JSON-LD and
``<meta>`` tags (exact publication timestamps, authors, canonical URL), removal of in-text boilerplate
lines such as "ADVERTISEMENT", and a verdict on whether the page is an article at all.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import lxml.html
import trafilatura
from lxml import etree

from newswatch.urls import canonicalize

MIN_ARTICLE_CHARS = 400
ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "blogposting",
        "reviewnewsarticle",
        "liveblogposting",
    }
)
_BOILERPLATE_LINE = re.compile(
    r"^\s*(?:advertisement|ad|sponsored(?: content)?|story continues below(?: advertisement)?|"
    r"scroll to continue(?: with content)?|continue reading(?: below)?|skip advertisement|"
    r"article continues (?:below|after advertisement))\s*$",
    re.IGNORECASE,
)


@dataclass
class Extracted:
    url: str
    canonical_url: str
    title: str | None
    author: str | None
    published_at: str | None
    text: str
    site_name: str | None
    is_article: bool
    skip_reason: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def clean_text(text: str) -> str:
    """Drop boilerplate lines and empty lines; one paragraph per line."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(line for line in lines if line and not _BOILERPLATE_LINE.match(line))


def _json_ld(tree: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for node in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(node.text or "")
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                if "@graph" in item and isinstance(item["@graph"], list):
                    stack.extend(item["@graph"])
                items.append(item)
            elif isinstance(item, list):
                stack.extend(item)
    return items


def _types(item: dict[str, Any]) -> set[str]:
    value = item.get("@type", [])
    values = value if isinstance(value, list) else [value]
    return {str(v).lower() for v in values}


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [str(value["name"])] if value.get("name") else []
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _meta(tree: Any, *keys: str) -> str | None:
    for key in keys:
        found = tree.xpath(f'//meta[@property="{key}" or @name="{key}"]/@content')
        if found and str(found[0]).strip():
            return str(found[0]).strip()
    return None


def normalize_timestamp(value: str | None) -> str | None:
    """ISO 8601 in UTC, or None when unparseable."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat()


def extract(html: str, url: str) -> Extracted:
    """Main text plus metadata; ``is_article`` is False (with a reason) for pages that are not articles."""
    try:
        tree = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        return Extracted(url, canonicalize(url), None, None, None, "", None, False, f"unparseable_html: {exc}")
    ld = _json_ld(tree)
    article_ld = next((item for item in ld if _types(item) & ARTICLE_TYPES), None)
    canonical_href = tree.xpath('//link[@rel="canonical"]/@href')
    canonical = canonicalize(str(canonical_href[0])) if canonical_href else canonicalize(url)

    doc = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_tables=False, fast=False
    )
    meta: dict[str, Any] = doc.as_dict() if doc is not None and not isinstance(doc, dict) else (doc or {})
    text = clean_text(str(meta.get("text") or ""))

    title = (article_ld or {}).get("headline") or _meta(tree, "og:title") or meta.get("title")
    authors = _names((article_ld or {}).get("author")) or [a for a in [_meta(tree, "author")] if a]
    author = "; ".join(authors) if authors else meta.get("author")
    published = normalize_timestamp(
        (article_ld or {}).get("datePublished") or _meta(tree, "article:published_time", "pubdate", "date")
    ) or normalize_timestamp(meta.get("date"))
    site_name = _meta(tree, "og:site_name") or meta.get("sitename")
    og_type = (_meta(tree, "og:type") or "").lower()

    skip: str | None = None
    if len(text) < MIN_ARTICLE_CHARS:
        skip = "too_little_text"
    elif article_ld is None and og_type != "article":
        skip = "not_an_article"
    return Extracted(
        url=url,
        canonical_url=canonical,
        title=str(title).strip() if title else None,
        author=author,
        published_at=published,
        text=text,
        site_name=site_name,
        is_article=skip is None,
        skip_reason=skip,
    )
