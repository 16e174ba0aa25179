"""`paiban serve`: the live preview over HTTP, with the standard library only.

The server answers four fixed routes and nothing else; it never maps a URL to a file, so there is
no path to traverse: ``/../../etc/passwd`` and its percent-encoded spellings are simply not one of
the routes and get 404. It listens on 127.0.0.1 unless told otherwise, and while it does, it also
refuses requests whose Host header names another machine, so a web page elsewhere cannot read the
preview through a DNS name that points at 127.0.0.1.

Routes:
- ``/`` the viewer (`viewer.html`);
- ``/state`` the current state as JSON (pages, build version, error);
- ``/page/N.png?dpi=D&grid=0|1`` page N (from 1) of the current build;
- ``/events`` server-sent events: a ``state`` event after every rebuild, good or failed.
"""

from __future__ import annotations

import ipaddress
import json
import re
import socket
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from urllib.parse import parse_qs, urlsplit

from paiban.preview.errors import PreviewError
from paiban.preview.live import LivePreview

_PAGE = re.compile(r"^/page/([1-9][0-9]{0,3})\.png$")
_LOCAL_NAMES = {"localhost", "127.0.0.1", "[::1]", "::1"}
HEARTBEAT = 15.0  # seconds between keep-alive comments on an idle event stream


def viewer_html() -> bytes:
    return resources.files("paiban.preview").joinpath("viewer.html").read_bytes()


class _Handler(BaseHTTPRequestHandler):
    server: "PreviewServer"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        """Requests are not logged: the terminal is for rebuild reports."""

    def do_GET(self) -> None:  # noqa: N802 - the name http.server dispatches to
        if not self._host_allowed():
            return self._send(HTTPStatus.FORBIDDEN, b"forbidden host\n", "text/plain")
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        if url.path == "/":
            return self._send(HTTPStatus.OK, viewer_html(), "text/html; charset=utf-8")
        if url.path == "/state":
            body = json.dumps(self.server.live.state(), ensure_ascii=False).encode()
            return self._send(HTTPStatus.OK, body, "application/json")
        if url.path == "/events":
            return self._events()
        match = _PAGE.match(url.path)
        if match:
            return self._page(int(match.group(1)) - 1, query)
        return self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain")

    def _host_allowed(self) -> bool:
        if not self.server.loopback_only:
            return True
        host = (self.headers.get("Host") or "").strip().lower()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return name in _LOCAL_NAMES

    def _page(self, index: int, query: dict[str, list[str]]) -> None:
        try:
            dpi = float(query.get("dpi", ["110"])[0])
        except ValueError:
            return self._send(HTTPStatus.BAD_REQUEST, b"dpi must be a number\n", "text/plain")
        grid = query.get("grid", ["0"])[0] == "1"
        png = self.server.live.page_png(index, grid, dpi)
        if png is None:
            return self._send(HTTPStatus.NOT_FOUND, b"no such page\n", "text/plain")
        self._send(HTTPStatus.OK, png, "image/png")

    def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """Stream a `state` event now and after every rebuild, until the client or server goes."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        live = self.server.live
        seen = -1
        try:
            while not live.signal.closed:
                if seen != live.signal.generation:
                    seen = live.signal.generation
                    data = json.dumps(live.state(), ensure_ascii=False)
                    self.wfile.write(f"event: state\ndata: {data}\n\n".encode())
                else:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
                live.signal.wait(seen, HEARTBEAT)
        except (BrokenPipeError, ConnectionResetError):
            pass


class PreviewServer(ThreadingHTTPServer):
    """The HTTP server of one live preview; `start()` serves from a background thread."""

    daemon_threads = True

    def __init__(self, live: LivePreview, host: str = "127.0.0.1", port: int = 8000):
        self.live = live
        self.loopback_only = _is_loopback(host)
        if ":" in host:
            self.address_family = socket.AF_INET6
        try:
            super().__init__((host, port), _Handler)
        except OSError as exc:
            raise PreviewError(f"cannot listen on {host}:{port}: {exc.strerror}",
                               hint="choose another --port, or 0 for any free one") from None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else host
        return f"http://{shown}:{port}/"

    def start(self) -> None:
        self._thread = threading.Thread(target=self.serve_forever, args=(0.1,), name="paiban-http",
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop serving: wake the event streams, stop the loop started by `start`, close the socket."""
        self.live.stop()
        if self._thread is not None:
            self.shutdown()
            self._thread.join(timeout=10)
        self.server_close()


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
