from datetime import date

import pytest

from tests.browser.conftest import chromium, phone_at, playwright_sync  # noqa: F401 - fixtures used here
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
