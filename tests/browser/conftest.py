"""Browser journeys in a real Chromium (Debian's /usr/bin/chromium), for every part of Nforce.

Use them with `pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]`
(the live server runs in another thread: it sees committed rows only):

- `phone`: a Playwright BrowserContext like a mid-range Android phone (412 x 915, touch,
  Malaysian locale and time zone) with location allowed and the position in Klang;
  `phone.set_geolocation(...)` moves it.
- `log_in(context, user)`: gives the context a logged-in session without typing a password.
- `officer_page`: a page of `phone`, logged in as the `officer` fixture.
- `phone_at(point, accuracy=12)`: a small phone (390 x 844) standing at a point, reaching only the
  live server (the dispatch and enforcement journeys).
- `persistent_phone()`: the same phone in a persistent profile (a temporary user-data-dir):
  what installability checks need (an incognito context always answers "in-incognito").
- `shoot(page, "step")`: a screenshot into test-artifacts/<test>/<nn>-<step>.png.
- `service_worker_ready(page)`: waits until the service worker controls the page.

Never `playwright install`: the browser is the system's Chromium.
"""

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.chromium import CHROMIUM, CHROMIUM_ARGS, KLANG_FIX, PHONE  # noqa: F401 - used by other suites
from tests.conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts"
DEFAULT_TIMEOUT_MS = 15_000


@pytest.fixture
def playwright_sync():
    """A Playwright of the test's own (not the session's: other suites start their own)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (make test-system-packages)")
    with sync_api.sync_playwright() as playwright:
        yield playwright


@pytest.fixture
def chromium(playwright_sync):
    browser = playwright_sync.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def phone(chromium, live_server):
    context = chromium.new_context(**PHONE, base_url=live_server.url, service_workers="allow")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def phone_at(chromium, live_server) -> Iterator[Callable]:
    """phone_at(point, accuracy=12) -> a small phone (390 x 844) standing at `point` (a GEOS
    Point), which reaches only the live server: map tiles are refused (no network in tests)."""
    opened = []

    def open_phone(point, *, accuracy: float = 12, **overrides):
        where = {"latitude": point.y, "longitude": point.x, "accuracy": accuracy}
        small = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "geolocation": where}
        context = chromium.new_context(**{**PHONE, **small, **overrides}, base_url=live_server.url)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        context.live_url = live_server.url
        context.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith(live_server.url) else route.abort()
            ),
        )
        opened.append(context)
        return context

    yield open_phone
    for context in opened:
        context.close()


@pytest.fixture
def log_in(live_server) -> Callable:
    """log_in(context, user): the session cookie of a real login, without the login form."""

    def give_session(context, user) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    return give_session


@pytest.fixture
def officer_page(phone, officer, log_in):
    log_in(phone, officer)
    page = phone.new_page()
    yield page
    page.close()


@pytest.fixture
def persistent_phone(playwright_sync, tmp_path, live_server) -> Iterator[Callable]:
    """persistent_phone() -> a phone context with a real (temporary) profile on disk."""
    opened = []

    def launch():
        context = playwright_sync.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            base_url=live_server.url,
            **PHONE,
        )
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        opened.append(context)
        return context

    yield launch
    for context in opened:
        context.close()


@pytest.fixture
def shoot(request) -> Callable:
    """shoot(page, "step"): numbered full-page screenshots of this test, kept for a human eye."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::")[-1])
    shutil.rmtree(folder, ignore_errors=True)
    count = iter(range(1, 1000))

    def take(page, step: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^\w-]+", "-", step)
        path = folder / f"{next(count):02d}-{slug}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def service_worker_ready(page) -> None:
    """Waits until the service worker is active and controls the page; if it never does, the
    failure says how far the worker got (installing, waiting, active) and on which page."""
    try:
        page.wait_for_function(
            "() => navigator.serviceWorker && navigator.serviceWorker.controller !== null",
            timeout=DEFAULT_TIMEOUT_MS,
        )
    except Exception as error:
        state = page.evaluate(
            """() => navigator.serviceWorker.getRegistration().then(r => r ? {
                 installing: r.installing && r.installing.state, waiting: r.waiting && r.waiting.state,
                 active: r.active && r.active.state, scope: r.scope} : "no registration")"""
        )
        raise AssertionError(f"no service worker controls {page.url}: {state}") from error


def wait_until(page, condition: Callable[[], object], *, seconds: float = 10) -> None:
    """Polls a Python-side condition (a row in the database, a route handler's note) while
    Playwright keeps handling the page's events."""
    for _ in range(int(seconds * 20)):
        if condition():
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"still not true after {seconds} s: {condition}")
