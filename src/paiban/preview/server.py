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

It stays within bounds whatever its clients do: at most `MAX_HANDLERS` requests are handled at
once (more wait in the listen queue), of which at most `MAX_EVENT_STREAMS` may be event streams, so
page requests always find a thread; a client that sends nothing for `CLIENT_TIMEOUT` seconds is
dropped; a client that goes away mid-answer is no error worth a word; and a bad query value gets
a 400 with a short text.
"""

from __future__ import annotations

import ipaddress
import json
import math
import re
import selectors
import socket
import sys
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from urllib.parse import parse_qs, urlsplit

from paiban.preview.errors import PreviewError
from paiban.preview.live import DPI_MAX, DPI_MIN, LivePreview

_PAGE = re.compile(r"^/page/([1-9][0-9]{0,3})\.png$")
_LOCAL_NAMES = {"localhost", "127.0.0.1", "[::1]", "::1"}
HEARTBEAT = 15.0  # seconds between keep-alive comments on an idle event stream
#: Seconds between looks, on an idle event stream, whether its client has gone.
CLIENT_CHECK = 1.0
#: Requests handled at once, each in a thread of its own; further connections wait to be accepted.
MAX_HANDLERS = 16
#: Of those, how many may be event streams (one per open viewer), so that pages are still served.
MAX_EVENT_STREAMS = 8
#: Seconds a client may keep a connection without sending (slow or idle clients free their thread).
CLIENT_TIMEOUT = 10.0
#: Connections the system keeps waiting for `accept` (Python's default, 5, made clients wait).
LISTEN_BACKLOG = 128
#: Errors that only mean the client went away, or stopped reading, before the answer was sent.
DISCONNECTS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)


def viewer_html() -> bytes:
    return resources.files("paiban.preview").joinpath("viewer.html").read_bytes()


class _Handler(BaseHTTPRequestHandler):
    server: "PreviewServer"
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        self.timeout = self.server.client_timeout  # applied to the socket by the base class
        super().setup()

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
        dpi = parse_dpi(query.get("dpi", ["110"])[0])
        if dpi is None:
            message = f"dpi must be a number from {DPI_MIN} to {DPI_MAX}\n"
            return self._send(HTTPStatus.BAD_REQUEST, message.encode(), "text/plain")
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
        if not self.server.event_streams.acquire(blocking=False):
            self.close_connection = True
            return self._send(HTTPStatus.SERVICE_UNAVAILABLE, b"too many viewers are open\n",
                              "text/plain")
        try:
            self._stream_events()
        finally:
            self.server.event_streams.release()

    def _stream_events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        live = self.server.live
        seen = -1
        written = 0.0
        with selectors.DefaultSelector() as readable:
            readable.register(self.connection, selectors.EVENT_READ)
            while not live.signal.closed and not self._client_gone(readable):
                if seen != live.signal.generation:
                    seen = live.signal.generation
                    data = json.dumps(live.state(), ensure_ascii=False)
                    self.wfile.write(f"event: state\ndata: {data}\n\n".encode())
                elif time.monotonic() - written >= HEARTBEAT:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    live.signal.wait(seen, CLIENT_CHECK)
                    continue
                self.wfile.flush()
                written = time.monotonic()

    def _client_gone(self, readable: selectors.BaseSelector) -> bool:
        """Whether the client of an event stream has closed its end (it sends nothing else), so
        that a closed viewer frees its stream at once rather than at the next write."""
        if not readable.select(timeout=0):
            return False
        try:
            return self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:  # reset
            return True


class PreviewServer(ThreadingHTTPServer):
    """The HTTP server of one live preview; `start()` serves from a background thread."""

    daemon_threads = True
    request_queue_size = LISTEN_BACKLOG

    def __init__(self, live: LivePreview, host: str = "127.0.0.1", port: int = 8000,
                 client_timeout: float = CLIENT_TIMEOUT):
        self.live = live
        self.loopback_only = _is_loopback(host)
        self.client_timeout = client_timeout
        self.handlers = threading.BoundedSemaphore(MAX_HANDLERS)
        self.event_streams = threading.BoundedSemaphore(MAX_EVENT_STREAMS)
        if ":" in host:
            self.address_family = socket.AF_INET6
        try:
            super().__init__((host, port), _Handler)
        except OSError as exc:
            raise PreviewError(f"cannot listen on {host}:{port}: {exc.strerror}",
                               hint="choose another --port, or 0 for any free one") from None
        self._thread: threading.Thread | None = None

    def process_request(self, request, client_address) -> None:
        """Handle the connection in a thread of its own once fewer than `MAX_HANDLERS` run;
        until then it waits, as do the connections behind it, in the listen queue."""
        self.handlers.acquire()
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.handlers.release()
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.handlers.release()

    def handle_error(self, request, client_address) -> None:
        """A client that went away is no error; anything else is a bug, reported as such."""
        if isinstance(sys.exc_info()[1], DISCONNECTS):
            return
        super().handle_error(request, client_address)

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


def parse_dpi(text: str) -> float | None:
    """The resolution asked for in a page's query, or None when it is not a number within the
    resolutions served (NaN, infinities, zero and negatives included)."""
    try:
        dpi = float(text)
    except ValueError:
        return None
    return dpi if math.isfinite(dpi) and DPI_MIN <= dpi <= DPI_MAX else None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
