"""GET /api/v1/assignments/mine and POST /api/v1/assignments/{id}/outcome."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from dispatch.models import Assignment, OutcomeRecord
from tests.factories import (
    KLANG,
    AssignmentFactory,
    EmployerFactory,
    InspectorFactory,
    PremisesFactory,
    near,
)

pytestmark = pytest.mark.django_db
MINE = "/api/v1/assignments/mine"
UUID = "5f0c2a9e-2d1b-4c53-9d0a-7a3b1c2d4e5f"


def outcome_url(assignment) -> str:
    return f"/api/v1/assignments/{assignment.pk}/outcome"


def test_mine_is_geojson_with_the_assignment_id_on_each_feature(api_as, klang_inspector):
    case = AssignmentFactory(
        inspector=klang_inspector, premises=PremisesFactory(location=near(KLANG, north_km=1))
    )
    body = api_as(klang_inspector.user).get(MINE).json()
    assert body["type"] == "FeatureCollection"
    feature = body["features"][0]
    assert feature["id"] == case.pk and feature["properties"]["id"] == case.pk
    assert feature["geometry"]["type"] == "Point"
    assert feature["properties"]["reason"].startswith("inside area DA-1")
    assert feature["properties"]["navigation"]["maps"].startswith(
        "https://www.google.com/maps/dir/?api=1&destination=3.05"
    )


def test_mine_lists_overdue_first_then_nearest_to_the_given_position(api_as, klang_inspector):
    today = timezone.localdate()
    far = AssignmentFactory(
        inspector=klang_inspector, premises=PremisesFactory(location=near(KLANG, north_km=4))
    )
    close = AssignmentFactory(
        inspector=klang_inspector, premises=PremisesFactory(location=near(KLANG, north_km=1))
    )
    late = AssignmentFactory(
        inspector=klang_inspector,
        premises=PremisesFactory(location=near(KLANG, north_km=3)),
        due_on=today - timedelta(days=1),
    )
    body = api_as(klang_inspector.user).get(MINE, {"latitude": KLANG[1], "longitude": KLANG[0]}).json()
    assert [f["id"] for f in body["features"]] == [late.pk, close.pk, far.pk]
    assert [f["properties"]["overdue"] for f in body["features"]] == [True, False, False]
    assert body["features"][1]["properties"]["distance_km"] == pytest.approx(1.0, abs=0.05)


def test_mine_shows_only_the_inspectors_own_open_cases(api_as, klang_inspector):
    AssignmentFactory(inspector=InspectorFactory())
    AssignmentFactory(inspector=klang_inspector, status="closed", outcome="ceased", closed_at=timezone.now())
    assert api_as(klang_inspector.user).get(MINE).json()["features"] == []


def test_mine_pins_its_query_count(api_as, klang_inspector, django_assert_num_queries):
    for _ in range(5):
        AssignmentFactory(inspector=klang_inspector)
    client = api_as(klang_inspector.user)
    with django_assert_num_queries(3):  # roles, the inspector's base, the cases with premises and area
        assert len(client.get(MINE).json()["features"]) == 5


def test_a_half_position_is_a_problem_naming_the_missing_coordinate(api_as, klang_inspector):
    response = api_as(klang_inspector.user).get(MINE, {"latitude": "3.04"})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "longitude", "message": "Give both latitude and longitude, or neither."}
    ]


def test_a_position_that_is_not_numbers_is_a_problem_naming_the_coordinate(api_as, klang_inspector):
    response = api_as(klang_inspector.user).get(MINE, {"latitude": "3.04", "longitude": "east"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "longitude"


def test_mine_reads_the_position_as_lat_and_lon_too(api_as, klang_inspector):
    AssignmentFactory(inspector=klang_inspector, premises=PremisesFactory(location=near(KLANG, north_km=2)))
    client = api_as(klang_inspector.user)
    spelled = client.get(MINE, {"latitude": KLANG[1], "longitude": KLANG[0]}).json()
    short = client.get(MINE, {"lat": KLANG[1], "lon": KLANG[0]}).json()
    assert short == spelled
    assert short["features"][0]["properties"]["distance_km"] == pytest.approx(2.0, abs=0.05)


def test_officers_may_not_read_assignments(api_as, officer):
    assert api_as(officer).get(MINE).status_code == 403


def test_recording_registered_with_a_known_code_closes_the_assignment(api_as, klang_inspector):
    EmployerFactory(employer_code="B98765432109")
    case = AssignmentFactory(inspector=klang_inspector)
    body = {
        "outcome": "registered",
        "employer_code": "B98765432109",
        "latitude": 3.0449,
        "longitude": 101.445,
    }
    response = api_as(klang_inspector.user).post(outcome_url(case), body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "closed" and response.json()["employer_code"] == "B98765432109"
    case.refresh_from_db()
    assert case.visit_location.y == pytest.approx(3.0449)


def test_an_unknown_employer_code_is_a_problem_on_that_field(api_as, klang_inspector):
    case = AssignmentFactory(inspector=klang_inspector)
    response = api_as(klang_inspector.user).post(
        outcome_url(case), {"outcome": "registered", "employer_code": "Z99999999999"}, format="json"
    )
    assert response.status_code == 400
    problem = response.json()
    assert problem["errors"] == [{"field": "employer_code", "message": problem["title"]}]
    assert "No employer with code Z99999999999" in problem["title"]


def test_an_unknown_outcome_is_refused(api_as, klang_inspector):
    case = AssignmentFactory(inspector=klang_inspector)
    response = api_as(klang_inspector.user).post(outcome_url(case), {"outcome": "bribed"}, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "outcome"


def test_another_inspectors_assignment_is_not_found(api_as, klang_inspector):
    case = AssignmentFactory(inspector=InspectorFactory())
    response = api_as(klang_inspector.user).post(outcome_url(case), {"outcome": "refused"}, format="json")
    assert response.status_code == 404
    assert Assignment.objects.get(pk=case.pk).status == "open"


def test_a_different_outcome_on_a_closed_assignment_is_a_conflict(api_as, klang_inspector):
    case = AssignmentFactory(inspector=klang_inspector)
    client = api_as(klang_inspector.user)
    assert client.post(outcome_url(case), {"outcome": "ceased"}, format="json").status_code == 200
    assert client.post(outcome_url(case), {"outcome": "moved"}, format="json").status_code == 409


def test_an_outcome_replayed_with_its_uuid_gets_the_first_answer_and_one_record(api_as, klang_inspector):
    case = AssignmentFactory(inspector=klang_inspector)
    client = api_as(klang_inspector.user)
    body = {"outcome": "notice_issued", "notes": "Notis diserahkan", "client_uuid": UUID}
    first = client.post(outcome_url(case), body, format="json")
    again = client.post(outcome_url(case), body, format="json")
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json() and first.json()["client_uuid"] == UUID
    assert OutcomeRecord.objects.filter(assignment=case).count() == 1
    assert Assignment.objects.get(pk=case.pk).notes == "Notis diserahkan"


def test_an_outcome_uuid_reused_for_another_body_is_a_409_naming_the_field(api_as, klang_inspector):
    case = AssignmentFactory(inspector=klang_inspector)
    client = api_as(klang_inspector.user)
    client.post(outcome_url(case), {"outcome": "refused", "client_uuid": UUID}, format="json")
    response = client.post(
        outcome_url(case), {"outcome": "notice_issued", "client_uuid": UUID}, format="json"
    )
    assert response.status_code == 409 and response.json()["errors"][0]["field"] == "client_uuid"


def test_an_outcome_without_a_uuid_is_given_one_by_the_server(api_as, klang_inspector):
    case = AssignmentFactory(inspector=klang_inspector)
    answer = (
        api_as(klang_inspector.user).post(outcome_url(case), {"outcome": "refused"}, format="json").json()
    )
    assert OutcomeRecord.objects.get(assignment=case).client_uuid == uuid.UUID(answer["client_uuid"])


def test_a_malformed_outcome_uuid_is_a_problem_on_that_field(api_as, klang_inspector):
    case = AssignmentFactory(inspector=klang_inspector)
    body = {"outcome": "refused", "client_uuid": "not-a-uuid"}
    response = api_as(klang_inspector.user).post(outcome_url(case), body, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "client_uuid"


def test_the_schema_of_the_dispatch_api_builds_without_warnings():
    from django.urls import include, path
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    patterns = [path("api/v1/", include("dispatch.api_urls"))]
    schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
    assert set(schema["paths"]) == {"/api/v1/assignments/mine", "/api/v1/assignments/{id}/outcome"}
    assert not GENERATOR_STATS


def test_an_outcome_queued_under_another_inspector_is_refused_and_not_recorded(api_as, klang_inspector):
    case = AssignmentFactory(inspector=klang_inspector)
    headers = {"X-Nforce-Officer": str(klang_inspector.user.pk + 1)}
    client = api_as(klang_inspector.user)
    response = client.post(outcome_url(case), {"outcome": "refused"}, format="json", headers=headers)
    assert response.status_code == 403 and not OutcomeRecord.objects.exists()
