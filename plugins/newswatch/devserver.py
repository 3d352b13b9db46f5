"""Serve the bundled offline news site on loopback, one port per outlet.

Used by ``make demo`` and the integration tests. Each outlet directory under ``seeds/snapshot/site``
gets its own ``http://127.0.0.1:PORT`` origin (so robots.txt and per-host politeness apply per
outlet, as on the real web); ``{{BASE_URL}}`` in served files becomes that origin. Feeds answer
conditional GETs with 304, like real feed servers.
"""

from __future__ import annotations

import hashlib
import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PLACEHOLDER = b"{{BASE_URL}}"


class _SiteHandler(BaseHTTPRequestHandler):
    server_version = "newswatch-snapshot/1"

    def __init__(self, *args: object, root: Path, **kwargs: object) -> None:
        self.root = root
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # socketserver's untyped signature

    def log_message(self, format: str, *args: object) -> None:  # stdlib signature
        return

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path.endswith("/"):
            path += "index.html"
        target = (self.root / path.lstrip("/")).resolve()
        if self.root not in target.parents or not target.is_file():
            self.send_error(404)
            return
        host = self.headers.get("Host") or "127.0.0.1"
        body = target.read_bytes().replace(PLACEHOLDER, f"http://{host}".encode())
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if target.suffix == ".xml":
            ctype = "application/rss+xml"
        if ctype.startswith("text/") or ctype.endswith("xml"):
            ctype += "; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve_site(
    site_root: Path, host: str = "127.0.0.1", ports: dict[str, int] | None = None
) -> Iterator[dict[str, str]]:
    """Serve every outlet directory under ``site_root``; yields ``{outlet: base_url}``.

    ``ports`` fixes an outlet's port (the demo uses fixed ports so its article ids are stable);
    outlets without one get a free ephemeral port.
    """
    servers: list[ThreadingHTTPServer] = []
    bases: dict[str, str] = {}
    try:
        for outlet_dir in sorted(p for p in site_root.iterdir() if p.is_dir()):
            port = (ports or {}).get(outlet_dir.name, 0)
            server = ThreadingHTTPServer((host, port), partial(_SiteHandler, root=outlet_dir.resolve()))
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers.append(server)
            bases[outlet_dir.name] = f"http://{host}:{server.server_address[1]}"
        yield bases
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
