"""The planning pages, the running operation's banner, a detection's page and the move."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from detection.models import Operation
from nforce.models import AuditEvent
from tests.factories import (
    AreaFactory,
    DetectionFactory,
    DetectionWorkerFactory,
    OfficeFactory,
    OperationFactory,
    UserFactory,
)

LOCAL = "%Y-%m-%dT%H:%M"


def form(**fields) -> dict:
    start = timezone.localtime() + timedelta(days=1)
    return {
        "code": "OPS-KLANG-1",
        "name": "Ops Klang",
        "kind": "detection",
        "starts_at": start.strftime(LOCAL),
        "ends_at": (start + timedelta(days=2)).strftime(LOCAL),
    } | fields


def test_a_supervisor_plans_with_areas_and_a_drawn_boundary(client, boss, office):
    area = AreaFactory(office=office)
    member = UserFactory(roles=["officer"], home_office=office)
    boundary = {"type": "Polygon", "coordinates": [[[101.4, 3.0], [101.5, 3.0], [101.5, 3.1], [101.4, 3.0]]]}
    client.force_login(boss)
    sent = form(areas=[area.pk], team=[member.pk], boundary=json.dumps(boundary))
    response = client.post("/detection/operations/new", sent)
    assert response.status_code == 302, response.content.decode()
    operation = Operation.objects.get()
    assert operation.office == office
    assert list(operation.areas.all()) == [area] and list(operation.team.all()) == [member]
    assert operation.boundary.geom_type == "MultiPolygon"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"boundary": "{not json"}, "could not be read"),
        ({"ends_at": "2020-01-01T00:00"}, "The end must be after the start."),
        ({}, "Choose at least one area"),
    ],
)
def test_a_bad_plan_is_shown_again_with_the_reason(client, boss, change, message):
    client.force_login(boss)
    response = client.post("/detection/operations/new", form(**change))
    assert response.status_code == 422
    assert message in response.content.decode()


def test_a_supervisor_cannot_edit_another_offices_operation(client, boss):
    other = OperationFactory(office=OfficeFactory())
    client.force_login(boss)
    assert client.get(f"/detection/operations/{other.pk}/").status_code == 404


def test_the_list_shows_own_office_and_national_operations(client, boss, office):
    OperationFactory(code="OPS-OWN", office=office)
    OperationFactory(code="OPS-NATIONAL", office=None)
    OperationFactory(code="OPS-ELSEWHERE", office=OfficeFactory())
    client.force_login(boss)
    page = client.get("/detection/operations/").content.decode()
    assert "OPS-OWN" in page and "OPS-NATIONAL" in page and "OPS-ELSEWHERE" not in page


def test_the_banner_says_the_operation_and_its_day(client, officer):
    operation = OperationFactory(
        code="OPS-KESAN-2026", team=[officer], starts_at=timezone.now() - timedelta(days=2)
    )
    client.force_login(officer)
    page = client.get("/detection/operations/running").content.decode()
    assert "Operation OPS-KESAN-2026 · day 3" in page
    assert f'data-operation-id="{operation.pk}"' in page


def test_a_detection_page_shows_workers_masked_and_is_audited(client, officer):
    detection = DetectionFactory(officer=officer)
    DetectionWorkerFactory(detection=detection, masked="******-**-5671", name="Ah Kow")
    client.force_login(officer)
    page = client.get(f"/detection/detections/{detection.pk}/").content.decode()
    assert "******-**-5671" in page and "Ah Kow" in page
    assert "Move to another operation" not in page  # an officer moves nothing
    assert AuditEvent.objects.filter(action="detection.view", result_count=1).exists()


def test_a_supervisor_moves_a_detection_of_their_office(client, boss, office):
    area = AreaFactory(office=office)
    first, second = (
        OperationFactory(office=office, areas=[area]),
        OperationFactory(office=office, areas=[area]),
    )
    detection = DetectionFactory(area=area, operation=first)
    client.force_login(boss)
    response = client.post(f"/detection/detections/{detection.pk}/operation", {"operation": second.pk})
    assert response.status_code == 302
    detection.refresh_from_db()
    assert detection.operation == second
    assert AuditEvent.objects.filter(action="detection.operation_moved", actor=boss).exists()


def test_an_operation_that_had_not_started_is_no_target(client, boss, office):
    area = AreaFactory(office=office)
    later = OperationFactory(office=office, areas=[area], starts_at=timezone.now() + timedelta(days=1))
    detection = DetectionFactory(area=area)
    client.force_login(boss)
    response = client.post(f"/detection/detections/{detection.pk}/operation", {"operation": later.pk})
    assert response.status_code == 422
    detection.refresh_from_db()
    assert detection.operation is None
