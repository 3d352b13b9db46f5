"""Render the bundled offline news site from ``articles/*.md``.

Run ``python seeds/snapshot/build.py`` after editing an article; the output in ``site/`` is committed so
the demo and tests serve fixed bytes. Absolute links are written as ``{{BASE_URL}}``, which the snapshot
server replaces with the address it listens on, so the same files work on any loopback port.
"""

from __future__ import annotations

import html
import json
import shutil
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
SITE = HERE / "site"

OUTLETS = {
    "korea-ledger": {
        "name": "The Korea Ledger",
        "tagline": "Policy, security and diplomacy on the Korean Peninsula",
        "nav": ["World", "Politics", "Analysis", "Opinion", "Economy", "Sports"],
        "robots": "User-agent: *\nDisallow: /admin/\nDisallow: /search\n",
    },
    "capitol-dispatch": {
        "name": "Capitol Dispatch",
        "tagline": "Washington politics and foreign policy",
        "nav": ["Politics", "World", "Congress", "White House", "Analysis", "Sports"],
        "robots": "User-agent: *\nDisallow: /members/\n\nUser-agent: BadBot\nDisallow: /\n",
    },
}


def load_article(path: Path) -> dict:
    raw = path.read_text(encoding="utf-8")
    _, front, body = raw.split("---", 2)
    meta = yaml.safe_load(front)
    paragraphs = [" ".join(p.split("\n")).strip() for p in body.strip().split("\n\n") if p.strip()]
    published = meta["published"]
    if isinstance(published, str):
        published = datetime.fromisoformat(published)
    meta.update(paragraphs=paragraphs, published=published)
    return meta


def article_path(meta: dict) -> str:
    if meta["kind"] == "page":
        return f"/about/{meta['slug']}.html"
    return f"/{meta['published']:%Y/%m/%d}/{meta['slug']}.html"


def render_article(meta: dict, outlet: dict, related: list[dict]) -> str:
    e = html.escape
    url = "{{BASE_URL}}" + article_path(meta)
    is_page = meta["kind"] == "page"
    body_parts = []
    for i, para in enumerate(meta["paragraphs"]):
        if para.strip().upper() == "ADVERTISEMENT":
            body_parts.append('<div class="ad-slot" data-ad="inline"><p>ADVERTISEMENT</p></div>')
            continue
        body_parts.append(f"<p>{e(para, quote=False)}</p>")
        if i == 5 and not is_page:
            body_parts.append(
                '<aside class="newsletter-promo"><p>Get the Peninsula Briefing in your inbox every morning.</p>'
                '<a href="/about/newsletter.html">Sign up</a></aside>'
            )
    ld = {
        "@context": "https://schema.org",
        "@type": "WebPage" if is_page else "NewsArticle",
        "headline": meta["title"],
        "url": url,
        "mainEntityOfPage": url,
        "publisher": {"@type": "Organization", "name": outlet["name"]},
    }
    if not is_page:
        ld.update(
            datePublished=meta["published"].isoformat(),
            author={"@type": "Person" if meta["kind"] != "wire" else "Organization", "name": meta["author"]},
            articleSection=meta.get("section", "World"),
        )
    nav = "".join(f'<li><a href="/section/{n.lower()}">{e(n)}</a></li>' for n in outlet["nav"])
    rel = "".join(f'<li><a href="{"{{BASE_URL}}" + article_path(r)}">{e(r["title"])}</a></li>' for r in related)
    byline = "" if is_page else (
        f'<p class="byline">By <span class="author">{e(meta["author"])}</span> · '
        f'<time datetime="{meta["published"].isoformat()}">{meta["published"]:%B %d, %Y}</time></p>'
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{e(meta["title"])} | {e(outlet["name"])}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:type" content="{"website" if is_page else "article"}">
<meta property="og:title" content="{e(meta["title"])}">
<meta property="og:site_name" content="{e(outlet["name"])}">
<meta property="og:url" content="{url}">
{"" if is_page else f'<meta property="article:published_time" content="{meta["published"].isoformat()}">'}
{"" if is_page else f'<meta name="author" content="{e(meta["author"])}">'}
<link rel="canonical" href="{url}">
<link rel="alternate" type="application/rss+xml" href="{{{{BASE_URL}}}}/feed.xml">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"section": "{e(meta.get("section", ""))}"}});</script>
</head>
<body>
<header class="masthead">
  <a class="logo" href="/">{e(outlet["name"])}</a>
  <p class="tagline">{e(outlet["tagline"])}</p>
  <nav><ul>{nav}</ul></nav>
  <div class="ad-slot" data-ad="leaderboard"><p>Advertisement</p></div>
</header>
<main>
<article>
  <p class="section-label">{e(meta.get("section", ""))}</p>
  <h1>{e(meta["title"])}</h1>
  {byline}
  <div class="article-body">
  {chr(10).join(body_parts)}
  </div>
  <div class="share"><a href="#">Share on X</a> <a href="#">Share on Facebook</a> <a href="#">Email</a></div>
</article>
<aside class="related"><h2>Related coverage</h2><ul>{rel}</ul></aside>
</main>
<footer><p>© 2019 {e(outlet["name"])}. All rights reserved.</p>
<ul><li><a href="/about/newsletter.html">Newsletters</a></li><li><a href="/about/terms.html">Terms</a></li>
<li><a href="/about/privacy.html">Privacy</a></li></ul></footer>
</body>
</html>
"""


def render_feed(outlet_key: str, outlet: dict, items: list[dict]) -> str:
    e = html.escape
    entries = []
    for i, meta in enumerate(sorted(items, key=lambda m: m["published"], reverse=True)):
        link = "{{BASE_URL}}" + article_path(meta)
        if i % 3 == 1:  # feeds often carry campaign parameters; canonicalisation must strip them
            link += "?utm_source=rss&amp;utm_medium=feed&amp;utm_campaign=" + outlet_key
        summary = e(meta["paragraphs"][0][:280], quote=False) if meta["paragraphs"] else ""
        entries.append(
            f"""  <item>
    <title>{e(meta["title"], quote=False)}</title>
    <link>{link}</link>
    <guid isPermaLink="false">{outlet_key}-{meta["slug"]}</guid>
    <pubDate>{format_datetime(meta["published"])}</pubDate>
    <description>{summary}</description>
  </item>"""
        )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
  <title>{e(outlet["name"])}</title>
  <link>{{{{BASE_URL}}}}/</link>
  <description>{e(outlet["tagline"])}</description>
  <language>en-us</language>
{chr(10).join(entries)}
</channel>
</rss>
"""


def main() -> None:
    articles = [load_article(p) for p in sorted(ARTICLES.glob("*.md"))]
    if SITE.exists():
        shutil.rmtree(SITE)
    for key, outlet in OUTLETS.items():
        mine = [a for a in articles if a["outlet"] == key]
        root = SITE / key
        root.mkdir(parents=True)
        (root / "robots.txt").write_text(outlet["robots"], encoding="utf-8")
        stories = [a for a in mine if a["kind"] != "page"]
        for meta in mine:
            related = [a for a in stories if a is not meta][:4]
            out = root / article_path(meta).lstrip("/")
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(render_article(meta, outlet, related), encoding="utf-8")
        (root / "feed.xml").write_text(render_feed(key, outlet, mine), encoding="utf-8")
        index = "".join(
            f'<li><a href="{"{{BASE_URL}}" + article_path(a)}">{html.escape(a["title"])}</a></li>' for a in stories
        )
        (root / "index.html").write_text(
            f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{outlet['name']}</title></head>"
            f"<body><h1>{outlet['name']}</h1><ul>{index}</ul></body></html>\n",
            encoding="utf-8",
        )
        print(f"{key}: {len(mine)} pages")


if __name__ == "__main__":
    main()
