"""Extreme numbers and dates typed or forged into every kind of input answer 4xx, never a 500
(issue 16, item 13). Each row is a value a fuzzer or a slip of the thumb sends."""

import pytest
from django.test import Client

from tests.factories import UserFactory

OLD_CONTRIBUTION = [{"month": "0001-01", "wage": "100"}]
PAGES = [
    "/dashboard/?from=9999-12-01&to=9999-12-31",
    "/dashboard/?from=0001-01-01&to=0001-01-31",
    "/dashboard/records/checks/?from=9999-12-01&to=9999-12-31",
    "/dashboard/records/checks/export.csv?from=9999-12-01&to=9999-12-31",
    "/dashboard/map.geojson?from=9999-12-01&to=9999-12-31",
    "/dashboard/records/checks/?page=99999999999999999999999",
    "/dashboard/records/checks/?page=²",
    "/dispatch/reassign/?inspector=²",
    "/dispatch/reassign/?inspector=99999999999999999999999",
    "/dispatch/assignments/99999999999999999999999/",
    "/detection/premises/99999999999999999999999/",
    "/audit/?page=²",
    "/api/v1/dashboard/summary?from=9999-12-01&to=9999-12-31",
    "/api/v1/detections/mine?days=99999999999999999999",
    "/dispatch/?latitude=1e400&longitude=2",
    "/api/v1/assignments/mine?latitude=NaN&longitude=101",
]
FORMS = [
    ("/eligibility/", {"scheme": "invalidity", "on": "0001-01-01", "date_of_birth": "0001-01-01"}),
    ("/eligibility/", {"scheme": "invalidity", "on": "9999-12-31", "date_of_birth": "9999-12-31"}),
    ("/eligibility/person", {"id_number": "850315145123", "notice_date": "9999-12-31"}),
    ("/eligibility/employer", {"employer_code": "EMP000000777", "page": "99999999999999999999"}),
    ("/registry/check/results", {"q": "kedai", "radius_m": "9" * 30, "latitude": "3", "longitude": "101"}),
]
API_BODIES = [
    (
        "/api/v1/eligibility/invalidity",
        {"date_of_birth": "0001-01-01", "notice_date": "0001-01-02", "contributions": OLD_CONTRIBUTION},
    ),
    (
        "/api/v1/eligibility/survivors",
        {"date_of_birth": "0001-01-01", "death_date": "0001-01-02", "contributions": OLD_CONTRIBUTION},
    ),
    ("/api/v1/registry/employers/search", {"q": "kedai", "lat": 3, "lon": 101, "radius_m": 10**30}),
]


@pytest.fixture
def everyone(db):
    """Signed in with every role and the admin site: every page is open to it."""
    client = Client(raise_request_exception=False)
    client.force_login(
        UserFactory(roles=["officer", "inspector", "supervisor"], is_staff=True, is_superuser=True)
    )
    return client


@pytest.mark.parametrize("url", PAGES)
def test_an_extreme_query_string_is_answered_without_a_server_error(everyone, url):
    assert everyone.get(url).status_code < 500


@pytest.mark.parametrize(("url", "data"), FORMS)
def test_an_extreme_form_is_answered_without_a_server_error(everyone, url, data):
    assert everyone.post(url, data).status_code < 500


@pytest.mark.parametrize(("url", "data"), API_BODIES)
def test_an_extreme_api_body_is_a_problem_naming_the_field(everyone, url, data):
    response = everyone.post(url, data, content_type="application/json")
    assert response.status_code == 400
    assert all(error["field"] for error in response.json()["errors"])
