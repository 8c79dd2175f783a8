import os
from datetime import date
from pathlib import Path

import pytest

from tests.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.factories import KLANG, AreaFactory, InspectorFactory


@pytest.fixture
def today() -> date:
    return date(2026, 12, 1)


@pytest.fixture
def klang(db):
    """Area KLG-T (10 x 10 km around Klang)."""
    return AreaFactory(code="KLG-T", name="Klang Ujian", centre=KLANG)


@pytest.fixture
def far_area(db):
    """Area far from Klang (around Kuantan), with nobody in it unless a test adds someone."""
    return AreaFactory(code="KTN-T", name="Kuantan Ujian", centre=(103.3260, 3.8077))


@pytest.fixture
def klang_inspector(klang, inspector):
    """The `inspector` fixture (Rajesh), serving Klang, based in Klang town."""
    return InspectorFactory(user=inspector, areas=[klang], capacity=20)


@pytest.fixture
def chromium():
    """Debian's Chromium through Playwright, never a downloaded browser."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed")
    # Playwright's sync API runs an event loop in this thread; the ORM calls are the test's own.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
