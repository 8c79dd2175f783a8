"""Fixtures for the dashboard tests: live rollups (eager Celery), the known world, a phone browser."""

import pytest
from django.core.cache import cache

from nforce.celery import app as celery_app
from tests.browser.conftest import chromium, playwright_sync  # noqa: F401 - fixtures used here

from .world import build_world


@pytest.fixture
def eager_rollups():
    """Run the rollup refresh in this process as soon as it is scheduled (no worker needed)."""
    cache.clear()  # no pending-refresh marks left by another test
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture
def world(db, eager_rollups, django_capture_on_commit_callbacks):
    """The known world, its rollups kept live by the signals (as in production, minus the worker)."""
    with django_capture_on_commit_callbacks(execute=True):
        built = build_world()
    return built


@pytest.fixture
def phone(chromium, live_server):  # noqa: F811 - the imported fixture
    """A real Chromium at a phone's viewport; yields (page, base URL)."""
    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, accept_downloads=True
    )
    yield context.new_page(), live_server.url
    context.close()
