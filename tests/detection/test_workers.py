"""Workers found on site: checked against the registry at once, never stored in clear."""

from datetime import date

import pytest
from django.db import connection

from detection.capture import CaptureRefused, record_detection
from detection.models import Detection, DetectionWorker
from detection.workers import WorkerSent, masked
from nforce.audit import identifier_hash
from nforce.models import AuditEvent
from tests.factories import EmployerFactory, EmploymentFactory, InsuredPersonFactory

URL = "/api/v1/detections"


@pytest.fixture
def shop(db):
    return EmployerFactory(employer_code="A10000000001")


@pytest.fixture
def staff_of_shop(shop):
    person = InsuredPersonFactory()
    EmploymentFactory(person=person, employer=shop, started_on=date(2020, 1, 1))
    return person


@pytest.fixture
def elsewhere(db):
    person = InsuredPersonFactory()
    EmploymentFactory(person=person, employer=EmployerFactory(), started_on=date(2020, 1, 1))
    return person


UNKNOWN_MYKAD = "900101-10-1235"  # a valid MyKad nobody in the registry has


def test_each_worker_is_registered_only_under_this_employer(
    officer, submission, shop, staff_of_shop, elsewhere
):
    sent = submission(
        outcome="compliant",
        employer_code=shop.employer_code,
        premises_name="",
        workers=(
            WorkerSent(staff_of_shop.id_number),
            WorkerSent(elsewhere.id_number, name="Ali"),
            WorkerSent(UNKNOWN_MYKAD),
        ),
    )
    detection = record_detection(officer=officer, submission=sent).detection
    rows = {worker.id_hash: worker for worker in detection.workers.all()}
    assert rows[identifier_hash(staff_of_shop.id_number)].registered is True
    assert rows[identifier_hash(elsewhere.id_number)].registered is False  # registered, not here
    assert rows[identifier_hash(elsewhere.id_number)].name == "Ali"
    unknown = rows[identifier_hash("900101101235")]
    assert (unknown.registered, unknown.person, unknown.masked) == (False, None, "******-**-1235")


def test_an_explicit_outcome_wins_but_the_unregistered_workers_are_kept(officer, submission, shop):
    sent = submission(
        outcome="compliant",
        employer_code=shop.employer_code,
        premises_name="",
        workers=(WorkerSent(UNKNOWN_MYKAD),),
    )
    detection = record_detection(officer=officer, submission=sent).detection
    assert detection.outcome == Detection.Outcome.COMPLIANT
    assert detection.workers.filter(registered=False).count() == 1


def test_workers_at_an_unregistered_shop_are_never_registered_under_it(officer, submission, staff_of_shop):
    sent = submission(workers=(WorkerSent(staff_of_shop.id_number),))
    detection = record_detection(officer=officer, submission=sent).detection
    [worker] = detection.workers.all()
    assert worker.registered is False and worker.person == staff_of_shop


def test_each_worker_checked_is_an_audited_person_lookup_by_hash(officer, submission, staff_of_shop):
    record_detection(officer=officer, submission=submission(workers=(WorkerSent(staff_of_shop.id_number),)))
    event = AuditEvent.objects.get(action="detection.worker")
    assert event.subject_hash == identifier_hash(staff_of_shop.id_number)
    assert event.result_count == 1 and event.actor == officer


def test_an_invalid_id_is_refused_naming_the_worker(officer, submission):
    sent = submission(workers=(WorkerSent(UNKNOWN_MYKAD), WorkerSent("900101-10-12")))
    with pytest.raises(CaptureRefused) as refused:
        record_detection(officer=officer, submission=sent)
    assert list(refused.value.errors) == ["workers[1].id_number"]


def test_the_api_answers_an_invalid_worker_id_with_a_problem_naming_it(api_as, officer, body):
    response = api_as(officer).post(URL, body(workers=[{"id_number": "800599-14-5671"}]), format="json")
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["workers[0].id_number"]


def test_the_api_takes_workers_in_a_multipart_body_as_json_text(api_as, officer, body):
    sent = body(workers=f'[{{"id_number": "{UNKNOWN_MYKAD}", "name": "Siti"}}]')
    response = api_as(officer).post(URL, sent, format="multipart")
    assert response.status_code == 201, response.json()
    assert response.json()["workers"] == [
        {"masked": "******-**-1235", "name": "Siti", "foreign": False, "registered": False}
    ]


def test_a_passport_worker_is_foreign_and_masked_to_four(officer, submission):
    detection = record_detection(
        officer=officer, submission=submission(workers=(WorkerSent("a1234567"),))
    ).detection
    [worker] = detection.workers.all()
    assert worker.foreign is True
    assert worker.masked == masked("A1234567") == "****4567"


def test_the_clear_id_is_in_no_column_but_the_registrys_own(api_as, officer, body, staff_of_shop):
    number = staff_of_shop.id_number
    typed = f"{number[:6]}-{number[6:8]}-{number[8:]}"
    response = api_as(officer).post(
        URL, body(workers=[{"id_number": typed, "name": "Ah Kow"}]), format="json"
    )
    assert response.status_code == 201
    assert DetectionWorker.objects.count() == 1
    assert _columns_holding(number) == ["registry_insuredperson.id_number"]
    assert _columns_holding(typed) == []


def _columns_holding(text: str) -> list[str]:
    """Every text-like column of every table of the database that holds `text` anywhere."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND data_type IN ('character varying', 'text', 'json', 'jsonb', 'ARRAY') "
            "AND table_name IN (SELECT tablename FROM pg_tables WHERE schemaname = 'public')"
        )
        columns = cursor.fetchall()
        holding = []
        for table, column in columns:
            quote = connection.ops.quote_name  # names from the catalogue, not from input
            query = f"SELECT 1 FROM {quote(table)} WHERE {quote(column)}::text LIKE %s LIMIT 1"  # noqa: S608
            cursor.execute(query, [f"%{text}%"])
            if cursor.fetchone():
                holding.append(f"{table}.{column}")
    return sorted(holding)
