"""A person's verdict and the employer batch (every current worker's verdict from one query)."""

from datetime import date

import pytest
from django.utils import translation

from eligibility.claims import Claim
from eligibility.rules import Kind, Scheme
from eligibility.verdicts import CheckRefused, employer_check, person_verdict, workers_verdicts
from nforce.models import AuditEvent
from tests.factories import EmployerFactory, InsuredPersonFactory, worker_with_record

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


def test_the_employer_api_reads_a_code_written_with_dashes_and_spaces(api_as, officer):
    EmployerFactory(employer_code="EMP000000009")
    response = api_as(officer).post(EMPLOYER_API, {"employer_code": "emp-0000 0000-9"}, format="json")
    assert response.status_code == 200 and response.json()["employer_code"] == "EMP000000009"


def test_a_person_s_verdict_is_read_from_the_registry_and_audited(officer):
    worker_with_record(first="2005-01", last="2024-12", wage_sen=300_000, id_number="800510105431")
    claim = Claim(scheme=Scheme.INVALIDITY, on=date(2025, 1, 15), id_number="800510105431")
    found = person_verdict(claim=claim, today=date(2025, 2, 1), actor=officer, client_address=None)
    assert found.verdict.kind is Kind.FULL and found.facts.id_number == "800510105431"
    assert AuditEvent.objects.get(action="eligibility.invalidity").result_count == 1


def test_an_unknown_person_is_refused_on_the_id_number_and_audited(officer):
    claim = Claim(scheme=Scheme.INVALIDITY, on=date(2025, 1, 15), id_number="900101145555")
    with pytest.raises(CheckRefused) as refused:
        person_verdict(claim=claim, today=date(2025, 2, 1), actor=officer, client_address=None)
    assert (refused.value.field, refused.value.unknown) == ("id_number", True)
    assert AuditEvent.objects.get(action="eligibility.invalidity").result_count == 0


def test_a_death_before_the_birth_is_refused_on_the_death_date(officer):
    InsuredPersonFactory(id_number="950707145553", date_of_birth=date(1995, 7, 7))
    claim = Claim(scheme=Scheme.SURVIVORS, on=date(1990, 1, 1), id_number="950707145553")
    with pytest.raises(CheckRefused) as refused, translation.override("en"):
        person_verdict(claim=claim, today=date(2025, 2, 1), actor=officer, client_address=None)
    assert (refused.value.field, refused.value.unknown) == ("death_date", False)
    assert refused.value.message == "The date of death is before the date of birth."


def test_an_unknown_employer_is_refused_on_the_code_and_audited(officer):
    with pytest.raises(CheckRefused) as refused:
        employer_check(employer_code="ZZZZZZZZZZZZ", on=date(2025, 1, 15), actor=officer, client_address=None)
    assert (refused.value.field, refused.value.unknown) == ("employer_code", True)
    assert AuditEvent.objects.get(action="eligibility.employer").result_count == 0
