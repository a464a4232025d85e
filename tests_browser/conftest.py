"""Fixtures for the browser tests: the built site served on 127.0.0.1, and headless Chromium.

The site is ``docs/_build/html`` (or ``$DESCENT_SITE``); Chromium is ``$CHROMIUM`` or
``/usr/bin/chromium`` (Debian's), driven by Playwright without its own browser downloads.
Run by ``nox -s browser`` after ``nox -s docs``.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("DESCENT_SITE", REPO / "docs" / "_build" / "html")).resolve()
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def base_url():
    """The site on an ephemeral port of 127.0.0.1, for as long as the tests run."""
    handler = functools.partial(_Quiet, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).is_file():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install -y chromium, or set $CHROMIUM)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Visit:
    """A page opened in a fresh context, with every console error and request it made."""

    def __init__(self, browser, url, width=1280, **options):
        # options: Playwright's context options (has_touch, is_mobile, color_scheme, ...)
        self.context = browser.new_context(viewport={"width": width, "height": 900}, **options)
        # the browser asks every server for /favicon.ico on its own; the site declares none
        self.context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(url, wait_until="load")

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser):
    opened = []

    def open_(url, width=1280, **options):
        v = Visit(browser, url, width, **options)
        opened.append(v)
        return v

    yield open_
    for v in opened:
        v.close()
