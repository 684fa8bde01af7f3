"""Browser tests: Debian's Chromium, driven by Playwright, against the site served by a thread
on the test's own database connection."""

import os
import shutil

import pytest
from django.conf import settings
from django.core.servers.basehttp import ThreadedWSGIServer
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connections
from django.test.testcases import LiveServerThread

from tests.helpers import missing

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class JoiningServer(ThreadedWSGIServer):
    """Waits for its request threads when closed, so none outlives the shared test connection."""

    daemon_threads = False
    block_on_close = True


class SiteServerThread(LiveServerThread):
    server_class = JoiningServer


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        missing("Chromium for the browser tests (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright runs an event loop in this thread; the tests' own ORM calls are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(db):
    """The site served over HTTP by a thread, as in production (WhiteNoise serves static files),
    on the test's own database connection: it sees the shipped content, loaded once for the
    whole session, and whatever the test adds, all inside the test's transaction, which is
    rolled back when the test ends. Django's closing of connections after each request is held
    off meanwhile: the connection is the test's."""
    shared = {connection.alias: connection for connection in connections.all()}
    for connection in shared.values():
        connection.inc_thread_sharing()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    server = SiteServerThread(
        "127.0.0.1", static_handler=lambda handler: handler, connections_override=shared
    )
    server.daemon = True
    server.start()
    server.is_ready.wait()
    try:
        if server.error:
            raise server.error
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.terminate()
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        for connection in shared.values():
            connection.dec_thread_sharing()


@pytest.fixture
def open_page(browser, site):
    """Open a page of the site in a fresh browser context: open_page(path, width=..., **options)."""
    contexts = []

    def open_page(path, width=1280, height=900, **options):
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        page = context.new_page()
        # Content-Security-Policy refusals and failed loads are reported as console errors.
        page.console_errors = []
        page.on(
            "console",
            lambda message: message.type == "error" and page.console_errors.append(message.text),
        )
        page.goto(site + path)
        return page

    yield open_page
    for context in contexts:
        context.close()


AXE_SCRIPT = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def axe_source():
    """axe-core's script, from package.json's tools (installed by bin/test through npm)."""
    if not AXE_SCRIPT.exists():
        missing("axe-core for the accessibility tests (bin/setup checks: npm ci)")
    return AXE_SCRIPT.read_text()


@pytest.fixture
def quick_visitor(settings):
    """The browser fills the form faster than a person; it would otherwise be taken for a bot."""
    settings.CONTACT_MIN_FILL_SECONDS = 0
