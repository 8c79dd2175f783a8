"""Reconciliation: the registry's business closes the registration part, then the case."""

from datetime import date, timedelta

from django.utils import timezone

from enforcement.cases import act
from enforcement.reconcile import reconcile_cases
from tests.factories import EmployerFactory, at


def _register_business(case, *, on):
    return EmployerFactory(
        ssm_new="202401234567",
        business_registration_no="202401234567",
        registered_on=on,
        location=case.premises.location,
    )


def test_a_registered_business_closes_an_open_case_and_keeps_the_days(case):
    case.opened_at = timezone.now() - timedelta(days=20)
    case.save()
    case.premises.ssm_new = "202401234567"
    case.premises.save()
    opened = timezone.localdate(case.opened_at)
    employer = _register_business(case, on=opened + timedelta(days=9))
    summary = reconcile_cases()
    case.refresh_from_db()
    assert summary.as_dict() == {"registered": 1, "workers_registered": 0, "closed": 1}
    assert case.state == "closed" and case.employer == employer and case.days_to_registration == 9
    assert set(case.findings.values_list("resolved_at", flat=True)) != {None}


def test_an_outstanding_compound_keeps_the_case_open_until_paid(case, case_inspector):
    day = timezone.localdate()
    act(case, "notice", case_inspector, at(day), None)
    act(case, "compound", case_inspector, at(day), None)
    case.premises.ssm_new = "202401234567"
    case.premises.save()
    _register_business(case, on=day)
    assert reconcile_cases().as_dict() == {"registered": 1, "workers_registered": 0, "closed": 0}
    case.refresh_from_db()
    assert case.state == "compounded" and case.registered_at is not None
    act(case, "record_payment", case_inspector, at(day), None, receipt_number="R-9")
    assert reconcile_cases().as_dict() == {"registered": 0, "workers_registered": 0, "closed": 1}


def test_a_name_alike_registered_near_is_the_same_business(case):
    EmployerFactory(
        name=case.premises.name.upper(),
        trading_name=case.premises.name,
        location=case.premises.location,
        registered_on=date.today(),
    )
    assert reconcile_cases().registered == 1


def test_reconciling_twice_changes_nothing_more(case):
    case.premises.ssm_new = "202401234567"
    case.premises.save()
    _register_business(case, on=timezone.localdate())
    reconcile_cases()
    assert reconcile_cases().as_dict() == {"registered": 0, "workers_registered": 0, "closed": 0}


def test_the_command_and_the_beat_task_run_the_same_reconciliation(case):
    from io import StringIO

    from django.conf import settings
    from django.core.management import call_command

    from enforcement.tasks import reconcile_cases_task

    case.premises.ssm_new = "202401234567"
    case.premises.save()
    _register_business(case, on=timezone.localdate())
    out = StringIO()
    call_command("reconcile_cases", stdout=out)
    assert "Cases registered: 1; workers registered: 0; closed: 1." in out.getvalue()
    assert reconcile_cases_task() == {"registered": 0, "workers_registered": 0, "closed": 0}
    beat = settings.CELERY_BEAT_SCHEDULE["enforcement-reconcile-cases"]
    assert beat["task"] == "enforcement.tasks.reconcile_cases_task"
