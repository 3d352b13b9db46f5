"""A small news site on loopback whose feeds link to pages that misbehave in every way the web does.

:class:`HostileSite` serves, on ``127.0.0.1`` (ephemeral port):

- ``/feed.xml`` (source *ledger*): good articles, a tracking-parameter copy of one of them, and one page
  for each failure: a timeout, a body that stalls, 429 then success, 500 then success, a truncated body,
  a redirect loop, two 50 MB pages (with and without Content-Length), a gzip bomb, a wrong charset
  header, no charset at all (cp1252 bytes), a robots.txt-disallowed path, a link to ``127.0.0.2`` and a
  redirect to ``127.0.0.2``, plus an item too old for the run's window;
- ``/wire/feed.xml`` (source *wire*): a good article and a page answering 503 until :meth:`recover`;
- ``/broken/feed.xml`` (source *broken*): malformed feed XML;
- ``/laughs/feed.xml`` (source *laughs*): an entity-expansion ("billion laughs") feed.

A sentinel server on ``127.0.0.2`` (when the host lets us bind it) counts any request that reaches it,
so the test can prove the fetcher never connected there. Every request is counted per path, query
included. Nothing here ever refers to a non-loopback address.
"""

from __future__ import annotations

import email.utils
import json
import threading
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.support.http import QuietHandler

HOST = "127.0.0.1"
PRIVATE_HOST = "127.0.0.2"  # loopback, but outside the sources file's allow_private_networks
DAY = "2024-03-14"  # the run's day; feed items are dated on it and the day before
SLOW_SECONDS = 3.0  # longer than the sources file's fetch.timeout
HUGE_BYTES = 50_000_000
BOMB_BYTES = 200_000_000  # what the gzip bomb expands to
SITE_NAME = "The Millbrook Ledger"
WIRE_NAME = "Harbor Wire"

# -- paths ------------------------------------------------------------------------------------------

FEED = "/feed.xml"
WIRE_FEED = "/wire/feed.xml"
BROKEN_FEED = "/broken/feed.xml"
LAUGHS_FEED = "/laughs/feed.xml"
ROBOTS = "/robots.txt"

TIMEOUT = "/news/transit-report-delayed.html"  # sleeps before answering
STALLED = "/news/council-minutes-stalled.html"  # sends headers and half a body, then stalls
RATE_LIMITED = "/news/spring-festival-crowds.html"  # 429 Retry-After: 1, then the article
FLAKY = "/news/flood-watch-lifted.html"  # 500, then the article
RECOVERS = "/wire/bridge-inspection.html"  # 503 until recover(), then the article
TRUNCATED = "/news/budget-hearing-truncated.html"  # Content-Length larger than the body, then close
LOOP_A = "/news/loop-a.html"
LOOP_B = "/news/loop-b.html"
HUGE = "/news/archive-dump.html"  # 50 MB with Content-Length, streamed lazily
HUGE_STREAM = "/news/live-ticker.html"  # 50 MB without Content-Length, streamed until the client gives up
BOMB = "/news/compressed-special.html"  # small gzip body expanding to BOMB_BYTES
WRONG_CHARSET = "/news/mayor-interview.html"  # says iso-8859-1, is UTF-8
NO_CHARSET = "/news/bakery-closing.html"  # no charset anywhere, cp1252 bytes
DISALLOWED = "/private/insider-memo.html"  # robots.txt: Disallow: /private/
PRIVATE = "/news/elsewhere.html"  # linked on 127.0.0.2
REDIRECT_PRIVATE = "/news/moved.html"  # 302 to 127.0.0.2
PRIVATE_TARGET = "/news/moved-here.html"  # the 127.0.0.2 redirect target
OLD = "/news/last-years-story.html"  # dated outside the run's window
LAUGHS_TARGET = "/news/laughs-target.html"  # only linked from the entity-expansion feed
BROKEN_TARGET = "/news/broken-feed-target.html"  # only linked from the malformed feed

TRACKED = "/news/council-bike-lanes.html"
TRACKING_COPY = TRACKED + "?utm_source=x&utm_medium=y"


# -- articles (fiction, written for these tests) -----------------------------------------------------


@dataclass(frozen=True)
class Story:
    path: str
    title: str
    author: str
    published: str  # ISO 8601, UTC
    paragraphs: tuple[str, ...]
    site: str = SITE_NAME

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


STORIES: dict[str, Story] = {
    s.path: s
    for s in (
        Story(
            TRACKED,
            "Council approves protected bike lanes on Elm Street",
            "Dana Whitfield",
            "2024-03-14T08:15:00+00:00",
            (
                "The Millbrook city council voted 6-1 on Wednesday night to build protected bike lanes along "
                "a two-mile stretch of Elm Street, ending a debate that has filled the council chamber for most "
                "of the winter.",
                "The plan replaces one lane of curbside parking on each side with a lane separated from traffic "
                "by concrete planters. Construction is scheduled to start in June and to finish before schools "
                "reopen in September, according to the public works department.",
                "Shop owners along the corridor had asked for a delay until a parking study is complete. The "
                "council instead directed staff to add loading zones on each block and to report back on "
                "parking turnover six months after the lanes open.",
                "The project will cost about $2.4 million, most of it covered by a state transportation grant "
                "awarded last year.",
            ),
        ),
        Story(
            "/news/harbor-reopens.html",
            "Harbor reopens to the fishing fleet after storm repairs",
            "Marcus Oyelaran",
            "2024-03-14T06:40:00+00:00",
            (
                "Millbrook harbor reopened to commercial boats on Thursday morning, eleven weeks after a January "
                "storm tore loose two floating docks and left the main channel partly blocked by debris.",
                "Crews from the harbor district worked through February to clear the channel and anchor new "
                "dock sections, which are rated for higher waves than the ones they replace. The district said "
                "the last divers finished their inspection on Tuesday.",
                "About forty boats had been tied up at neighbouring ports since the storm, adding fuel and "
                "travel costs for crews at the slowest time of the year. The first boats were expected back "
                "before the weekend, in time for the opening of the spring crab season.",
            ),
        ),
        Story(
            "/news/library-weekend-hours.html",
            "Library extends weekend hours after budget vote",
            "Priya Castellanos",
            "2024-03-13T17:05:00+00:00",
            (
                "The Millbrook public library will open its main branch on Sundays again starting in April, "
                "after the library board approved a budget amendment that restores two part-time positions.",
                "Sunday hours were cut four years ago during a hiring freeze. Since then, the board said, "
                "weekday visits have recovered to their earlier level while requests for weekend study space "
                "and computer time have kept climbing.",
                "The amendment also pays for a second bookmobile route serving the northern neighbourhoods, "
                "which have no branch of their own. Board members said they would review attendance figures "
                "at the end of the year before deciding whether to make the changes permanent.",
            ),
        ),
        Story(
            "/news/school-lunch-pilot.html",
            "District tests locally grown school lunches in six schools",
            "Tomasz Ferreira",
            "2024-03-13T12:30:00+00:00",
            (
                "Six Millbrook elementary schools will serve lunches made largely from food grown within a "
                "hundred miles of the city for the rest of the school year, under a pilot program announced by "
                "the school district on Wednesday.",
                "The district has signed short contracts with three farms and a regional dairy cooperative. "
                "Kitchen staff at the participating schools have spent the past month testing recipes that "
                "can be prepared in the existing kitchens without new equipment.",
                "Officials said the pilot will cost roughly eleven cents more per meal than the current menu. "
                "Parents will be surveyed in May, and the results will go to the school board before it sets "
                "next year's food-service budget.",
            ),
        ),
        Story(
            "/wire/port-talks-resume.html",
            "Dockworkers and port authority resume contract talks",
            "Harbor Wire staff",
            "2024-03-14T10:00:00+00:00",
            (
                "Negotiators for the regional dockworkers' union and the port authority returned to the "
                "bargaining table on Thursday, two weeks after talks broke off over staffing rules for the new "
                "automated cranes at the container terminal.",
                "Both sides agreed to bring in a federal mediator, according to a joint statement that gave no "
                "further detail. The current contract expires at the end of the month, and the union has said "
                "it will not work without one.",
                "Shipping companies have begun routing some cargo through other ports as a precaution, and "
                "trucking firms that serve the terminal reported fewer bookings for April than in any month "
                "last year.",
            ),
            site=WIRE_NAME,
        ),
        Story(
            RATE_LIMITED,
            "Spring festival organisers expect record crowds",
            "Dana Whitfield",
            "2024-03-13T15:20:00+00:00",
            (
                "Organisers of the Millbrook spring festival say advance ticket sales are running nearly a "
                "third ahead of last year, and they are preparing for the largest crowds in the event's "
                "thirty-year history.",
                "The festival will add a second stage on the riverfront lawn and extend shuttle service from "
                "the park-and-ride lots at the fairgrounds. Police will close River Road to cars on both "
                "festival days.",
                "Volunteers are still needed for the information booths and the recycling stations, the "
                "organisers said, and sign-ups remain open on the festival's website until the end of March.",
            ),
        ),
        Story(
            FLAKY,
            "Forecasters lift flood watch as river crests below its banks",
            "Marcus Oyelaran",
            "2024-03-14T04:50:00+00:00",
            (
                "The National Weather Service lifted the flood watch for the Millbrook area early Thursday "
                "after the Sable River crested about a foot below flood stage overnight.",
                "Forecasters had warned earlier in the week that heavy rain falling on melting snow could push "
                "the river over its banks in low-lying neighbourhoods near the old mill district. The rain "
                "ended sooner than expected, and the river began falling shortly after midnight.",
                "City crews will leave the sandbag stations open through the weekend. Residents can return "
                "unused sandbags to the public works yard on Foundry Street.",
            ),
        ),
        Story(
            WRONG_CHARSET,
            "“We’re not going anywhere,” mayor says of downtown office plan",
            "Priya Castellanos",
            "2024-03-14T09:30:00+00:00",
            (
                "“We’re not going anywhere,” Mayor Ellen Brandt said on Wednesday, rejecting a proposal to "
                "move city offices out of the downtown municipal building.",
                "The proposal, from a consultant hired last year, argued that the city could save money by "
                "leasing space in a business park near the highway. Brandt said the savings would not make up "
                "for the loss of foot traffic for downtown shops and cafés.",
                "“Downtown works when people work downtown,” she said. “That’s the whole point.” The council "
                "is expected to take up the consultant’s report at its April meeting.",
            ),
        ),
        Story(
            NO_CHARSET,
            "Beloved corner bakery to close after 41 years",
            "Tomasz Ferreira",
            "2024-03-13T19:45:00+00:00",
            (
                "Rosalind’s, the corner bakery on Maple and Third that has sold rye bread and crullers since "
                "1983, will close at the end of April, its owners said on Wednesday.",
                "“It’s time,” said Rosalind Okafor, who opened the shop with her late husband. “My hands "
                "don’t like the 4 a.m. starts anymore.” She said no buyer had come forward for the business, "
                "though two café owners had asked about the ovens.",
                "Regulars lined up around the block on Wednesday afternoon after the news spread, and the "
                "bakery sold out of bread before two o’clock.",
            ),
        ),
        Story(
            RECOVERS,
            "Inspectors clear Route 9 bridge after overnight checks",
            "Harbor Wire staff",
            "2024-03-14T07:10:00+00:00",
            (
                "State inspectors reopened the Route 9 bridge over the Sable River early Thursday after an "
                "overnight inspection found no structural damage from a barge that struck one of its piers on "
                "Tuesday.",
                "The bridge carries about eighteen thousand vehicles a day. Its closure sent traffic through "
                "downtown Millbrook and added up to forty minutes to commutes on Wednesday.",
                "The transportation department said it would keep a speed restriction in place for a week "
                "while engineers review sensor readings from the damaged pier.",
            ),
            site=WIRE_NAME,
        ),
        Story(
            TRUNCATED,
            "Budget hearing draws a crowd over pool closures",
            "Dana Whitfield",
            "2024-03-13T21:00:00+00:00",
            (
                "More than two hundred residents packed the budget hearing on Wednesday to oppose a proposal "
                "to close two of the city's four public pools this summer.",
                "Parks officials said the pools need repairs the city cannot afford this year, and that the "
                "remaining two would extend their hours to make up for the closures.",
                "Council members said they would look for savings elsewhere before the budget vote next month.",
            ),
        ),
        Story(
            TIMEOUT,
            "Transit report delayed again",
            "Priya Castellanos",
            "2024-03-14T11:00:00+00:00",
            (
                "The long-awaited review of Millbrook's bus network has been delayed for a third time, the "
                "transit agency said on Thursday, because the consultants need more ridership data.",
                "The review was meant to recommend which routes to run more often and which to merge.",
                "Riders' groups said the delay leaves the worst-served neighbourhoods waiting another season.",
            ),
        ),
        Story(
            STALLED,
            "Council minutes show long debate over parking fees",
            "Marcus Oyelaran",
            "2024-03-13T22:10:00+00:00",
            (
                "Minutes released on Wednesday show that council members debated downtown parking fees for "
                "nearly three hours before postponing a vote until next month.",
                "The proposal would raise hourly rates at street meters and make the municipal garage free on "
                "evenings and weekends, in an attempt to move long-term parking off the street.",
                "Several members asked staff to study how the change would affect workers on late shifts.",
            ),
        ),
    )
}

# Loaded as articles on the first run (the tracking copy must not add a row).
GOOD_FIRST_RUN = (
    TRACKED,
    "/news/harbor-reopens.html",
    "/news/library-weekend-hours.html",
    "/news/school-lunch-pilot.html",
    "/wire/port-talks-resume.html",
    RATE_LIMITED,
    FLAKY,
    WRONG_CHARSET,
    NO_CHARSET,
)


def _feed_item(link: str, title: str, published: str) -> str:
    when = email.utils.format_datetime(datetime.fromisoformat(published))
    return (
        f"    <item>\n      <title>{escape(title)}</title>\n      <link>{escape(link)}</link>\n"
        f'      <guid isPermaLink="false">{escape(link)}</guid>\n      <pubDate>{when}</pubDate>\n    </item>\n'
    )


def _feed(title: str, base: str, items: list[tuple[str, str, str]]) -> bytes:
    body = "".join(_feed_item(link, t, p) for link, t, p in items)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n  <channel>\n'
        f"    <title>{escape(title)}</title>\n    <link>{base}/</link>\n"
        f"    <description>Local news from Millbrook</description>\n{body}  </channel>\n</rss>\n"
    ).encode()


def render_article(story: Story, base: str) -> str:
    """Realistic article HTML: JSON-LD NewsArticle, Open Graph, canonical link, chrome around the text."""
    url = base + story.path
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "datePublished": story.published,
        "author": {"@type": "Person", "name": story.author},
        "publisher": {"@type": "Organization", "name": story.site},
        "mainEntityOfPage": url,
    }
    paragraphs = "\n".join(f"      <p>{escape(p, quote=False)}</p>" for p in story.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <title>{escape(story.title)} | {escape(story.site)}</title>
  <link rel="canonical" href="{escape(url)}">
  <meta property="og:type" content="article">
  <meta property="og:title" content="{escape(story.title)}">
  <meta property="og:site_name" content="{escape(story.site)}">
  <meta property="article:published_time" content="{story.published}">
  <meta name="author" content="{escape(story.author)}">
  <script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
</head>
<body>
  <header><nav><a href="/">Home</a> <a href="/news/">News</a> <a href="/sports/">Sports</a></nav></header>
  <main>
    <article>
      <h1>{escape(story.title, quote=False)}</h1>
      <p class="byline">By {escape(story.author)}</p>
{paragraphs}
    </article>
  </main>
  <footer><p>&#169; 2024 {escape(story.site)}. All rights reserved.</p></footer>
</body>
</html>
"""


def billion_laughs_feed(base: str) -> bytes:
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE rss [\n  '
        + "\n  ".join(entities)
        + "\n]>\n"
        + '<rss version="2.0">\n  <channel>\n    <title>&lol9;</title>\n'
        + f"    <link>{base}/</link>\n"
        + _feed_item(base + LAUGHS_TARGET, "Laughing matter", "2024-03-14T08:00:00+00:00")
        + "  </channel>\n</rss>\n"
    ).encode()


def malformed_feed(base: str) -> bytes:
    # An unescaped ampersand, an unclosed tag, and a body cut off mid-item: nothing recoverable.
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n  <channel>\n'
        "    <title>Millbrook Sports & Leisure</title>\n    <item>\n      <title>Tigers <b>win again</title>\n"
        f"      <link>{base}{BROKEN_TARGET}"
    ).encode()


@cache
def gzip_bomb() -> bytes:
    """A gzip member that expands to BOMB_BYTES of zeros (about 200 KB on the wire)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * 1_000_000
    parts = [comp.compress(block) for _ in range(BOMB_BYTES // len(block))]
    parts.append(comp.flush())
    return b"".join(parts)


ROBOTS_TXT = b"User-agent: *\nDisallow: /private/\n"


# -- the server ------------------------------------------------------------------------------------


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], site: HostileSite) -> None:
        self.site = site
        super().__init__(address, handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        return  # clients hanging up on purpose (caps, timeouts) are not errors here


class _Handler(QuietHandler):  # its ``_send`` is what HostileSite._serve answers with
    server: _QuietServer
    server_version = "hostile/1"

    def do_GET(self) -> None:
        site = self.server.site
        private = self.server.server_address[0] == PRIVATE_HOST
        n = site._count(self.path, private)
        try:
            if private:
                self._send(200, b"<p>should never be requested</p>")
            else:
                site._serve(self, self.path, n)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            pass


class HostileSite:
    """The misbehaving site; use as a context manager. ``recover()`` heals the 503 page."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()  # path with query -> requests on 127.0.0.1
        self.private_hits: Counter[str] = Counter()  # path -> requests that reached 127.0.0.2
        self.bytes_sent: Counter[str] = Counter()  # body bytes written for the streamed pages
        self.recovered = False
        self._lock = threading.Lock()
        self._servers: list[_QuietServer] = []
        self.base = ""
        self.private_base = ""

    # -- lifecycle

    def __enter__(self) -> HostileSite:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        gzip_bomb()  # build it before any client waits on it
        main = _QuietServer((HOST, 0), _Handler, self)
        self._servers.append(main)
        self.base = f"http://{HOST}:{main.server_address[1]}"
        try:
            sentinel = _QuietServer((PRIVATE_HOST, main.server_address[1]), _Handler, self)
        except OSError:
            try:
                sentinel = _QuietServer((PRIVATE_HOST, 0), _Handler, self)
            except OSError:  # cannot bind 127.0.0.2 here: links still point there, nothing listens
                sentinel = None
        port = sentinel.server_address[1] if sentinel else main.server_address[1]
        self.private_base = f"http://{PRIVATE_HOST}:{port}"
        if sentinel:
            self._servers.append(sentinel)
        for server in self._servers:
            threading.Thread(target=server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers.clear()

    @property
    def sentinel_listening(self) -> bool:
        return len(self._servers) > 1

    def recover(self) -> None:
        """The 503 page starts answering normally (for the next run)."""
        self.recovered = True

    # -- what the test looks at

    def url(self, path: str) -> str:
        return self.base + path

    def requests_to(self, path: str) -> int:
        """Requests for ``path`` on 127.0.0.1, whatever the query string."""
        with self._lock:
            return sum(n for p, n in self.hits.items() if p.split("?", 1)[0] == path)

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self.hits)

    def _count(self, path: str, private: bool) -> int:
        with self._lock:
            counter = self.private_hits if private else self.hits
            counter[path] += 1
            return counter[path]

    # -- the site

    def main_feed(self) -> bytes:
        b = self.base
        items = [(b + s.path, s.title, s.published) for s in STORIES.values() if s.site == SITE_NAME]
        items.insert(1, (b + TRACKING_COPY, STORIES[TRACKED].title, STORIES[TRACKED].published))
        for path, title in (
            (LOOP_A, "Redirects forever"),
            (HUGE, "The complete archive"),
            (HUGE_STREAM, "Live ticker"),
            (BOMB, "Compressed special"),
            (DISALLOWED, "Insider memo"),
            (REDIRECT_PRIVATE, "This story has moved"),
        ):
            items.append((b + path, title, "2024-03-14T11:00:00+00:00"))
        items.append((self.private_base + PRIVATE, "Story on another host", "2024-03-14T11:30:00+00:00"))
        items.append((b + OLD, "Last year's story", "2023-12-01T09:00:00+00:00"))
        return _feed(SITE_NAME, b, items)

    def wire_feed(self) -> bytes:
        stories = [s for s in STORIES.values() if s.site == WIRE_NAME]
        return _feed(WIRE_NAME, self.base + "/wire", [(self.base + s.path, s.title, s.published) for s in stories])

    def _serve(self, h: _Handler, raw_path: str, n: int) -> None:
        path = raw_path.split("?", 1)[0]
        rss = "application/rss+xml; charset=utf-8"
        if path == ROBOTS:
            h._send(200, ROBOTS_TXT, "text/plain; charset=utf-8")
        elif path == FEED:
            h._send(200, self.main_feed(), rss)
        elif path == WIRE_FEED:
            h._send(200, self.wire_feed(), rss)
        elif path == BROKEN_FEED:
            h._send(200, malformed_feed(self.base), rss)
        elif path == LAUGHS_FEED:
            h._send(200, billion_laughs_feed(self.base), rss)
        elif path == TIMEOUT:
            time.sleep(SLOW_SECONDS)
            h._send(200, self._article(path))
        elif path == STALLED:
            body = self._article(path)
            h.send_response(200)
            h.send_header("Content-Type", "text/html; charset=utf-8")
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body[: len(body) // 2])
            h.wfile.flush()
            time.sleep(SLOW_SECONDS)
            h.wfile.write(body[len(body) // 2 :])
        elif path == RATE_LIMITED and n == 1:
            h._send(429, b"<p>Slow down</p>", headers={"Retry-After": "1"})
        elif path == FLAKY and n == 1:
            h._send(500, b"<p>Internal Server Error</p>")
        elif path == RECOVERS and not self.recovered:
            h._send(503, b"<p>Service Unavailable</p>")
        elif path == TRUNCATED:
            body = self._article(path)
            h.send_response(200)
            h.send_header("Content-Type", "text/html; charset=utf-8")
            h.send_header("Content-Length", str(len(body) + 5000))
            h.end_headers()
            h.wfile.write(body[: len(body) // 2])
            h.close_connection = True
        elif path == LOOP_A:
            h._send(302, headers={"Location": LOOP_B})
        elif path == LOOP_B:
            h._send(302, headers={"Location": self.base + LOOP_A})
        elif path == REDIRECT_PRIVATE:
            h._send(302, headers={"Location": self.private_base + PRIVATE_TARGET})
        elif path in (HUGE, HUGE_STREAM):
            self._stream_huge(h, path, with_length=path == HUGE)
        elif path == BOMB:
            h._send(200, gzip_bomb(), headers={"Content-Encoding": "gzip"})
        elif path == WRONG_CHARSET:
            h._send(200, self._article(path), "text/html; charset=iso-8859-1")
        elif path == NO_CHARSET:
            h._send(200, self._article(path, "cp1252"), "text/html")
        elif path in STORIES:
            h._send(200, self._article(path))
        elif path in (DISALLOWED, OLD, LAUGHS_TARGET, BROKEN_TARGET):
            h._send(200, b"<p>This page must never be requested.</p>")
        else:
            h._send(404, b"<p>Not found</p>")

    def _article(self, path: str, encoding: str = "utf-8") -> bytes:
        return render_article(STORIES[path], self.base).encode(encoding)

    def _stream_huge(self, h: _Handler, path: str, *, with_length: bool) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        if with_length:
            h.send_header("Content-Length", str(HUGE_BYTES))
        h.end_headers()
        h.close_connection = True
        for chunk in _huge_chunks():
            h.wfile.write(chunk)
            with self._lock:
                self.bytes_sent[path] += len(chunk)


def _huge_chunks() -> Iterator[bytes]:
    head = b"<!DOCTYPE html><html><body><article>"
    line = b"<p>" + b"All work and no play makes a very long page. " * 20 + b"</p>\n"
    yield head
    sent = len(head)
    block = line * (65536 // len(line))
    while sent + len(block) < HUGE_BYTES:
        yield block
        sent += len(block)
    yield b" " * (HUGE_BYTES - sent)
