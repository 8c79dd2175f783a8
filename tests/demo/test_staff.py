import pytest
from django.urls import reverse

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
