"""Reconciliation: premises whose business is now in the registry close as registered."""

from datetime import date

import pytest

from detection.models import Premises
from dispatch.reconcile import close_registered_premises
from nforce.models import AuditEvent
from tests.factories import KLANG, AssignmentFactory, EmployerFactory, PremisesFactory, near

pytestmark = pytest.mark.django_db


def test_a_premises_with_the_ssm_number_of_a_registered_employer_closes_as_registered(klang_inspector):
    employer = EmployerFactory(ssm_new="202301012345", location=near(KLANG, north_km=20))
    case = AssignmentFactory(inspector=klang_inspector, premises=PremisesFactory(ssm_new="202301012345"))
    summary = close_registered_premises()
    case.refresh_from_db()
    case.premises.refresh_from_db()
    assert (case.status, case.outcome, case.employer) == ("closed", "registered", employer)
    assert (case.premises.status, case.premises.registered_employer) == ("registered", employer)
    assert summary.as_dict() == {"premises_registered": 1, "assignments_closed": 1}


def test_the_old_ssm_format_matches_too(db):
    employer = EmployerFactory(ssm_new=None, ssm_old="1234567-A")
    premises = PremisesFactory(ssm_old="1234567-A")
    close_registered_premises()
    premises.refresh_from_db()
    assert premises.registered_employer == employer


def test_a_similar_name_registered_within_100_m_matches(db):
    employer = EmployerFactory(name="RESTORAN SELERA KAMPUNG SDN. BHD.", location=near(KLANG, north_km=0.05))
    premises = PremisesFactory(name="Restoran Selera Kampung", location=near(KLANG))
    close_registered_premises()
    premises.refresh_from_db()
    assert premises.registered_employer == employer and premises.registered_at is not None


def test_the_same_name_registered_a_kilometre_away_does_not_match(db):
    EmployerFactory(name="RESTORAN SELERA KAMPUNG SDN. BHD.", location=near(KLANG, north_km=1))
    premises = PremisesFactory(name="Restoran Selera Kampung", location=near(KLANG))
    assert close_registered_premises().premises_registered == 0
    premises.refresh_from_db()
    assert premises.status == Premises.Status.OPEN


def test_a_different_name_next_door_does_not_match(db):
    EmployerFactory(name="BENGKEL MOTOR AHMAD", location=near(KLANG, north_km=0.02))
    PremisesFactory(name="Restoran Selera Kampung", location=near(KLANG))
    assert close_registered_premises().premises_registered == 0


def test_an_employer_that_has_ceased_does_not_close_the_premises(db):
    EmployerFactory(ssm_new="202301012345", ceased_on=date(2024, 1, 1))
    PremisesFactory(ssm_new="202301012345")
    assert close_registered_premises().premises_registered == 0


def test_reconciliation_run_twice_changes_nothing_the_second_time(klang_inspector):
    EmployerFactory(ssm_new="202301012345")
    AssignmentFactory(inspector=klang_inspector, premises=PremisesFactory(ssm_new="202301012345"))
    close_registered_premises()
    assert close_registered_premises().as_dict() == {"premises_registered": 0, "assignments_closed": 0}


def test_reconciliation_is_audited(klang_inspector):
    EmployerFactory(ssm_new="202301012345")
    AssignmentFactory(inspector=klang_inspector, premises=PremisesFactory(ssm_new="202301012345"))
    close_registered_premises()
    assert sorted(AuditEvent.objects.values_list("action", flat=True)) == [
        "dispatch.premises_registered",
        "dispatch.reconciled",
    ]
