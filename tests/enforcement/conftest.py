import pytest

from nforce.roles import Role
from tests.browser.conftest import chromium, phone_at, playwright_sync  # noqa: F401 - fixtures used here
from tests.factories import (
    KLANG,
    AreaFactory,
    CaseFactory,
    FindingFactory,
    OfficeFactory,
    UserFactory,
    ensure_compound_schedule,
)


@pytest.fixture
def klang_office(db):
    return OfficeFactory(code="KLG", name="Klang")


@pytest.fixture
def klang(klang_office):
    return AreaFactory(code="KLG-T", name="Klang Ujian", centre=KLANG, office=klang_office)


@pytest.fixture
def case_inspector(klang_office):
    return UserFactory(roles=[Role.INSPECTOR], full_name="Rajesh a/l Kumar", home_office=klang_office)


@pytest.fixture
def office_supervisor(klang_office):
    return UserFactory(roles=[Role.SUPERVISOR], full_name="Tan Mei Ling", home_office=klang_office)


@pytest.fixture
def case(klang, case_inspector):
    """An open case held by the inspector: employer unregistered, two workers unregistered."""
    made = CaseFactory(inspector=case_inspector)
    FindingFactory(case=made, section="act4_s4", workers=2)
    FindingFactory(case=made, section="act4_s5", workers=2)
    return made


@pytest.fixture(autouse=True)
def compound_schedule(request):
    """Transactional tests elsewhere flush every table, the schedule migration 0002 loaded too."""
    names = request.fixturenames
    if not ({"db", "transactional_db"} & set(names) or request.node.get_closest_marker("django_db")):
        return
    request.getfixturevalue("_django_db_helper")  # the database as the test's marker asks
    ensure_compound_schedule()
