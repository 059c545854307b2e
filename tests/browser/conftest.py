"""Browser tests: Playwright for Python driving Debian's Chromium against pytest-django's live server.

Playwright never downloads a browser here: the tests use /usr/bin/chromium (`make browser` installs
it). Without it they are skipped, unless REQUIRE_BROWSER=1 (CI), where a missing browser fails.

One Chromium for all of them, a fresh browser context (cookies, storage) per test. The live server is
transactional, so the database is emptied after every test: each test builds its own data with
`demo` (the units of Điện Biên, then the demo province's organisations and accounts).
"""

from __future__ import annotations

import os
import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test.utils import override_settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]
DEMO_PROVINCE = "11"  # Điện Biên


def _unavailable(reason: str):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests required (REQUIRE_BROWSER=1) but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the browser tests. Package-scoped, not session-scoped: while Playwright runs,
    the test thread has a running asyncio loop, in which Django refuses ORM calls; the tests after
    these must not inherit it."""
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"{CHROMIUM} is missing: install Debian's chromium (`make browser`)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    except Exception as exc:  # noqa: BLE001 - any launch failure means "no usable browser"
        playwright.stop()
        _unavailable(f"{CHROMIUM} did not start: {exc}")
    with pytest.MonkeyPatch.context() as patch:
        # Playwright's sync API keeps an asyncio loop running in the test thread, so Django takes the
        # tests' own ORM calls (data set-up, checks, the job worker in a route handler, the database
        # flush after each test) for calls from async code. They are plain blocking calls.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield chromium
    chromium.close()
    playwright.stop()


LIVE_SERVER_SETTINGS = {
    # Production settings (DEBUG off) redirect to HTTPS, mark cookies Secure and expect a collected
    # static manifest; a test server on localhost speaks plain HTTP and serves static files from the
    # finders.
    "SECURE_SSL_REDIRECT": False,
    "SESSION_COOKIE_SECURE": False,
    "CSRF_COOKIE_SECURE": False,
    # This process's own cache: the default file cache under var/ is shared with whatever else runs
    # from this checkout (a development server, another test run).
    "CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "browser-tests"}},
    # Passwords are checked, not attacked, here: the fast hasher saves seconds per demo load.
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "STORAGES": {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                 "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
}


def _reload_middleware(server) -> None:
    # pytest-django's live server lives for the whole session and its handlers read settings such
    # as SECURE_SSL_REDIRECT once, when their middleware is built: rebuild it after changing them.
    app = server.thread.httpd.get_app()
    while app is not None:
        if hasattr(app, "load_middleware"):
            app.load_middleware()
        app = getattr(app, "application", None)


@pytest.fixture
def demo(browser, transactional_db, live_server, tmp_path):
    """The live server with Điện Biên's units and the demo province loaded; returns its base URL."""
    with override_settings(MEDIA_ROOT=str(tmp_path / "media"), **LIVE_SERVER_SETTINGS):
        _reload_middleware(live_server)
        cache.clear()  # the operator's name, cached from an earlier test's database
        call_command("load_units", province=DEMO_PROVINCE, verbosity=0)
        call_command("load_demo", verbosity=0)
        yield live_server.url
    _reload_middleware(live_server)


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1366, "height": 900})
    # A hang detector, not a speed check (speed is measured under bench/): on a two-core CI machine
    # running other suites a page has been seen to take more than 15 s.
    ctx.set_default_timeout(30_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    """A page that fails the test if the browser reports a script error or a missing asset."""
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("response", lambda response: problems.append(f"{response.status} {response.url}")
            if response.status >= 400 and "/static/" in response.url else None)
    # What the browser asked and got, printed at the end: pytest shows it when the test fails.
    traffic: list[str] = []
    page.on("request", lambda request: traffic.append(f"{time.strftime('%H:%M:%S')} -> {request.method} {request.url}")
            if request.resource_type in ("document", "xhr", "fetch") else None)
    page.on("response", lambda response: traffic.append(
        f"{time.strftime('%H:%M:%S')} <- {response.status} {response.request.method} {response.url}")
            if response.request.resource_type in ("document", "xhr", "fetch") else None)
    page.on("requestfailed", lambda request: traffic.append(
        f"{time.strftime('%H:%M:%S')} !! {request.method} {request.url} {request.failure}"))
    yield page
    print("browser traffic (last 30):", *traffic[-30:], sep="\n  ")
    assert not problems, problems
