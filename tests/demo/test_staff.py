import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from demo.areas import DEMO_INSPECTORS
from demo.staff import DEMO_PASSWORD, DEMO_STAFF, demo_logins_text, ensure_demo_staff
from nforce.models import User

EXPECTED_NAV = {
    "OFF001": ("Check", "My detections"),
    "INS001": ("Check", "My premises"),
    "SUP001": ("Check", "Dashboard"),
    "ADM001": ("Administration", "Dashboard"),
}


def test_demo_staff_are_created_once(db):
    assert ensure_demo_staff() == len(DEMO_STAFF)
    assert ensure_demo_staff() == 0
    assert User.objects.filter(staff_number__in=[row[0] for row in DEMO_STAFF]).count() == len(DEMO_STAFF)


@pytest.mark.parametrize("staff_number", sorted(EXPECTED_NAV))
def test_each_demo_login_works_and_sees_its_navigation(client, db, staff_number):
    ensure_demo_staff()
    response = client.post(reverse("login"), {"username": staff_number, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    page = client.get(reverse("home")).content.decode()
    for label in EXPECTED_NAV[staff_number]:
        assert f">{label}</a>" in page


def test_the_demo_logins_are_printed_with_their_password():
    text = demo_logins_text()
    assert DEMO_PASSWORD in text
    assert all(row[0] in text for row in DEMO_STAFF)


# --- production: no demo data unless forced, and never the published password ----------------

SMALLEST = ("--employers", "0", "--persons", "0", "--years", "1")


def test_seed_demo_refuses_to_run_in_production_unless_forced(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo", *SMALLEST, stdout=io.StringIO())
    assert not User.objects.exists()


def test_forced_in_production_no_demo_login_has_the_published_password(client, db, settings):
    ensure_demo_staff()  # an earlier run, outside production, gave it to these
    settings.PRODUCTION = True
    call_command("seed_demo", *SMALLEST, "--force", stdout=io.StringIO(), stderr=io.StringIO())
    numbers = {row[0] for row in (*DEMO_STAFF, *DEMO_INSPECTORS)}
    demo = User.objects.filter(staff_number__in=numbers)
    assert demo.count() == len(numbers)
    assert not [user.staff_number for user in demo if user.has_usable_password()]
    admin = demo.get(staff_number="ADM001")
    assert admin.is_superuser
    refused = client.post(reverse("login"), {"username": "ADM001", "password": DEMO_PASSWORD})
    assert refused.status_code == 200  # the login form again, not a redirect into the site


def test_the_demo_logins_printed_in_production_carry_no_password(settings):
    settings.PRODUCTION = True
    assert DEMO_PASSWORD not in demo_logins_text()
