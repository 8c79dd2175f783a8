"""HTTP hardening: personal data is never stored by a cache; a database outage answers 503, not 500."""

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client, override_settings
from django.urls import reverse

from nforce.access import Who, matrix, personal_url_names
from tests.security.conftest import with_security_middleware
from tests.security.test_access_matrix import client_for, probe, probe_kwargs

PERSONAL = [endpoint for endpoint in matrix() if endpoint.personal]
STAFF_ORDER = (Who.OFFICER, Who.INSPECTOR, Who.SUPERVISOR, Who.ADMIN)


def test_the_personal_data_endpoints_include_every_person_check_and_detection():
    expected = {
        "registry:person-result",
        "registry-api:person-check",
        "eligibility:person",
        "eligibility-api:invalidity",
        "detection-api:detections",
        "detection-api:mine",
        "audit-log",
    }
    assert expected <= personal_url_names()


@pytest.mark.parametrize(
    ("endpoint", "method"),
    [(endpoint, method) for endpoint in PERSONAL for method in endpoint.methods],
    ids=lambda value: getattr(value, "name", value),
)
def test_every_personal_data_endpoint_answers_with_cache_control_no_store(people, endpoint, method):
    who = next(who for who in STAFF_ORDER if who in endpoint.allowed)
    user = people[who]
    response = probe(
        client_for(user), reverse(endpoint.name, kwargs=probe_kwargs(endpoint.name, user)), method
    )
    assert response.status_code < 500
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"no-store", "private"} <= directives, (endpoint.name, response.get("Cache-Control"))


def test_a_successful_person_check_is_not_stored(officer):
    client = client_for(officer)
    response = client.post(
        reverse("registry-api:person-check"), {"id_number": "900101-10-5555"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


# --- the database is unreachable --------------------------------------------------------------


def _database_down(*args, **kwargs):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


def test_a_page_answers_503_with_retry_after_when_the_database_is_unreachable(officer, monkeypatch):
    client = client_for(officer)
    monkeypatch.setattr("registry.views.render", _database_down)
    response = client.get(reverse("registry:check"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Try again in a minute" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_api_answers_a_json_problem_503_when_the_database_is_unreachable(officer, monkeypatch):
    client = client_for(officer)
    monkeypatch.setattr("detection.api.detections_since_days", _database_down)
    response = client.get(reverse("detection-api:mine"))
    assert response.status_code == 503
    assert response.json()["status"] == 503
    assert "outbox" in response.json()["detail"]


def test_a_connection_lost_mid_request_answers_503(officer, monkeypatch):
    def closed(*args, **kwargs):
        raise InterfaceError("connection already closed")

    monkeypatch.setattr("registry.views.render", closed)
    assert client_for(officer).get(reverse("registry:check")).status_code == 503


class _DatabaseDownInAMiddleware:
    """Stands for any middleware that reads the database (sessions, axes) when it is down."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _database_down()


def test_a_database_error_raised_by_a_middleware_also_answers_503_with_the_security_headers(db):
    middleware = [*with_security_middleware(_settings_middleware()), f"{__name__}._DatabaseDownInAMiddleware"]
    with override_settings(MIDDLEWARE=middleware):
        response = Client(raise_request_exception=False).get(reverse("login"))
    assert response.status_code == 503
    assert response["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in response


def test_other_errors_are_still_500(officer, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug, not an outage")

    monkeypatch.setattr("registry.views.render", broken)
    response = Client(raise_request_exception=False)
    response.force_login(officer)
    assert response.get(reverse("registry:check")).status_code == 500


def _settings_middleware() -> list[str]:
    from django.conf import settings

    return list(settings.MIDDLEWARE)
