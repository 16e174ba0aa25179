"""The serve page in a real headless Chromium: it loads, shows page 1, and redraws by itself.

Needs Playwright for Python (the `test` extra) and a Chromium executable: Debian's `chromium`
package, which `.ci/run` installs when missing, or the path in PAIBAN_CHROMIUM. Playwright's own
browser download is not used. Without either, the test is skipped and says which one is missing.
"""

from __future__ import annotations

import os
import shutil
import time

import pytest

from test_serve import live_server

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    # without these, Chromium's own background connections fail and crowd out the page's
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
WAIT_MS = 20_000

#: The visible page image's pixels summed in the browser: what the reader sees, not the URL.
CHECKSUM = """() => {
  const img = document.getElementById("page");
  const canvas = document.createElement("canvas");
  canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
  const ctx = canvas.getContext("2d");
  ctx.drawImage(img, 0, 0);
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) sum += data[i] * (1 + (i >> 2) % 7);
  return sum;
}"""


def _chromium() -> str:
    found = os.environ.get("PAIBAN_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.skip("no Chromium: install Debian's chromium package (apt-get install chromium), "
                    "or set PAIBAN_CHROMIUM to a Chromium executable")
    return found


@pytest.fixture
def browser_page(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="Playwright for Python is not installed (pip install -e '.[test]')")
    executable = _chromium()
    with sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=executable, args=CHROMIUM_ARGS, headless=True,
            viewport={"width": 1000, "height": 800})
        try:
            yield context.new_page(), sync_api.TimeoutError
        finally:
            context.close()


def test_serve_page_loads_and_refreshes_after_a_style_edit(browser_page, tmp_path):
    page, timeout_error = browser_page
    with live_server(tmp_path) as (server, style, _):
        page.goto(server.url)
        page.wait_for_selector("#page[data-version='1'][data-page='1']", timeout=WAIT_MS)
        assert page.inner_text("#pageLabel") == "page 1 / 1"
        assert page.eval_on_selector("#page", "img => img.complete && img.naturalWidth > 0")
        before = page.evaluate(CHECKSUM)
        page.evaluate("window.notReloaded = true")

        deadline = time.monotonic() + WAIT_MS / 1000
        while True:  # rewritten until seen: the watcher may still be arming itself
            style.write_text("extends: magazine\nbody: {size: 小四}\n", encoding="utf-8")
            try:
                page.wait_for_selector("#page[data-version='2']", timeout=2000)
                break
            except timeout_error:
                assert time.monotonic() < deadline, "the page did not refresh after the style edit"
        assert page.evaluate(CHECKSUM) != before  # the new rendering is on screen, no reload
        assert page.evaluate("window.notReloaded === true")

        page.click("#grid")
        page.wait_for_selector("#page[data-grid='1']", timeout=WAIT_MS)
        assert page.get_attribute("#grid", "aria-pressed") == "true"

        style.write_text("extends: magazine\nbody: {sise: 小四}\n", encoding="utf-8")
        page.wait_for_selector("#error.shown", timeout=WAIT_MS)
        assert "error: unknown style key 'body.sise'" in page.inner_text("#error")
        assert page.get_attribute("#page", "data-version") == "2"  # the last good page stays
