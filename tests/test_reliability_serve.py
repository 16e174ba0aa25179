"""`paiban serve` under hostile and clumsy clients: bad query values, clients that go away
mid-answer, slow and idle connections, too many viewers, bad ports. Real sockets on 127.0.0.1
only, each test bounded in connections and seconds."""

from __future__ import annotations

import http.client
import shutil
import socket
import struct
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import SEED
from paiban.cli import main
from paiban.preview import server as server_module
from paiban.preview.live import LivePreview
from paiban.preview.server import PreviewServer
from paiban.preview.session import PreviewOptions, PreviewSession


@contextmanager
def live_server(folder: Path, client_timeout: float = server_module.CLIENT_TIMEOUT):
    article = folder / "article.md"
    shutil.copy(SEED / "article.md", article)
    session = PreviewSession(article, "magazine", PreviewOptions(render_images=False))
    live = LivePreview(session, log=lambda text: None)
    server = PreviewServer(live, "127.0.0.1", 0, client_timeout=client_timeout)
    live.start()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with live_server(tmp_path_factory.mktemp("served")) as server:
        yield server


def get(server: PreviewServer, path: str, timeout: float = 10) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(*server.server_address[:2], timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def status_of(server: PreviewServer, path: str) -> int:
    """The status of a GET, without reading the body (an event stream's never ends)."""
    conn = http.client.HTTPConnection(*server.server_address[:2], timeout=10)
    try:
        conn.request("GET", path)
        return conn.getresponse().status
    finally:
        conn.close()


def wait_for_threads(count: int, seconds: float = 10) -> None:
    """Wait until no more than `count` threads run: the handlers have finished."""
    deadline = time.monotonic() + seconds
    while threading.active_count() > count:
        assert time.monotonic() < deadline, "handler threads left running"
        time.sleep(0.05)


@pytest.mark.parametrize("dpi", ["nan", "NaN", "inf", "-inf", "infinity", "0", "-0", "-72", "1e308", "601",
                                 "23.9", "lots", "0x48", "72px", "%00", "1_0_0_0"])
def test_bad_resolutions_get_400_with_the_range(served, capfd, dpi):
    status, body = get(served, f"/page/1.png?dpi={dpi}")
    assert (status, body) == (400, b"dpi must be a number from 24 to 600\n")
    assert get(served, "/state")[0] == 200  # still serving
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize("dpi", ["24", "600", "72.5", "+96"])
def test_resolutions_within_the_range_are_served(served, dpi):
    status, body = get(served, f"/page/1.png?dpi={dpi}")
    assert status == 200 and body.startswith(b"\x89PNG")


def _reset_after_request(server: PreviewServer, path: str) -> None:
    """Send a request and close the socket at once with a reset (SO_LINGER 0), before any answer."""
    sock = socket.create_connection(server.server_address[:2], timeout=5)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    sock.close()


def test_clients_going_away_mid_answer_are_quiet(tmp_path, capfd):
    with live_server(tmp_path) as server:
        before = threading.active_count()
        # Every page request renders anew (the dpi differs), so the answer comes after the reset.
        for k, dpi in enumerate(range(24, 180, 12)):
            _reset_after_request(server, f"/page/1.png?dpi={dpi}&k={k}")
            _reset_after_request(server, "/events")
            _reset_after_request(server, "/")
        wait_for_threads(before)
        assert get(server, "/state")[0] == 200
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Error" not in err, err[:2000]


def test_idle_connections_are_bounded_in_threads_and_dropped_after_the_timeout(tmp_path):
    with live_server(tmp_path, client_timeout=0.5) as server:
        before = threading.active_count()
        idle = [socket.create_connection(server.server_address[:2], timeout=5) for _ in range(100)]
        try:
            time.sleep(0.3)
            assert threading.active_count() - before <= server_module.MAX_HANDLERS
            started = time.monotonic()
            assert get(server, "/state", timeout=20)[0] == 200  # served once the idle ones are dropped
            assert time.monotonic() - started < 10
            # The first ones accepted have been dropped by the server: they read the end of the stream.
            assert idle[0].recv(1) == b""
        finally:
            for sock in idle:
                sock.close()
        wait_for_threads(before)


def test_listen_backlog_takes_a_burst_of_clients():
    assert PreviewServer.request_queue_size >= 64


def test_event_streams_are_bounded_and_leave_threads_for_pages(tmp_path):
    with live_server(tmp_path) as server:
        streams = []
        try:
            for _ in range(server_module.MAX_EVENT_STREAMS):
                conn = http.client.HTTPConnection(*server.server_address[:2], timeout=10)
                conn.request("GET", "/events")
                response = conn.getresponse()  # it holds the socket: kept, or the stream ends
                assert response.status == 200
                streams.append(response)
            assert get(server, "/events") == (503, b"too many viewers are open\n")
            assert get(server, "/state")[0] == 200
            streams.pop().close()  # a viewer closed: its stream is freed within a second or so
            deadline = time.monotonic() + 5
            while (status := status_of(server, "/events")) != 200:
                assert status == 503 and time.monotonic() < deadline
        finally:
            for response in streams:
                response.close()


@pytest.mark.parametrize("port", ["70000", "65536", "-1", "eighty"])
def test_serve_refuses_ports_outside_the_range(tmp_path, capsys, port):
    with pytest.raises(SystemExit) as done:
        main(["serve", str(SEED / "article.md"), "--port", port])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert f"argument --port: expected a port number from 0 to 65535 (0 for any free one), got '{port}'" in err
    assert list(tmp_path.iterdir()) == []
