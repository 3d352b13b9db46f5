"""The benchmark's second page style: the same article with the page furniture of a news site's article page.

The snapshot site's template (``seeds/snapshot/build.py``) is deliberately bare: a masthead, the article,
a short related list and a footer, about 9 KB of HTML. A news site's article page carries much more
around the same article, and HTML text extraction pays for all of it, so the share that quote and mention
extraction takes of it depends on the page. This module dresses a snapshot page with that furniture, each
piece of the kind such pages serve:

- in ``<head>``: social and article meta tags, preloads, inline critical CSS, a consent/analytics config;
- the application state that server-rendered sites inline for hydration (article metadata, the body's
  paragraphs and the teaser modules as JSON), as sites built on React/Next.js frameworks do;
- a section mega-menu and a trending bar above the article;
- below it: a "more from this section" grid of teasers with responsive images, a most-read list, a
  newsletter form, a comments teaser and a footer of site links.

The article itself is untouched, and the benchmark checks that ``extract`` returns the same text from the
dressed page as from the bare one, so both page styles time the same article.
Deterministic: the same bare page and seed give the same bytes.
"""

from __future__ import annotations

import html
import json
import random
import re

SECTIONS = (
    "World",
    "U.S.",
    "Politics",
    "Business",
    "Technology",
    "Science",
    "Health",
    "Climate",
    "Opinion",
    "Arts",
    "Sports",
    "Travel",
)
SUBSECTIONS = (
    "Latest",
    "Africa",
    "Americas",
    "Asia",
    "Europe",
    "Middle East",
    "Analysis",
    "Investigations",
    "Video",
    "Podcasts",
)
FOOTER_GROUPS = ("News", "Opinion", "Arts", "Living", "More", "Account", "Company", "Help")
WORDS = (
    "talks summit envoy sanctions missile senate budget court ruling market rates election campaign "
    "governor storm wildfire vaccine hospital school university startup chip factory trade tariff "
    "border migrants police council stadium season final museum festival film album recipe travel"
).split()


def _slug(words: str) -> str:
    return words.lower().replace(".", "").replace(" ", "-")


def _footer_link(rng: random.Random, group: str, k: int) -> str:
    return f'<li><a href="/{_slug(group)}/{rng.choice(WORDS)}-{k}">{rng.choice(WORDS).title()}</a></li>'


def _headline(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(7, 12))).capitalize()


def _teaser(rng: random.Random, i: int) -> dict[str, str]:
    section = rng.choice(SECTIONS)
    slug = f"{_slug(section)}-story-{i}"
    return {"section": section, "title": _headline(rng), "url": f"/2019/11/{rng.randint(1, 28):02d}/{slug}.html"}


def _css(rng: random.Random, rules: int) -> str:
    props = ("margin", "padding", "font-size", "line-height", "letter-spacing", "border-width", "gap")
    out = []
    for i in range(rules):
        name = f".c-{rng.choice(WORDS)}-{i}"
        body = ";".join(f"{rng.choice(props)}:{rng.randint(0, 48)}px" for _ in range(rng.randint(2, 5)))
        out.append(f"{name}{{{body};color:#{rng.randrange(16**6):06x}}}")
    return "".join(out)


def _image(i: int) -> str:
    srcset = ", ".join(f"/images/2019/11/teaser-{i}-{w}.jpg {w}w" for w in (320, 640, 960, 1280))
    return (
        f'<img src="/images/2019/11/teaser-{i}-640.jpg" srcset="{srcset}" '
        f'sizes="(max-width: 600px) 100vw, (max-width: 1024px) 50vw, 25vw" width="640" height="360" '
        f'loading="lazy" decoding="async" alt="">'
    )


def dress(page: str, paragraphs: list[str], seed: int) -> str:
    """``page`` (a snapshot page) with the furniture of a news site's article page around the same article."""
    rng = random.Random(seed)
    e = html.escape
    teasers = [_teaser(rng, i) for i in range(40)]
    title_match = re.search(r"<h1>(.*?)</h1>", page, re.S)
    title = html.unescape(title_match.group(1)) if title_match else ""

    meta = "".join(
        f'<meta property="{p}" content="{e(v)}">'
        for p, v in (
            ("og:description", paragraphs[0][:200] if paragraphs else ""),
            ("og:image", "/images/2019/11/lead-1280.jpg"),
            ("og:image:width", "1280"),
            ("og:image:height", "720"),
            ("twitter:card", "summary_large_image"),
            ("twitter:title", title),
            ("twitter:image", "/images/2019/11/lead-1280.jpg"),
            ("article:section", "World"),
            ("article:tag", "North Korea"),
            ("article:tag", "Nuclear weapons"),
            ("article:tag", "Diplomacy"),
        )
    )
    preloads = "".join(
        f'<link rel="preload" as="{kind}" href="{href}"{" crossorigin" if kind == "font" else ""}>'
        for kind, href in (
            ("font", "/fonts/serif-regular.woff2"),
            ("font", "/fonts/serif-bold.woff2"),
            ("font", "/fonts/sans-regular.woff2"),
            ("script", "/assets/app.7f3a9c.js"),
            ("script", "/assets/vendor.1b2e4d.js"),
            ("style", "/assets/main.c41d0e.css"),
        )
    )
    consent = json.dumps(
        {
            "consent": {"vendors": [f"vendor-{i}" for i in range(30)], "purposes": list(range(1, 11))},
            "analytics": {"page_type": "article", "section": "world", "paywall": "metered", "ab": "b"},
        }
    )
    head = (
        f"{meta}{preloads}<style>{_css(rng, 260)}</style>"
        f'<script>window.__CONFIG__={consent};</script><script async src="/assets/app.7f3a9c.js"></script>'
    )
    state = json.dumps(
        {
            "article": {"headline": title, "body": [{"type": "paragraph", "text": p} for p in paragraphs]},
            "modules": {"more": teasers[:24], "most_read": teasers[24:34], "trending": teasers[34:]},
        },
        ensure_ascii=False,
    ).replace("</", "<\\/")
    menu = "".join(
        f'<li class="menu-section"><a href="/section/{s.lower()}">{e(s)}</a><ul class="menu-sub">'
        + "".join(f'<li><a href="/section/{s.lower()}/{_slug(sub)}">{e(sub)}</a></li>' for sub in SUBSECTIONS)
        + "</ul></li>"
        for s in SECTIONS
    )
    trending = "".join(f'<li><a href="{t["url"]}">{e(t["title"])}</a></li>' for t in teasers[34:])
    top = (
        f'<div class="site-header"><nav class="mega-menu" aria-label="Sections"><ul>{menu}</ul></nav>'
        f'<div class="trending"><span>Trending</span><ul>{trending}</ul></div></div>'
    )
    more = "".join(
        f'<li class="teaser"><a href="{t["url"]}">{_image(i)}<span class="kicker">{e(t["section"])}</span>'
        f"<h3>{e(t['title'])}</h3></a></li>"
        for i, t in enumerate(teasers[:24])
    )
    most_read = "".join(f'<li><a href="{t["url"]}">{e(t["title"])}</a></li>' for t in teasers[24:34])
    footer_links = "".join(
        f'<div class="footer-group"><h4>{g}</h4><ul>'
        + "".join(_footer_link(rng, g, k) for k in range(10))
        + "</ul></div>"
        for g in FOOTER_GROUPS
    )
    bottom = (
        f'<section class="more-from"><h2>More from World</h2><ul class="grid">{more}</ul></section>'
        f'<section class="most-read"><h2>Most read</h2><ol>{most_read}</ol></section>'
        '<section class="newsletter"><h2>Sign up for the morning briefing</h2><form action="/newsletters/subscribe" '
        'method="post"><label for="email">Email address</label><input id="email" name="email" type="email">'
        '<button type="submit">Sign up</button></form></section>'
        '<section class="comments-teaser"><h2>Comments</h2><button data-action="load-comments">Show comments</button>'
        "</section>"
        f'<div class="site-footer">{footer_links}</div>'
        f'<script id="__APP_STATE__" type="application/json">{state}</script>'
    )
    dressed = page.replace("</head>", head + "</head>", 1).replace("<body>", "<body>" + top, 1)
    return dressed.replace("</body>", bottom + "</body>", 1)
