"""The real fetcher against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from typing import ClassVar

import pytest
from newswatch.config import FetchPolicy
from newswatch.fetch import Fetcher, is_blocked_address, retry_after_seconds

from tests.support.http import QuietHandler


class Handler(QuietHandler):
    default_ctype = "text/html"
    hits: ClassVar[dict[str, int]] = {}

    def do_GET(self) -> None:
        n = Handler.hits[self.path] = Handler.hits.get(self.path, 0) + 1
        if self.path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif self.path == "/ok":
            self._send(200, b"<html><p>fine</p></html>", "text/html; charset=utf-8", {"ETag": '"v1"'})
        elif self.path == "/flaky":
            self._send(500) if n == 1 else self._send(200, b"<p>recovered</p>")
        elif self.path == "/slowdown":
            self._send(429, headers={"Retry-After": "0"}) if n == 1 else self._send(200, b"<p>after 429</p>")
        elif self.path == "/loop":
            self._send(302, headers={"Location": "/loop"})
        elif self.path == "/big":
            self._send(200, b"x" * 300_000)
        elif self.path == "/bomb":
            payload = gzip.compress(b"\0" * 5_000_000)
            self._send(200, payload, headers={"Content-Encoding": "gzip"})
        elif self.path == "/binary":
            self._send(200, b"\x89PNG", "image/png")
        elif self.path == "/conditional":
            if self.headers.get("If-None-Match") == '"v1"':
                self._send(304)
            else:
                self._send(200, b"<p>body</p>", headers={"ETag": '"v1"'})
        else:
            self._send(404)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def fetcher(**kw: object) -> Fetcher:
    policy = FetchPolicy(
        per_host_delay=0,
        retries=2,
        backoff_base=0.01,
        max_bytes=200_000,
        max_decompressed_bytes=1_000_000,
        allow_private_networks=("127.0.0.1/32",),
        **kw,
    )  # type: ignore[arg-type]
    return Fetcher(policy, sleep=lambda s: None)


def test_ok_page_is_fetched_with_etag(server: str) -> None:
    r = fetcher().fetch(f"{server}/ok")
    assert r.ok and r.body == b"<html><p>fine</p></html>" and r.etag == '"v1"'
    assert any(a.url.endswith("/robots.txt") for a in r.attempts)


def test_500_then_success_is_retried(server: str) -> None:
    r = fetcher().fetch(f"{server}/flaky")
    assert r.ok and r.body == b"<p>recovered</p>"
    assert [a.status for a in r.attempts if a.url.endswith("/flaky")] == [500, 200]


def test_429_with_retry_after_is_retried(server: str) -> None:
    r = fetcher().fetch(f"{server}/slowdown")
    assert r.ok
    assert [a.status for a in r.attempts if a.url.endswith("/slowdown")] == [429, 200]


def test_robots_disallow_is_respected(server: str) -> None:
    r = fetcher().fetch(f"{server}/private/page")
    assert not r.ok and r.reason == "robots_disallowed"
    assert Handler.hits.get("/private/page") is None


def test_redirect_loop_stops(server: str) -> None:
    r = fetcher().fetch(f"{server}/loop")
    assert not r.ok and r.reason == "redirect_loop"


def test_size_caps(server: str) -> None:
    assert fetcher().fetch(f"{server}/big").reason == "too_large"
    assert fetcher().fetch(f"{server}/bomb").reason == "decompressed_too_large"


def test_wrong_content_type_is_refused(server: str) -> None:
    assert fetcher().fetch(f"{server}/binary").reason == "bad_content_type"


def test_conditional_get_gives_not_modified(server: str) -> None:
    r = fetcher().fetch(f"{server}/conditional", etag='"v1"')
    assert r.reason == "not_modified" and r.status == 304


def test_loopback_outside_allowed_networks_is_refused_without_a_request(server: str) -> None:
    port = server.rsplit(":", 1)[1]
    r = fetcher().fetch(f"http://127.0.0.2:{port}/ok")
    assert not r.ok and r.reason == "private_address"
    assert all(a.status is None for a in r.attempts)


def test_private_and_metadata_addresses_are_blocked_by_default() -> None:
    for ip in ("127.0.0.1", "10.1.2.3", "192.168.1.1", "169.254.169.254", "::1", "0.0.0.0"):
        assert is_blocked_address(ip, [])
    assert not is_blocked_address("93.184.216.34", [])


def test_retry_after_parses_seconds_and_dates() -> None:
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert retry_after_seconds("soon") is None
