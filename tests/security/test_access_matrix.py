"""Every URL pattern and every OpenAPI operation, probed as every kind of user, against the access matrix
(nforce.access: the rows each app registers from its access.py).

How a probe reads:
- GET for pages and GET operations; POST with an empty body (a form for pages, `{}` as JSON for
  the API) for POST endpoints. No probe can change anything: an empty body never validates.
- "refused": 401, 403, or a redirect to a login page that carries `next=` (what login_required
  and the admin do for someone not signed in).
- "allowed": anything else below 500 that shows the request got past authorisation: 2xx, a
  redirect elsewhere, 400/409/422/429 (the body was judged, so the user was let in).
- 404 and 405 are neither: a probe that gets them is wrong (no such object, wrong method) and
  fails with a message saying so. 5xx always fails.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from drf_spectacular.generators import SchemaGenerator

from nforce.access import Endpoint, Who, by_name, markdown_table, matrix
from nforce.tokens import issue_token
from tests.factories import (
    AreaFactory,
    AssignmentFactory,
    CaseFactory,
    DetectionFactory,
    InspectorFactory,
    OfficeFactory,
    OperationFactory,
    PremisesFactory,
)
from tests.security.conftest import make_person

# Served by Django only with DEBUG (runserver); whitenoise serves static files.
NOT_ENDPOINTS = ("static/", "^static/")
# Answers 503 while no Celery worker answers the canary: that is its job, not an error.
MAY_BE_UNAVAILABLE = {"healthz"}


def probe_kwargs(name: str, user=None) -> dict:
    """URL arguments for patterns that take some: an object that exists and is the user's own."""
    if name == "detection:premises":
        return {"pk": PremisesFactory(created_by=user if user is not None and user.pk else None).pk}
    if name == "media":
        return {"path": _photo_of(user)}
    if name == "detection:quality-decision":
        return {"pk": _doubtful_detection_of_office(user).pk}
    if name in ("dispatch:assignment", "dispatch:outcome", "dispatch-api:outcome"):
        inspector = InspectorFactory(user=user) if user is not None else InspectorFactory()
        return {"pk": AssignmentFactory(inspector=inspector).pk}
    if name in CASE_ENDPOINTS:
        return _case_kwargs(name, user)
    if name in ("detection:detection", "detection:detection-move"):
        own = {"officer": user} if user is not None and user.pk else {}
        return {"pk": DetectionFactory(**own).pk}
    if name in ("detection:operation-edit", "enforcement-api:operation-report"):
        office = user.home_office if user is not None and user.pk else None
        return {"pk": OperationFactory(office=office).pk if office else OperationFactory().pk}
    if name == "dashboard:records":
        return {"kind": "checks"}
    if name == "dashboard:records-export":
        return {"kind": "checks", "fmt": "csv"}
    if name == "dashboard:export":
        return {"table": "area", "fmt": "csv"}
    if name == "password_reset_confirm":
        return {"uidb64": "MQ", "token": "no-such-token"}
    return {}


def _doubtful_detection_of_office(user):
    """A detection with a poor fix in the user's office: in a supervisor's data-quality queue."""
    office = getattr(user, "home_office", None)
    area = AreaFactory(office=office) if office is not None else AreaFactory()
    return DetectionFactory(gps_poor=True, accuracy_m=250.0, area=area)


CASE_ENDPOINTS = {
    "enforcement:case",
    "enforcement:act",
    "enforcement:notice-pdf",
    "enforcement:compound-pdf",
    "enforcement-api:case",
    "enforcement-api:actions",
    "enforcement-api:notice-pdf",
    "enforcement-api:compound-pdf",
}


def _case_kwargs(name: str, user) -> dict:
    """A compounded case the user holds, in the user's office (a supervisor's scope). A page's
    empty POST records a payment, which needs a receipt: it never validates."""
    mine = user if user is not None and user.pk else None
    case = CaseFactory(
        inspector=mine,
        office=mine.home_office if mine and mine.home_office else OfficeFactory(),
        state="compounded",
        notice_number=f"P/2026/{CaseFactory._meta.model.objects.count() + 1:05d}",
        compound_number=f"P/2026/{CaseFactory._meta.model.objects.count() + 1:05d}",
        compound_amount_rm=500,
    )
    return {"pk": case.pk, "action": "record_payment"} if name == "enforcement:act" else {"pk": case.pk}


def _photo_of(user) -> str:
    """A signboard photo of the user's own detection: a photo nobody may see answers 404."""
    relative = _media_file("detections/probe.jpg")
    if user is not None and user.pk:
        DetectionFactory(officer=user, photo=relative)
    else:
        DetectionFactory(photo=relative)
    return relative


def _media_file(relative: str) -> str:
    from pathlib import Path

    from django.conf import settings

    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"\xff\xd8\xff\xd9")  # the smallest JPEG: start and end markers
    return relative


def url_patterns(patterns=None, prefix: str = "", namespace: str | None = None):
    """(route, URL name) of every pattern, admin internals aside (the admin index stands for them)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            if inner == "admin":
                yield route, "admin:index"
                continue
            yield from url_patterns(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern) and not route.startswith(NOT_ENDPOINTS):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield route, name


def openapi_operations() -> list[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [(method.upper(), path) for path, item in schema["paths"].items() for method in item]


def is_login_redirect(response) -> bool:
    if response.status_code not in (301, 302, 303):
        return False
    location = urlsplit(response["Location"])
    return location.path.endswith("/login/") and "next" in parse_qs(location.query)


def outcome_of(response) -> str:
    status = response.status_code
    if status >= 500:
        return "server error"
    if status in (401, 403) or is_login_redirect(response):
        return "refused"
    if status in (404, 405):
        return f"bad probe ({status})"
    return "allowed"


def probe(client: Client, url: str, method: str):
    if url.startswith(("/api/v1/", "/api/schema/")):
        body = "{}" if method != "GET" else ""
        return client.generic(
            method, url, body, content_type="application/json", HTTP_ACCEPT="application/json"
        )
    if method == "GET":
        return client.get(url)
    return client.generic(method, url, "", content_type="application/x-www-form-urlencoded")


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_every_url_pattern_is_in_the_access_matrix():
    known = by_name()
    missing = sorted(
        f"/{route} (URL name {name!r})" for route, name in url_patterns() if name is None or name not in known
    )
    assert not missing, "Add these endpoints to the access.py of their app (ENDPOINTS):\n" + "\n".join(
        missing
    )


def view_name_of(path: str) -> str:
    """The URL name behind an OpenAPI path such as /api/v1/assignments/{id}/outcome."""
    return resolve(re.sub(r"\{\w+\}", "1", path)).view_name


def test_every_openapi_operation_is_in_the_access_matrix():
    known = by_name()
    missing = []
    for method, path in openapi_operations():
        name = view_name_of(path)
        endpoint = known.get(name)
        if endpoint is None or method not in endpoint.methods:
            missing.append(f"{method} {path} (URL name {name!r})")
    assert not missing, "Add these API operations to the access.py of their app (ENDPOINTS):\n" + "\n".join(
        missing
    )


def test_the_matrix_names_only_endpoints_that_exist():
    names = {name for _, name in url_patterns()}
    stale = sorted(endpoint.name for endpoint in matrix() if endpoint.name not in names)
    assert not stale, f"The access matrix names endpoints that no URL pattern has: {stale}"


@pytest.mark.parametrize(
    ("endpoint", "method"),
    [(endpoint, method) for endpoint in matrix() for method in endpoint.methods],
    ids=lambda value: value.name if isinstance(value, Endpoint) else value,
)
@override_settings(HEALTH_CANARY_TIMEOUT_S=0.1)
def test_each_endpoint_answers_each_kind_of_user_as_the_matrix_says(people, endpoint, method):
    wrong = []
    for who, user in people.items():
        url = reverse(endpoint.name, kwargs=probe_kwargs(endpoint.name, user))
        response = probe(client_for(user), url, method)
        if endpoint.name in MAY_BE_UNAVAILABLE and response.status_code == 503:
            got = "allowed"
        else:
            got = outcome_of(response)
        expected = "allowed" if who in endpoint.allowed_for(method) else "refused"
        if got != expected:
            wrong.append(f"{who}: expected {expected}, got {got} ({response.status_code})")
    assert not wrong, f"{method} {endpoint.name}:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    "endpoint", [e for e in matrix() if Who.ANONYMOUS not in e.allowed], ids=lambda endpoint: endpoint.name
)
def test_anonymous_visitors_are_sent_to_login_on_pages_and_get_a_json_problem_from_the_api(db, endpoint):
    url = reverse(endpoint.name, kwargs=probe_kwargs(endpoint.name))
    response = probe(Client(), url, endpoint.methods[0])
    if url.startswith("/api/"):
        assert response.status_code in (401, 403)
        if url.startswith("/api/v1/"):
            assert response.json()["status"] == response.status_code
    else:
        assert is_login_redirect(response), response.status_code


@pytest.mark.parametrize(
    "endpoint", [e for e in matrix() if not e.allowed & {Who.NO_ROLE}], ids=lambda endpoint: endpoint.name
)
def test_a_signed_in_user_without_the_role_is_refused_with_403(people, endpoint):
    url = reverse(endpoint.name, kwargs=probe_kwargs(endpoint.name, people[Who.NO_ROLE]))
    response = probe(client_for(people[Who.NO_ROLE]), url, endpoint.methods[0])
    expected = 302 if endpoint.name.startswith("admin:") else 403
    assert response.status_code == expected


def test_the_api_accepts_token_authentication_for_the_roles_the_matrix_allows(db):
    for who in (Who.OFFICER, Who.NO_ROLE):
        key = issue_token(user=make_person(who))
        response = Client().get(reverse("detection-api:mine"), HTTP_AUTHORIZATION=f"Token {key}")
        assert response.status_code == (200 if who in by_name()["detection-api:mine"].allowed else 403)


def test_the_matrix_renders_as_a_table_for_the_readme():
    table = markdown_table().splitlines()
    assert table[0].startswith("| endpoint | methods | anonymous |")
    assert len(table) == len(matrix()) + 2


def test_no_url_pattern_is_left_unnamed():
    unnamed = [route for route, name in url_patterns() if not name]
    assert not unnamed, f"Name these URL patterns so that the access matrix can list them: {unnamed}"


def test_admin_internals_stay_behind_the_admin_login(people):
    for who in (Who.ANONYMOUS, Who.NO_ROLE, Who.OFFICER, Who.SUPERVISOR):
        response = client_for(people[who]).get("/admin/nforce/auditevent/")
        assert is_login_redirect(response), (who, response.status_code)
    assert client_for(people[Who.ADMIN]).get("/admin/nforce/auditevent/").status_code == 200


def test_the_schema_generator_sees_the_same_api_as_the_url_patterns():
    api_names = {name for route, name in url_patterns() if route.startswith("api/v1")}
    documented = {view_name_of(path) for _, path in openapi_operations()}
    undocumented = sorted(api_names - documented)
    assert not undocumented, f"API views missing from the OpenAPI schema: {undocumented}"
