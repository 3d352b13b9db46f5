"""GDELT DOC API paging and HTML listing pages, against a local server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest
from newswatch.config import FetchPolicy, Source
from newswatch.discover import GDELT_MAX_RECORDS, Window, collect
from newswatch.fetch import Fetcher

DAY = Window.for_day("2019-10-05")


class Api(BaseHTTPRequestHandler):
    calls: ClassVar[list[tuple[str, str]]] = []

    def log_message(self, *args: object) -> None:
        return

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path == "/robots.txt":
            body, ctype = b"User-agent: *\nDisallow:\n", "text/plain"
        elif parts.path == "/api":
            q = parse_qs(parts.query)
            start = datetime.strptime(q["startdatetime"][0], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
            end = datetime.strptime(q["enddatetime"][0], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
            Api.calls.append((q["startdatetime"][0], q["enddatetime"][0]))
            # one article every 2 minutes: a 6-hour slice holds 180, a whole day 720 (over the API's cap)
            items = []
            t = start
            while t < end and len(items) < GDELT_MAX_RECORDS:
                items.append(
                    {
                        "url": f"http://127.0.0.1/a/{t:%H%M}",
                        "title": f"Story {t:%H%M}",
                        "seendate": t.strftime("%Y%m%dT%H%M%SZ"),
                    }
                )
                t += timedelta(minutes=2)
            body, ctype = json.dumps({"articles": items}).encode(), "application/json"
        elif parts.path == "/list":
            body = (
                b"<html><body><article><a href='/s/1'>One</a><time datetime='2019-10-05T08:00:00Z'></time>"
                b"</article><article><a href='/s/2'>Two</a><time datetime='2019-09-01T08:00:00Z'></time>"
                b"</article><nav><a href='/about'>About</a></nav></body></html>"
            )
            ctype = "text/html"
        else:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Api)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def fetcher() -> Fetcher:
    return Fetcher(FetchPolicy(per_host_delay=0, retries=0, allow_private_networks=("127.0.0.1/32",)))


def test_gdelt_pages_by_time_slices_and_splits_full_slices(base: str) -> None:
    Api.calls.clear()
    source = Source("gdelt", "gdelt", f"{base}/api", {"query": "north korea", "slice_hours": 24})
    got = collect(fetcher(), source, DAY)
    assert got.status == "ok"
    assert len(got.candidates) == 720  # every 2 minutes over the day, none lost to the 250 cap
    assert len({c.url for c in got.candidates}) == 720
    assert len(Api.calls) > 1  # the full day was split into smaller slices
    assert all(DAY.contains(datetime.fromisoformat(c.published_at)) for c in got.candidates if c.published_at)


def test_gdelt_without_query_is_a_config_error(base: str) -> None:
    got = collect(fetcher(), Source("g", "gdelt", f"{base}/api", {}), DAY)
    assert got.status.startswith("config_error") and got.candidates == []


def test_listing_page_links_by_selector_and_date(base: str) -> None:
    source = Source("l", "listing", f"{base}/list", {"link_selector": "article a[href]", "date_selector": "time"})
    got = collect(fetcher(), source, DAY)
    assert [c.url for c in got.candidates] == [f"{base}/s/1"]
    assert got.candidates[0].title == "One"
