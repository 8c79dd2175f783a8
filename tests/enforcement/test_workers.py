"""The workers found unregistered on site, matched with the registry one by one: the case waits
for them, and the report counts the workers the registry received, not the headcount seen."""

from datetime import timedelta

from django.utils import timezone

from enforcement.findings import record_findings
from enforcement.reconcile import reconcile_cases
from enforcement.reports import Scope, report
from nforce.audit import identifier_hash
from tests.factories import (
    DetectionFactory,
    DetectionWorkerFactory,
    EmployerFactory,
    EmploymentFactory,
    InsuredPersonFactory,
)

SSM = "202401234567"


def _case_with_workers_found(*persons):
    """A shop found unregistered with these people working in it (their numbers typed on site)."""
    detection = DetectionFactory(workers_seen=len(persons))
    for person in persons:
        DetectionWorkerFactory(
            detection=detection,
            id_hash=identifier_hash(person.id_number),
            foreign=person.nationality != "MY",
            registered=False,
        )
    case = record_findings(detection_id=detection.pk)
    case.premises.ssm_new = SSM
    case.premises.save()
    return case


def _the_business_registers(case):
    return EmployerFactory(
        ssm_new=SSM,
        business_registration_no=SSM,
        registered_on=timezone.localdate(),
        location=case.premises.location,
    )


def _registers_worker(employer, person, *, on=None):
    EmploymentFactory(employer=employer, person=person, started_on=on or timezone.localdate())


def test_a_case_waits_for_every_worker_found_and_closes_when_the_last_is_registered(klang):
    ali, siti = InsuredPersonFactory(), InsuredPersonFactory()
    case = _case_with_workers_found(ali, siti)
    employer = _the_business_registers(case)
    _registers_worker(employer, ali)
    assert reconcile_cases().as_dict() == {"registered": 1, "workers_registered": 1, "closed": 0}
    case.refresh_from_db()
    assert case.state == "open" and case.registered_at is not None
    assert case.findings.get(section="act4_s5").resolved_at is None

    _registers_worker(employer, siti)
    assert reconcile_cases().as_dict() == {"registered": 0, "workers_registered": 1, "closed": 1}
    case.refresh_from_db()
    assert case.state == "closed"
    assert case.worker_registrations.count() == 2


def test_a_worker_registered_under_another_employer_is_still_awaited(klang):
    ali = InsuredPersonFactory()
    case = _case_with_workers_found(ali)
    _the_business_registers(case)
    _registers_worker(EmployerFactory(), ali)
    assert reconcile_cases().as_dict() == {"registered": 1, "workers_registered": 0, "closed": 0}


def test_reconciling_again_registers_no_worker_twice(klang):
    ali = InsuredPersonFactory()
    case = _case_with_workers_found(ali)
    _registers_worker(_the_business_registers(case), ali)
    reconcile_cases()
    assert reconcile_cases().as_dict() == {"registered": 0, "workers_registered": 0, "closed": 0}
    assert case.worker_registrations.count() == 1


def test_the_report_counts_the_workers_the_registry_received_since_the_case_opened(klang):
    ali = InsuredPersonFactory()
    foreign = InsuredPersonFactory(id_number="A12345678", nationality="ID")
    case = _case_with_workers_found(ali, foreign)
    employer = _the_business_registers(case)
    _registers_worker(employer, ali)
    _registers_worker(employer, foreign)
    _registers_worker(employer, InsuredPersonFactory())  # not seen on site, registered too: counts
    _registers_worker(
        employer, InsuredPersonFactory(), on=timezone.localdate() - timedelta(days=400)
    )  # before
    reconcile_cases()
    today = timezone.localdate()
    figures = report(Scope(start=today - timedelta(days=6), end=today))
    assert figures["employers_registered"] == 1
    assert figures["employees_registered"] == {"local": 2, "foreign": 1}
