"""POST /api/v1/operations and GET /api/v1/operations?active=true: the contract."""

from datetime import timedelta

import pytest
from django.utils import timezone

from detection.models import Operation
from nforce.models import AuditEvent
from tests.factories import AreaFactory, OfficeFactory, OperationFactory, UserFactory

URL = "/api/v1/operations"


@pytest.fixture
def areas(office):
    return [AreaFactory(code="KLG-1", office=office), AreaFactory(code="KLG-2", office=office)]


def plan(**fields) -> dict:
    start = timezone.now() + timedelta(days=1)
    defaults = {
        "code": "ops-kesan-klang-2026",
        "name": "Ops Kesan Klang",
        "kind": "detection",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(days=3)).isoformat(),
        "area_codes": ["KLG-1", "klg-2"],
    }
    return defaults | fields


def fields_of(response) -> set[str]:
    return {error["field"] for error in response.json()["errors"]}


def test_a_supervisor_plans_an_operation_of_their_office(api_as, boss, office, areas):
    team = UserFactory(roles=["officer"], home_office=office)
    response = api_as(boss).post(URL, plan(team=[team.staff_number]), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    operation = Operation.objects.get(pk=body["id"])
    assert body["code"] == operation.code == "OPS-KESAN-KLANG-2026"
    assert body["office"] == "KLG"
    assert body["area_codes"] == ["KLG-1", "KLG-2"]
    assert body["team_size"] == 1 and body["running"] is False
    assert operation.created_by == boss
    assert AuditEvent.objects.filter(action="operation.plan", actor=boss).exists()


def test_a_duplicate_code_is_409_naming_code(api_as, boss, areas):
    OperationFactory(code="OPS-KESAN-KLANG-2026")
    response = api_as(boss).post(URL, plan(), format="json")
    assert response.status_code == 409
    assert fields_of(response) == {"code"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"code": "x"}, "code"),
        ({"kind": "raid"}, "kind"),
        ({"starts_at": "tomorrow"}, "starts_at"),
        ({"area_codes": []}, "area_codes"),
        ({"area_codes": ["KLG-1", "NOPE"]}, "area_codes[1]"),
        ({"team": ["S99999"]}, "team[0]"),
    ],
)
def test_bad_input_is_400_naming_the_field(api_as, boss, areas, change, field):
    response = api_as(boss).post(URL, plan(**change), format="json")
    assert response.status_code == 400
    assert field in fields_of(response)


def test_the_end_must_follow_the_start(api_as, boss, areas):
    start = timezone.now()
    body = plan(starts_at=start.isoformat(), ends_at=(start - timedelta(hours=1)).isoformat())
    response = api_as(boss).post(URL, body, format="json")
    assert response.status_code == 400
    assert fields_of(response) == {"ends_at"}


def test_a_supervisor_cannot_cover_another_offices_area(api_as, boss, areas):
    AreaFactory(code="JB-1")  # another office's
    response = api_as(boss).post(URL, plan(area_codes=["JB-1"]), format="json")
    assert response.status_code == 400
    assert fields_of(response) == {"area_codes[0]"}


def test_an_officer_may_not_plan(api_as, officer, areas):
    assert api_as(officer).post(URL, plan(), format="json").status_code == 403
    assert not Operation.objects.exists()


def test_an_administrator_plans_national_operations(api_as, areas):
    admin = UserFactory(is_staff=True, is_superuser=True)
    AreaFactory(code="JB-1")
    response = api_as(admin).post(URL, plan(area_codes=["KLG-1", "JB-1"]), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["office"] is None


def test_active_lists_only_the_operations_running_now(api_as, boss, office):
    running = OperationFactory(office=office)
    OperationFactory(office=office, starts_at=timezone.now() + timedelta(days=2))
    OperationFactory(office=OfficeFactory())  # another office's: not seen
    every = api_as(boss).get(URL).json()["results"]
    active = api_as(boss).get(URL, {"active": "true"}).json()["results"]
    assert len(every) == 2
    assert [item["id"] for item in active] == [running.pk]
    assert active[0]["running"] is True


def test_active_must_be_a_boolean(api_as, boss):
    response = api_as(boss).get(URL, {"active": "soon"})
    assert response.status_code == 400
    assert fields_of(response) == {"active"}


def test_an_officer_sees_the_operations_of_their_team(api_as, officer):
    mine = OperationFactory(team=[officer])
    OperationFactory()
    assert [item["id"] for item in api_as(officer).get(URL).json()["results"]] == [mine.pk]
