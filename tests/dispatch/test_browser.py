"""The inspector's morning in a real Chromium on a phone: the map, one premises, "registered"."""

import pytest

from dispatch.assign import assign_open_premises
from dispatch.models import Assignment
from tests.factories import (
    DEFAULT_PASSWORD,
    KLANG,
    AreaFactory,
    DetectionFactory,
    EmployerFactory,
    InspectorFactory,
    near,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STANDING = near(KLANG, north_km=0.3)


@pytest.fixture
def phone(phone_at):
    return phone_at(STANDING, accuracy=15)


def test_an_inspector_sees_their_premises_on_the_map_and_records_registered(phone, inspector, today):
    area = AreaFactory(code="KLG-B", centre=KLANG)
    me = InspectorFactory(user=inspector, areas=[area], base_location=near(KLANG, east_km=2))
    detection = DetectionFactory(
        premises__name="Kedai Makan Selera Rasa", premises__location=near(KLANG, north_km=0.4)
    )
    employer = EmployerFactory(employer_code="K00012345678")
    assign_open_premises(on=today)
    assert Assignment.objects.get().inspector == me

    page = phone.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto("/accounts/login/?next=/dispatch/")
    page.fill("input[name=username]", inspector.staff_number)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()

    page.wait_for_url(f"{phone.live_url}/dispatch/")
    markers = page.locator("#premises-map .dispatch-marker")
    markers.first.wait_for()
    assert markers.count() == 1
    assert markers.first.get_attribute("title") == "Due: Kedai Makan Selera Rasa"
    markers.first.click()
    popup = page.locator(".leaflet-popup-content")
    assert "Kedai Makan Selera Rasa" in popup.inner_text()
    popup.get_by_role("link", name="Details and outcome").click()

    page.wait_for_url(f"**/dispatch/assignments/{detection.premises.assignments.get().pk}/")
    assert (
        page.get_by_role("link", name="Navigate (Google Maps)")
        .get_attribute("href")
        .startswith("https://www.google.com/maps/dir/?api=1&destination=")
    )
    page.locator("#outcome-position").get_by_text("Position taken").wait_for()
    page.get_by_label("registered", exact=True).check()
    page.get_by_label("New employer code").fill("k0001-2345678")
    page.get_by_role("button", name="Record outcome").click()

    page.wait_for_url("**/dispatch/")
    assert (
        "Kedai Makan Selera Rasa: registered. The case is closed." in page.locator(".messages").inner_text()
    )
    assert page.locator("#premises-map .dispatch-marker").count() == 0
    assignment = Assignment.objects.select_related("premises").get()
    assert (assignment.status, assignment.outcome, assignment.employer) == ("closed", "registered", employer)
    assert assignment.premises.status == "registered"
    assert assignment.visit_location.distance(STANDING) < 1e-5
    assert not [e for e in errors if "Content Security Policy" in e]
