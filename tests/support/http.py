"""A request handler for the tests' loopback HTTP servers: silent, with one way to send a response."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler


class QuietHandler(BaseHTTPRequestHandler):
    """Logs nothing; ``_send`` writes a whole response with its length."""

    default_ctype = "text/html; charset=utf-8"

    def log_message(self, format: str, *args: object) -> None:  # stdlib signature
        return

    def _send(
        self, status: int, body: bytes = b"", ctype: str | None = None, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype or self.default_ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)
