from __future__ import annotations

import pytest
from newswatch.config import Source
from newswatch.discover import DiscoveryError, Window, parse_feed, parse_sitemap

SRC = Source("t", "rss", "http://127.0.0.1/feed.xml")
RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>In</title><link>http://127.0.0.1/a.html</link><pubDate>Mon, 07 Oct 2019 11:00:00 +0000</pubDate></item>
<item><title>Old</title><link>http://127.0.0.1/b.html</link><pubDate>Mon, 01 Jul 2019 11:00:00 +0000</pubDate></item>
<item><title>Undated</title><link>http://127.0.0.1/c.html</link></item>
</channel></rss>"""


def test_feed_entries_outside_window_are_left_out() -> None:
    got = parse_feed(RSS, SRC, Window.for_day("2019-10-07"))
    assert [c.url for c in got] == ["http://127.0.0.1/a.html", "http://127.0.0.1/c.html"]
    assert got[0].published_at == "2019-10-07T11:00:00+00:00"


def test_lookback_widens_the_window() -> None:
    got = parse_feed(RSS, SRC, Window.for_day("2019-10-07").widened(120))
    assert len(got) == 3


def test_entity_expansion_feed_is_refused() -> None:
    bomb = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>
    <rss><channel><item><title>&lol2;</title><link>http://127.0.0.1/x</link></item></channel></rss>"""
    with pytest.raises(DiscoveryError) as err:
        parse_feed(bomb, SRC, Window.for_day("2019-10-07"))
    assert err.value.reason == "unsafe_xml"


def test_malformed_feed_without_entries_is_a_clear_error() -> None:
    with pytest.raises(DiscoveryError) as err:
        parse_feed(b"<rss><channel><item><title>broken", SRC, Window.for_day("2019-10-07"))
    assert err.value.reason == "malformed_feed"


def test_news_sitemap_uses_publication_date() -> None:
    xml = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
      xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
      <url><loc>http://127.0.0.1/a</loc><news:news><news:publication_date>2019-10-07T08:00:00Z</news:publication_date>
      <news:title>A</news:title></news:news></url>
      <url><loc>http://127.0.0.1/b</loc><lastmod>2019-09-01</lastmod></url></urlset>"""
    got = parse_sitemap(xml, SRC, Window.for_day("2019-10-07"))
    assert [(c.url, c.title) for c in got] == [("http://127.0.0.1/a", "A")]
