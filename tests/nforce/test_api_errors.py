"""Everything under /api/ answers a JSON problem, whatever made the error (issue 16, item 16)."""

import pytest
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import include, path
from django.views.decorators.http import require_GET

from nforce.urls import urlpatterns as nforce_urlpatterns
from tests.nforce.test_api_contract import current_schema

UNKNOWN = ["/api/", "/api/v1/", "/api/v1/nothing-here", "/api/v2/detections", "/api/v1/detections/mine/more"]


def _boom(request):
    raise RuntimeError("a crash in a view")


@require_GET
def _plain_get_only(request):
    return HttpResponse("not the API's own view")


# The project's URLs, and two views that fail the way only non-API code fails.
urlpatterns = [
    path("api/test/boom", _boom),
    path("api/test/plain", _plain_get_only),
    path("", include(nforce_urlpatterns)),
]


def _assert_problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    assert body["errors"] == []
    return body


@pytest.mark.parametrize("url", UNKNOWN)
def test_an_unknown_api_path_answers_a_404_problem_signed_in_or_not(client, officer, url):
    _assert_problem(client.get(url, HTTP_ACCEPT="text/html"), 404)
    client.force_login(officer)
    body = _assert_problem(client.post(url, {}, HTTP_ACCEPT="text/html"), 404)
    assert "/api/schema/" in body["title"]


def test_an_unknown_page_outside_the_api_is_still_the_html_404(client, db):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@override_settings(ROOT_URLCONF=__name__)
def test_a_crash_under_the_api_answers_a_500_problem(db):
    response = Client(raise_request_exception=False).get("/api/test/boom")
    body = _assert_problem(response, 500)
    assert "a crash in a view" not in body["detail"]


@override_settings(ROOT_URLCONF=__name__)
def test_a_method_a_plain_view_does_not_take_answers_a_405_problem_with_allow(client, db):
    response = client.delete("/api/test/plain")
    _assert_problem(response, 405)
    assert response["Allow"] == "GET"


def test_the_api_own_problems_are_left_as_they_are(api_as, officer):
    response = api_as(officer).put("/api/v1/detections/mine")
    assert response.status_code == 405
    assert response.json()["status"] == 405


def test_the_schema_documents_geojson_where_the_api_sends_it():
    operation = current_schema()["paths"]["/api/v1/detections/mine"]["get"]
    assert list(operation["responses"]["200"]["content"]) == ["application/geo+json"]
