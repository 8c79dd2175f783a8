"""A person's verdict and the employer batch (every current worker's verdict from one query)."""

from datetime import date

import pytest
import redis
from django.conf import settings
from django.test import override_settings
from django.utils import translation

from eligibility.claims import Claim
from eligibility.rules import Kind, Scheme
from eligibility.verdicts import (
    WORKERS_PER_PAGE,
    CheckRefused,
    employer_check,
    person_verdict,
    workers_verdicts,
)
from nforce.audit import events_about, identifier_hash
from nforce.models import AuditEvent
from nforce.quotas import QuotaExceeded
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


# --- an employer's workers: each one shown is a person lookup ------------------------------------


@pytest.fixture
def fresh_quotas():
    redis.Redis.from_url(settings.REDIS_URL).flushdb()


def employer_with_workers(count: int, code: str = "EMP000000042"):
    employer = EmployerFactory(employer_code=code)
    workers = [
        worker_with_record(employer=employer, first="2015-01", last="2024-12", wage_sen=250_000)
        for _ in range(count)
    ]
    return employer, workers


def check(officer, page: int = 1):
    return employer_check(
        employer_code="EMP000000042", on=date(2025, 1, 15), actor=officer, client_address=None, page=page
    )


def test_each_worker_shown_is_audited_as_a_lookup_of_that_person(officer, fresh_quotas):
    _employer, workers = employer_with_workers(3)
    check(officer)
    shown = AuditEvent.objects.filter(action="eligibility.worker", actor=officer)
    assert sorted(event.subject_hash for event in shown) == sorted(
        identifier_hash(w.id_number) for w in workers
    )
    for worker in workers:  # an auditor asking about one of them finds this check
        assert events_about(worker.id_number, among=AuditEvent.objects.all()).count() == 1


@override_settings(LOOKUP_QUOTAS={"employer": 100, "person": 2})
def test_each_worker_shown_counts_against_the_person_quota(officer, fresh_quotas):
    employer_with_workers(3)
    with pytest.raises(QuotaExceeded) as refused:
        check(officer)
    assert refused.value.kind == "person"
    assert not AuditEvent.objects.filter(action="eligibility.worker").exists()  # nothing was shown


@override_settings(LOOKUP_QUOTAS={"employer": 100, "person": 25})
def test_a_big_employer_s_workers_come_a_page_at_a_time_each_page_counted(officer, fresh_quotas):
    employer_with_workers(WORKERS_PER_PAGE + 5)
    first, second = check(officer, page=1), check(officer, page=2)
    assert [len(first.workers), len(second.workers)] == [WORKERS_PER_PAGE, 5]
    assert (first.total, first.pages, second.page) == (WORKERS_PER_PAGE + 5, 2, 2)
    assert {w.facts.person_id for w in first.workers}.isdisjoint(w.facts.person_id for w in second.workers)
    with pytest.raises(QuotaExceeded):  # 25 people seen: a third look at page 1 is past the quota
        check(officer, page=1)


def test_a_page_past_the_last_is_refused_on_the_page(officer, fresh_quotas):
    employer_with_workers(2)
    with pytest.raises(CheckRefused) as refused:
        check(officer, page=2)
    assert refused.value.field == "page"
    assert not AuditEvent.objects.filter(action="eligibility.worker").exists()


def test_the_employer_api_pages_the_workers(api_as, officer, fresh_quotas):
    employer_with_workers(WORKERS_PER_PAGE + 1)
    response = api_as(officer).post(EMPLOYER_API, {"employer_code": "EMP000000042", "page": 2}, format="json")
    body = response.json()
    assert (len(body["workers"]), body["page"], body["pages"], body["workers_total"]) == (
        1,
        2,
        2,
        WORKERS_PER_PAGE + 1,
    )
