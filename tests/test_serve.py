"""`paiban serve` over plain HTTP: routes, images, refusal of everything else, server-sent events."""

from __future__ import annotations

import http.client
import json
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pymupdf
import pytest

from conftest import SEED
from paiban.preview.live import LivePreview, snap_dpi
from paiban.preview.server import PreviewServer
from paiban.preview.session import PreviewOptions, PreviewSession


@contextmanager
def live_server(folder: Path):
    """A live preview of the seed article in a sheet of its own, on a free port."""
    style = folder / "style.yaml"
    style.write_text("extends: magazine\n", encoding="utf-8")
    article = folder / "article.md"
    shutil.copy(SEED / "article.md", article)
    session = PreviewSession(article, style, PreviewOptions(render_images=False))
    log: list[str] = []
    live = LivePreview(session, log=log.append)
    server = PreviewServer(live, "127.0.0.1", 0)
    live.start()
    server.start()
    try:
        yield server, style, log
    finally:
        server.stop()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One server for the tests that only read."""
    with live_server(tmp_path_factory.mktemp("served")) as running:
        yield running


@pytest.fixture
def edited(tmp_path):
    """A server of its own for a test that edits the style."""
    with live_server(tmp_path) as running:
        yield running


def get(server: PreviewServer, path: str, host: str | None = None) -> tuple[int, dict, bytes]:
    """A GET with the request target sent exactly as given (no normalisation by the client)."""
    conn = http.client.HTTPConnection(*server.server_address[:2], timeout=10)
    conn.putrequest("GET", path, skip_host=True)
    conn.putheader("Host", host or f"127.0.0.1:{server.server_address[1]}")
    conn.endheaders()
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), body


def test_viewer_page_and_state(served):
    server, _, _ = served
    status, headers, body = get(server, "/")
    assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert b'id="page"' in body and b"EventSource" in body
    status, _, body = get(server, "/state")
    state = json.loads(body)
    assert status == 200
    assert (state["version"], state["error"], len(state["pages"])) == (1, None, 1)
    assert state["pages"][0] == {"number": 14, "width": 595.276, "height": 841.89}


@pytest.mark.parametrize(("asked", "size"), [
    ("72", (596, 842)),
    ("100", (794, 1123)),  # snapped to 96 dpi
])
def test_page_images_at_the_asked_resolution(served, asked, size):
    server, _, _ = served
    status, headers, body = get(server, f"/page/1.png?dpi={asked}&v=1")
    assert (status, headers["Content-Type"], headers["Cache-Control"]) == (200, "image/png", "no-store")
    pix = pymupdf.Pixmap(body)
    assert (pix.width, pix.height) == size


def test_grid_overlay_image_differs(served):
    server, _, _ = served
    plain = get(server, "/page/1.png?dpi=48")[2]
    grid = get(server, "/page/1.png?dpi=48&grid=1")[2]
    assert plain != grid
    assert get(server, "/page/1.png?dpi=48&grid=1")[2] == grid  # cached, not drawn again


@pytest.mark.parametrize("path", [
    "/../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "/page/../../../etc/passwd",
    "/page/..%2f..%2fetc%2fpasswd",
    "/page/1.png/../../../../etc/passwd",
    "//etc/passwd",
    "/..%5c..%5cetc%5cpasswd",
    "/viewer.html",
    "/page/0.png",
    "/page/2.png",
    "/page/01.png",
])
def test_nothing_but_the_routes_is_served(served, path):
    server, _, _ = served
    status, _, body = get(server, path)
    assert status == 404
    assert b"root:" not in body


def test_bad_requests(served):
    server, _, _ = served
    assert get(server, "/page/1.png?dpi=lots")[0] == 400
    assert get(server, "/state", host="evil.example:80")[0] == 403  # DNS rebinding
    assert get(server, "/state", host="localhost")[0] == 200
    conn = http.client.HTTPConnection(*server.server_address[:2], timeout=10)
    conn.request("POST", "/state", body=b"x")
    assert conn.getresponse().status == 501
    conn.close()


def test_resolutions_are_snapped_to_a_few_steps():
    assert [snap_dpi(d) for d in (1, 40, 100, 110, 144, 5000)] == [24, 36, 96, 108, 144, 600]


def read_event(response) -> dict:
    """The next `state` event of a server-sent event stream (keep-alive comments skipped)."""
    event, data = None, None
    while True:
        line = response.fp.readline().decode().rstrip("\n")
        if line.startswith("event: "):
            event = line[7:]
        elif line.startswith("data: "):
            data = line[6:]
        elif line == "" and event == "state":
            return json.loads(data)


def test_events_announce_every_rebuild(edited):
    server, style, log = edited
    conn = http.client.HTTPConnection(*server.server_address[:2], timeout=20)
    conn.request("GET", "/events")
    response = conn.getresponse()
    assert response.getheader("Content-Type") == "text/event-stream"
    assert read_event(response)["version"] == 1
    deadline = time.monotonic() + 20
    state = None
    while state is None or state["version"] < 2:
        assert time.monotonic() < deadline, "no rebuild announced"
        style.write_text("extends: magazine\nbody: {size: 小四}\n", encoding="utf-8")
        state = read_event(response)
    assert state["error"] is None
    style.write_text("extends: magazine\nbody: {size: [1]}\n", encoding="utf-8")
    while state["error"] is None:
        state = read_event(response)
    assert state["version"] == 2  # the last good build is still shown
    assert state["error"].startswith(f"{style}:2:14: error: body.size: expected a font size")
    assert any("build failed (keeping the last good preview)" in entry for entry in log)
    conn.close()


def test_serve_refuses_a_port_in_use(served):
    server, _, _ = served
    port = str(server.server_address[1])
    done = subprocess.run([sys.executable, "-m", "paiban", "serve", str(SEED / "article.md"), "--port", port],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: cannot listen on 127.0.0.1:{port}: Address already in use")
