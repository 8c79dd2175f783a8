"""The employer batch: every current worker's verdict from one query; and its API."""

from datetime import date

import pytest

from eligibility.checks import workers_verdicts
from eligibility.rules import Kind
from nforce.models import AuditEvent
from tests.factories import EmployerFactory, worker_with_record

pytestmark = pytest.mark.django_db

EMPLOYER_API = "/api/v1/eligibility/employer"


def test_forty_workers_are_judged_from_one_query(django_assert_num_queries):
    employer = EmployerFactory()
    for number in range(40):
        worker_with_record(
            employer=employer, first=f"{2000 + number % 20}-01", last="2024-12", wage_sen=250_000
        )
    with django_assert_num_queries(1):
        verdicts = workers_verdicts(employer=employer, on=date(2025, 1, 15))
    assert len(verdicts) == 40
    assert {worker.verdict.kind for worker in verdicts} == {Kind.FULL}


def test_the_employer_api_lists_current_workers_with_only_the_last_four_of_their_id(api_as, officer):
    employer = EmployerFactory(employer_code="EMP000000009")
    worker_with_record(
        employer=employer, first="2005-01", last="2024-12", wage_sen=300_000, id_number="800510105431"
    )
    response = api_as(officer).post(EMPLOYER_API, {"employer_code": "emp000000009"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["employer_code"] == "EMP000000009"
    (worker,) = body["workers"]
    assert worker["id_number_last4"] == "5431"
    assert "800510105431" not in response.content.decode()
    assert AuditEvent.objects.get(action="eligibility.employer").result_count == 1


def test_an_unknown_employer_code_is_a_404_naming_the_field(api_as, officer):
    response = api_as(officer).post(EMPLOYER_API, {"employer_code": "ZZZZZZZZZZZZ"}, format="json")
    assert response.status_code == 404
    assert response.json()["errors"] == [{"field": "employer_code", "message": "No employer has this code."}]


def test_a_malformed_employer_code_is_a_400_naming_the_field(api_as, officer):
    response = api_as(officer).post(EMPLOYER_API, {"employer_code": "AB-1"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "employer_code"
