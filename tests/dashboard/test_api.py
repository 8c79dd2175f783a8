import json
from dataclasses import asdict

import pytest
from rest_framework.utils.encoders import JSONEncoder

from dashboard.api import DashboardKpisSerializer
from dashboard.kpis import ENFORCEMENT_NAMES

from .world import KLG_CURRENT, KLG_PREVIOUS, SAB_CURRENT

URL = "/api/v1/dashboard/summary"
KEYS = {
    "checks",
    "checks_unconfirmed",
    "premises_visited",
    "unregistered_found",
    "assignments_open",
    "assignments_overdue",
    "registrations_won",
    "workers_covered",
    "median_days_to_registration",
} | set(ENFORCEMENT_NAMES)  # issue 17's six, appended


def as_json(kpis) -> dict:
    """The figures as the API writes them (ringgit as strings, to the sen)."""
    return json.loads(json.dumps(DashboardKpisSerializer(asdict(kpis)).data, cls=JSONEncoder))


def test_the_summary_gives_the_period_and_the_previous_one_with_exactly_the_agreed_keys(api_as, world):
    response = api_as(world.supervisor).get(URL, {"from": "2025-03-10", "to": "2025-03-16"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"current", "previous"}
    assert set(body["current"]) == set(body["previous"]) == KEYS
    assert body == {"current": as_json(KLG_CURRENT), "previous": as_json(KLG_PREVIOUS)}


def test_the_summary_of_one_area_counts_only_that_area(api_as, world):
    body = api_as(world.admin).get(URL, {"from": "2025-03-10", "to": "2025-03-16", "area": "SAB-1"}).json()
    assert body["current"] == as_json(SAB_CURRENT)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "2025-13-01", "to": "2025-03-16"}, "from"),
        ({"from": "2025-03-10", "to": "16/03/2025"}, "to"),
        ({"to": "2025-03-16"}, "from"),
        ({"from": "2025-03-16", "to": "2025-03-10"}, "to"),
        ({"from": "0001-01-01", "to": "2025-01-02"}, "from"),
        ({"from": "2025-01-01", "to": "9999-12-31"}, "to"),
    ],
    ids=["bad-month", "not-iso", "missing", "from-after-to", "before-2000", "past-next-year"],
)
def test_a_bad_period_is_a_400_naming_the_field(api_as, world, query, field):
    response = api_as(world.supervisor).get(URL, query)
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert [error["field"] for error in body["errors"]] == [field]


@pytest.mark.parametrize("area", ["SAB-1", "NOPE"], ids=["another-office", "unknown"])
def test_an_area_outside_the_scope_is_a_404_as_if_unknown(api_as, world, area):
    response = api_as(world.supervisor).get(URL, {"from": "2025-03-10", "to": "2025-03-16", "area": area})
    assert response.status_code == 404
    assert response.json()["errors"] == [{"field": "area", "message": "No such area in your scope."}]


def test_only_supervisors_may_read_the_summary(api_as, world):
    response = api_as(world.amin).get(URL, {"from": "2025-03-10", "to": "2025-03-16"})
    assert response.status_code == 403


def test_the_summary_reads_in_a_fixed_number_of_queries(api_as, world, django_assert_num_queries):
    client = api_as(world.supervisor)
    # groups (role), scope, 4 figures (the last: enforcement's)
    with django_assert_num_queries(6):
        client.get(URL, {"from": "2025-03-10", "to": "2025-03-16"})


def test_the_summary_is_in_the_openapi_schema_without_warnings(capsys):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/dashboard/summary"]["get"]
    assert [p["name"] for p in operation["parameters"]] == ["area", "from", "to"]
    assert set(operation["responses"]) == {"200", "400", "404"}
    summary = schema["components"]["schemas"]["DashboardKpis"]
    assert set(summary["properties"]) == KEYS
    assert "dashboard" not in capsys.readouterr().err.lower()
