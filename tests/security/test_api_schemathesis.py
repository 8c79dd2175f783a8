"""Schemathesis against the OpenAPI schema, through the WSGI app, as an officer, an inspector and a
supervisor (whose dashboard API the other two may not use).

Checks: no 5xx, and every response whose status the schema documents matches its schema.
Bounded (MAX_EXAMPLES per operation and role) and deterministic (derandomize), so that it runs in
the ordinary test suite in about a minute. Lookup quotas are raised for the run: a 429 would be
correct behaviour, but it would hide the operation's own answers.
"""

import json
import zlib
from datetime import timedelta

import pytest
import schemathesis
from django.contrib.gis.geos import Point
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from nforce.tokens import issue_token
from tests.factories import AssignmentFactory, EmployerFactory, InspectorFactory, worker_with_record
from tests.security.conftest import make_person

MAX_EXAMPLES = 25


def openapi_document() -> dict:
    """The schema as /api/schema/ serves it (rendered to JSON: lazy strings become text)."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


schema = schemathesis.openapi.from_dict(openapi_document())
schema.app = get_wsgi_application()

# Half of the generated bodies are steered into the shapes the server accepts (a position in
# Malaysia, a clock time that is not in the future, an ID and an employer code that exist; no
# file in a JSON body), so that the fuzzing reaches the lookups and writes, not only the
# validators. Which half is fixed by the body itself, so that runs stay deterministic.
KNOWN_ID = "850315145123"
KNOWN_EMPLOYER = "EMP000000777"
STEERED = {
    "latitude": 3.0449,
    "longitude": 101.445,
    "lat": 3.0449,
    "lon": 101.445,
    "id_number": KNOWN_ID,
    "employer_code": KNOWN_EMPLOYER,
}


OWN_ASSIGNMENTS: list[int] = []  # the signed-in inspector's, filled by the fixture


@schema.hook
def map_case(context, case):
    body = case.body
    if not isinstance(body, dict) or zlib.crc32(repr(sorted(body.items(), key=repr)).encode()) % 2:
        return case
    steered = {key: STEERED[key] for key in body if key in STEERED}
    if "observed_at" in body:
        steered["observed_at"] = (timezone.now() - timedelta(minutes=5)).isoformat()
    if "id" in (case.path_parameters or {}) and OWN_ASSIGNMENTS:
        case.path_parameters = {**case.path_parameters, "id": OWN_ASSIGNMENTS[0]}
    kept = {key: value for key, value in body.items() if not (key == "photo" and "json" in case.media_type)}
    case.body = {**kept, **steered}
    return case


@pytest.fixture(params=["officer", "inspector", "supervisor"])
def token_header(request, db, settings_for_fuzzing):
    """An Authorization header of a staff member with that role (an inspector has cases to act on)."""
    employer = EmployerFactory(employer_code=KNOWN_EMPLOYER, location=Point(101.445, 3.0449, srid=4326))
    worker_with_record(
        employer=employer, first="2005-01", last="2024-12", wage_sen=300_000, id_number=KNOWN_ID
    )
    user = make_person(request.param)
    OWN_ASSIGNMENTS.clear()
    if request.param == "inspector":
        inspector = InspectorFactory(user=user)
        OWN_ASSIGNMENTS.extend(a.pk for a in AssignmentFactory.create_batch(2, inspector=inspector))
    return {"Authorization": f"Token {issue_token(user=user)}"}


@pytest.fixture
def settings_for_fuzzing(settings):
    settings.LOOKUP_QUOTAS = {"employer": 10**6, "person": 10**6}
    # The WSGI handler closes "old" connections around each request, which would close the
    # test's transaction; Django's own test client disconnects the same receivers.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_the_api_answers_every_generated_request_without_a_server_error_and_as_documented(case, token_header):
    # The WSGI transport does not undo a Content-Encoding: ask for the body as it is (the area
    # pack is gzipped for a client that accepts it).
    headers = {**token_header, "Accept-Encoding": "identity"}
    case.call_and_validate(headers=headers, checks=[not_a_server_error, response_schema_conformance])
