import pytest
from django.conf import settings as django_settings

from nforce.access import Who
from tests.factories import UserFactory
from tests.security.middleware import with_security_middleware


# Until settings.MIDDLEWARE lists them, the security tests run with the hardening middleware
# placed where settings.py should put it (see the report of issue 8).
@pytest.fixture(autouse=True)
def security_middleware(settings):
    settings.MIDDLEWARE = with_security_middleware(list(django_settings.MIDDLEWARE))


def make_person(who: Who, **fields):
    """A user of each kind the access matrix names; None for the anonymous visitor."""
    who = Who(who)
    if who == Who.ANONYMOUS:
        return None
    if who == Who.NO_ROLE:
        return UserFactory(**fields)
    if who == Who.ADMIN:
        return UserFactory(is_staff=True, is_superuser=True, **fields)
    return UserFactory(roles=[who.value], **fields)


@pytest.fixture
def people(db) -> dict:
    return {who: make_person(who) for who in Who}
