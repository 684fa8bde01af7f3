"""Browser tests: Debian's Chromium, driven by Playwright, against the site served by a thread."""

import os
import shutil

import pytest
from django.conf import settings
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
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
def site(transactional_db, django_db_serialized_rollback):
    """The site served over HTTP by a thread, as in production: WhiteNoise serves static files.
    The thread sees only what is committed, so each test's database is emptied after it and
    given back the snapshot taken when it was made, with the shipped content in it."""
    in_memory = {
        connection.alias: connection
        for connection in connections.all()
        if connection.vendor == "sqlite" and connection.is_in_memory_db()
    }
    for connection in in_memory.values():
        connection.inc_thread_sharing()
    server = SiteServerThread(
        "127.0.0.1", static_handler=lambda handler: handler, connections_override=in_memory
    )
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    yield f"http://127.0.0.1:{server.port}"
    server.terminate()
    for connection in in_memory.values():
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
