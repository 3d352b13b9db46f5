"""Polite, defensive HTTP fetching.

One :class:`Fetcher` holds one ``requests`` session and applies the whole :class:`FetchPolicy`:
robots.txt (with Crawl-delay), a per-host delay, retries with exponential backoff on connection errors,
429 and 5xx (honouring Retry-After), a manual redirect loop that re-checks every hop, caps on the body
and on its decompressed size, a content-type check, conditional GET, and a refusal of private, loopback,
link-local and metadata addresses unless the sources file allows their network.

Nothing here raises for a bad page: every outcome is a :class:`FetchResult` whose ``reason`` says what
happened, and every network attempt is an :class:`Attempt` for ``fetch_log``.
"""

from __future__ import annotations

import email.utils
import ipaddress
import socket
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import requests
from urllib3.exceptions import HTTPError as Urllib3HTTPError
from urllib3.exceptions import ReadTimeoutError

from newswatch.config import FetchPolicy

RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
_CHUNK = 64 * 1024


@dataclass
class Attempt:
    """One request on the wire (or refused before it), as stored in ``fetch_log``."""

    url: str
    started_at: str
    status: int | None
    bytes: int
    elapsed_ms: float
    error: str | None


@dataclass
class FetchResult:
    url: str
    final_url: str
    ok: bool
    reason: str
    status: int | None = None
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    attempts: list[Attempt] = field(default_factory=list)

    @property
    def retryable(self) -> bool:
        """Whether a later run should try again (transient failures, not refusals)."""
        return not self.ok and self.reason not in PERMANENT_REASONS


PERMANENT_REASONS = frozenset(
    {
        "not_modified",
        "robots_disallowed",
        "private_address",
        "bad_content_type",
        "http_404",
        "http_410",
        "invalid_url",
        "too_large",
        "decompressed_too_large",
        "redirect_loop",
        "too_many_redirects",
    }
)


class _Refused(Exception):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(detail or reason)
        self.reason = reason


def _utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Parse Retry-After: delta-seconds or an HTTP date; None when absent or unparseable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now if now is not None else time.time()
    return max(0.0, when.timestamp() - current)


def is_blocked_address(ip: str, allowed: list[ipaddress.IPv4Network | ipaddress.IPv6Network]) -> bool:
    """True for addresses a crawler must not reach (private, loopback, link-local/metadata, reserved)."""
    addr = ipaddress.ip_address(ip)
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    if any(addr in net for net in allowed):
        return False
    return not addr.is_global or addr.is_multicast


class HostGate:
    """Serialises requests per host and spaces them by the host's delay."""

    def __init__(self, clock: Callable[[], float], sleep: Callable[[float], None]) -> None:
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def lock(self, host: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(host, threading.Lock())

    def wait(self, host: str, delay: float) -> None:
        now = self._clock()
        ready = self._next.get(host, now)
        if ready > now:
            self._sleep(ready - now)
        self._next[host] = max(ready, now) + delay


class Fetcher:
    """Fetches URLs under one :class:`FetchPolicy`. Thread-safe; one request per host at a time."""

    def __init__(
        self,
        policy: FetchPolicy,
        *,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.policy = policy
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = policy.user_agent
        self.session.headers.setdefault("Accept-Encoding", "gzip, deflate")
        self._sleep = sleep
        self._allowed = policy.private_networks()
        self._gate = HostGate(clock, sleep)
        self._robots: dict[str, tuple[urllib.robotparser.RobotFileParser | None, list[Attempt]]] = {}
        self._robots_guard = threading.Lock()

    # -- public -------------------------------------------------------------------------------

    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        check_robots: bool = True,
    ) -> FetchResult:
        """Fetch one URL, following redirects, and never raise for what the network does."""
        attempts: list[Attempt] = []
        try:
            host = self._host(url)
            self._check_address(url)
        except _Refused as refused:
            attempts.append(Attempt(url, _utcnow(), None, 0, 0.0, f"{refused.reason}: {refused}"))
            return FetchResult(url, url, False, refused.reason, attempts=attempts)
        with self._gate.lock(host):
            if check_robots and self.policy.respect_robots:
                allowed, robot_attempts, crawl_delay = self._robots_allows(url)
                attempts.extend(robot_attempts)
                if not allowed:
                    attempts.append(Attempt(url, _utcnow(), None, 0, 0.0, "robots_disallowed"))
                    return FetchResult(url, url, False, "robots_disallowed", attempts=attempts)
            else:
                crawl_delay = None
            delay = max(self.policy.per_host_delay, crawl_delay or 0.0)
            result = self._fetch_following(url, etag, last_modified, delay, attempts)
        result.attempts = attempts
        return result

    def fetch_many(self, urls: Iterable[str], workers: int = 4) -> Iterator[FetchResult]:
        """Fetch many URLs, several hosts at once but one request per host at a time."""
        by_host: dict[str, list[str]] = {}
        for url in urls:
            by_host.setdefault(urlsplit(url).netloc.lower(), []).append(url)

        def run_host(host_urls: list[str]) -> list[FetchResult]:
            return [self.fetch(u) for u in host_urls]

        with ThreadPoolExecutor(max_workers=max(1, min(workers, len(by_host) or 1))) as pool:
            for results in pool.map(run_host, by_host.values()):
                yield from results

    # -- internals ----------------------------------------------------------------------------

    def _host(self, url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise _Refused("invalid_url", f"not an http(s) URL: {url!r}")
        return parts.netloc.lower()

    def _check_address(self, url: str) -> None:
        parts = urlsplit(url)
        hostname = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            infos = socket.getaddrinfo(hostname, port, proto=socket.IPPROTO_TCP)
        except (socket.gaierror, UnicodeError) as exc:
            raise _Refused("dns_error", f"{hostname}: {exc}") from exc
        for info in infos:
            ip = str(info[4][0])
            if is_blocked_address(ip, self._allowed):
                raise _Refused("private_address", f"{hostname} resolves to {ip}, outside allowed networks")

    def _fetch_following(
        self, url: str, etag: str | None, last_modified: str | None, delay: float, attempts: list[Attempt]
    ) -> FetchResult:
        current = url
        seen: set[str] = set()
        for _hop in range(self.policy.max_redirects + 1):
            if current in seen:
                attempts.append(Attempt(current, _utcnow(), None, 0, 0.0, "redirect_loop"))
                return FetchResult(url, current, False, "redirect_loop", attempts=attempts)
            seen.add(current)
            try:
                self._host(current)
                self._check_address(current)
            except _Refused as refused:
                attempts.append(Attempt(current, _utcnow(), None, 0, 0.0, f"{refused.reason}: {refused}"))
                return FetchResult(url, current, False, refused.reason, attempts=attempts)
            headers = {}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            outcome = self._request_with_retries(current, headers, delay, attempts)
            if isinstance(outcome, FetchResult):
                outcome.url = url
                return outcome
            location = outcome
            current = urljoin(current, location)
        attempts.append(Attempt(current, _utcnow(), None, 0, 0.0, "too_many_redirects"))
        return FetchResult(url, current, False, "too_many_redirects", attempts=attempts)

    def _request_with_retries(
        self, url: str, headers: dict[str, str], delay: float, attempts: list[Attempt]
    ) -> FetchResult | str:
        """One hop: a final result, or the Location of a redirect to follow."""
        host = urlsplit(url).netloc.lower()
        last: FetchResult | None = None
        for attempt_no in range(self.policy.retries + 1):
            self._gate.wait(host, delay)
            outcome, wait_hint = self._one_request(url, headers, attempts)
            if isinstance(outcome, str) or outcome.ok or not _transient(outcome):
                return outcome
            last = outcome
            if attempt_no == self.policy.retries:
                break
            backoff = min(self.policy.backoff_max, self.policy.backoff_base * (2**attempt_no))
            if wait_hint is not None:
                if wait_hint > self.policy.max_retry_after:
                    last.reason = "retry_after_too_long"
                    return last
                backoff = max(backoff, wait_hint)
            self._sleep(backoff)
        assert last is not None
        return last

    def _one_request(
        self, url: str, headers: dict[str, str], attempts: list[Attempt]
    ) -> tuple[FetchResult | str, float | None]:
        started_at = _utcnow()
        t0 = time.perf_counter()
        status: int | None = None
        size = 0

        def record(error: str | None) -> None:
            attempts.append(Attempt(url, started_at, status, size, round((time.perf_counter() - t0) * 1000, 1), error))

        try:
            resp = self.session.get(
                url,
                headers=headers,
                timeout=(self.policy.connect_timeout, self.policy.timeout),
                allow_redirects=False,
                stream=True,
            )
        except requests.Timeout as exc:
            record(f"timeout: {exc.__class__.__name__}")
            return FetchResult(url, url, False, "timeout"), None
        except (requests.ConnectionError, requests.RequestException) as exc:
            record(f"connection_error: {exc.__class__.__name__}")
            return FetchResult(url, url, False, "connection_error"), None
        with resp:
            status = resp.status_code
            if resp.is_redirect or resp.status_code in (301, 302, 303, 307, 308):
                location = resp.headers.get("Location")
                record(None if location else "redirect without Location")
                if not location:
                    return FetchResult(url, url, False, "bad_redirect", status=status), None
                return location, None
            if status == 304:
                record(None)
                return FetchResult(url, url, False, "not_modified", status=status), None
            if status >= 400:
                record(f"http_{status}")
                hint = retry_after_seconds(resp.headers.get("Retry-After"))
                reason = f"http_{status}"
                return FetchResult(url, url, False, reason, status=status), hint
            content_type = resp.headers.get("Content-Type", "")
            mime = content_type.split(";", 1)[0].strip().lower()
            if mime and mime not in self.policy.allowed_content_types:
                record(f"bad_content_type: {mime}")
                return FetchResult(url, url, False, "bad_content_type", status=status, content_type=content_type), None
            declared = resp.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > self.policy.max_bytes:
                record(f"too_large: Content-Length {declared}")
                return FetchResult(url, url, False, "too_large", status=status), None
            encoded = bool(resp.headers.get("Content-Encoding", "").strip().lower() not in ("", "identity"))
            cap = self.policy.max_decompressed_bytes if encoded else self.policy.max_bytes
            chunks: list[bytes] = []
            deadline = time.monotonic() + self.policy.max_fetch_seconds
            try:
                for chunk in resp.iter_content(_CHUNK):
                    size += len(chunk)
                    if size > cap:
                        reason = "decompressed_too_large" if encoded else "too_large"
                        record(f"{reason}: more than {cap} bytes")
                        return FetchResult(url, url, False, reason, status=status), None
                    if time.monotonic() > deadline:  # a trickle that beats every read timeout
                        record(f"timeout: body took more than {self.policy.max_fetch_seconds:g}s")
                        return FetchResult(url, url, False, "timeout", status=status), None
                    chunks.append(chunk)
            except (requests.RequestException, Urllib3HTTPError, OSError) as exc:
                if _is_timeout(exc):
                    record("timeout: reading body")
                    return FetchResult(url, url, False, "timeout", status=status), None
                record(f"truncated: {exc.__class__.__name__}")
                return FetchResult(url, url, False, "truncated", status=status), None
            record(None)
            return (
                FetchResult(
                    url,
                    url,
                    True,
                    "ok",
                    status=status,
                    body=b"".join(chunks),
                    content_type=content_type,
                    etag=resp.headers.get("ETag"),
                    last_modified=resp.headers.get("Last-Modified"),
                ),
                None,
            )

    def _robots_allows(self, url: str) -> tuple[bool, list[Attempt], float | None]:
        """robots.txt verdict for ``url`` (RFC 9309: 4xx means allow all, 5xx or no answer means disallow)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc.lower()}"
        with self._robots_guard:
            cached = self._robots.get(origin)
        fresh: list[Attempt] = []
        if cached is None:
            robots_url = origin + "/robots.txt"
            fresh_attempts: list[Attempt] = []
            result = self._fetch_following(robots_url, None, None, self.policy.per_host_delay, fresh_attempts)
            parser: urllib.robotparser.RobotFileParser | None
            if result.ok:
                parser = urllib.robotparser.RobotFileParser()
                parser.parse(result.body.decode("utf-8", errors="replace").splitlines())
            elif result.status is not None and 400 <= result.status < 500:
                parser = urllib.robotparser.RobotFileParser()
                parser.parse([])
            else:
                parser = None
            cached = (parser, fresh_attempts)
            fresh = fresh_attempts
            with self._robots_guard:
                self._robots[origin] = cached
        parser = cached[0]
        if parser is None:
            return False, fresh, None
        agent = self.policy.user_agent
        delay = parser.crawl_delay(agent)
        return parser.can_fetch(agent, url), fresh, float(delay) if delay is not None else None


def _is_timeout(exc: BaseException) -> bool:
    """requests reports a read timeout while streaming as ConnectionError; look down the cause chain."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, (requests.Timeout, ReadTimeoutError, socket.timeout, TimeoutError)):
            return True
        if any(isinstance(arg, (ReadTimeoutError, socket.timeout, TimeoutError)) for arg in getattr(seen, "args", ())):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _transient(result: FetchResult) -> bool:
    """Worth another try within this run: network trouble, 429 and 5xx."""
    return result.reason in ("timeout", "connection_error", "truncated") or result.status in RETRYABLE_STATUS


def decode_body(body: bytes, content_type: str = "") -> str:
    """Decode HTML/XML bytes: BOM, then the HTTP charset, then a <meta> charset, then detection."""
    from bs4.dammit import EncodingDetector, UnicodeDammit

    declared = None
    if "charset=" in content_type.lower():
        declared = content_type.lower().split("charset=", 1)[1].split(";", 1)[0].strip().strip("\"'")
    known = [declared] if declared else []
    sniffed = EncodingDetector.find_declared_encoding(body[:4096], is_html=True)
    if sniffed:
        known.append(sniffed)
    # Valid multi-byte UTF-8 almost never happens by accident, so it wins over a (often wrong) declaration.
    dammit = UnicodeDammit(body, known_definite_encodings=["utf-8", *known], is_html=True)
    if dammit.unicode_markup is not None:
        return str(dammit.unicode_markup)
    return body.decode("utf-8", errors="replace")
