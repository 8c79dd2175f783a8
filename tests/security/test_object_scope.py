"""Object level: inside an endpoint a role may use, each user reaches only their own objects.

Out-of-scope objects answer 404 (never 403, which would confirm that they exist).
"""

import pytest
from django.test import Client
from django.urls import reverse

from nforce.audit import record_event
from tests.factories import (
    AreaFactory,
    AssignmentFactory,
    DetectionFactory,
    InspectorFactory,
    OfficeFactory,
    PremisesFactory,
    UserFactory,
)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_officer_sees_only_their_own_detections_in_the_api(officer):
    mine = DetectionFactory(officer=officer, premises_name="Kedai Saya")
    DetectionFactory(premises_name="Kedai Orang Lain")
    body = signed_in(officer).get(reverse("detection-api:mine")).json()
    assert [feature["properties"]["id"] for feature in body["features"]] == [mine.pk]


def test_an_officer_sees_only_their_own_detections_on_the_page(officer):
    DetectionFactory(officer=officer, premises_name="Kedai Saya")
    DetectionFactory(premises_name="Kedai Orang Lain")
    page = signed_in(officer).get(reverse("detection:mine")).content.decode()
    assert "Kedai Saya" in page
    assert "Kedai Orang Lain" not in page


def test_an_inspector_cannot_open_another_inspectors_assignment(inspector):
    InspectorFactory(user=inspector)
    theirs = AssignmentFactory()
    client = signed_in(inspector)
    assert client.get(reverse("dispatch:assignment", args=[theirs.pk])).status_code == 404
    outcome = reverse("dispatch:outcome", args=[theirs.pk])
    assert client.post(outcome, {"outcome": "not_found"}).status_code == 404


def test_an_inspector_cannot_record_an_outcome_on_another_inspectors_assignment_by_api(inspector):
    InspectorFactory(user=inspector)
    theirs = AssignmentFactory()
    response = signed_in(inspector).post(
        reverse("dispatch-api:outcome", args=[theirs.pk]),
        {"outcome": "not_found"},
        content_type="application/json",
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.outcome == ""


def test_an_inspector_lists_only_their_own_assignments_in_the_api(inspector):
    own = AssignmentFactory(inspector=InspectorFactory(user=inspector))
    AssignmentFactory()
    body = signed_in(inspector).get(reverse("dispatch-api:mine")).json()
    ids = [feature["properties"]["id"] for feature in body["features"]]
    assert ids == [own.pk]


@pytest.fixture(autouse=True)
def _database(db):
    """Every test here builds rows."""


def _supervisor_of(office):
    return UserFactory(roles=["supervisor"], home_office=office)


def test_a_supervisor_sees_in_the_queue_only_the_premises_of_their_own_office():
    here, there = OfficeFactory(), OfficeFactory()
    PremisesFactory(name="Kedai Sini", area=AreaFactory(office=here))
    PremisesFactory(name="Kedai Sana", area=AreaFactory(office=there))
    page = signed_in(_supervisor_of(here)).get(reverse("dispatch:queue")).content.decode()
    assert "Kedai Sini" in page
    assert "Kedai Sana" not in page


def test_a_supervisor_cannot_list_the_cases_of_another_offices_inspector():
    here, there = OfficeFactory(), OfficeFactory()
    elsewhere = InspectorFactory(user=UserFactory(roles=["inspector"], home_office=there))
    AssignmentFactory(inspector=elsewhere, premises=PremisesFactory(name="Kedai Sana"))
    page = signed_in(_supervisor_of(here)).get(reverse("dispatch:reassign"), {"inspector": elsewhere.pk})
    assert "Kedai Sana" not in page.content.decode()


def test_a_supervisor_without_an_office_sees_no_offices_queue():
    PremisesFactory(name="Kedai Sana", area=AreaFactory(office=OfficeFactory()))
    page = signed_in(UserFactory(roles=["supervisor"], home_office=None)).get(reverse("dispatch:queue"))
    assert "Kedai Sana" not in page.content.decode()


def test_a_supervisor_sees_in_the_audit_log_only_their_own_offices_staff():
    here, there = OfficeFactory(), OfficeFactory()
    record_event(actor=UserFactory(home_office=there, full_name="Orang Sana"), action="person.check")
    record_event(actor=UserFactory(home_office=here, full_name="Orang Sini"), action="person.check")
    page = signed_in(_supervisor_of(here)).get(reverse("audit-log")).content.decode()
    assert "Orang Sini" in page
    assert "Orang Sana" not in page


def test_the_lookup_volumes_page_lists_only_the_supervisors_own_office():
    here, there = OfficeFactory(), OfficeFactory()
    record_event(actor=UserFactory(home_office=there, full_name="Orang Sana"), action="person.check")
    record_event(actor=UserFactory(home_office=here, full_name="Orang Sini"), action="person.check")
    page = signed_in(_supervisor_of(here)).get(reverse("lookup-volumes")).content.decode()
    assert "Orang Sini" in page
    assert "Orang Sana" not in page
