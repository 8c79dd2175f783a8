"""A small enforcement world with known counts, the same for every dashboard test.

Current period: Monday 2025-03-10 to Sunday 2025-03-16; previous: 2025-03-03 to 2025-03-09.
Office KLG holds areas KLG-1 and KLG-2; office SAB holds area SAB-1 (out of KLG's scope).
"""

from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

from django.contrib.gis.geos import Point

from dashboard.kpis import Kpis
from dashboard.periods import Period
from detection.models import Detection
from dispatch.models import Assignment
from tests.factories import (
    AreaFactory,
    AssignmentFactory,
    DetectionFactory,
    EmployerFactory,
    EmploymentFactory,
    InspectorFactory,
    OfficeFactory,
    PremisesFactory,
    UserFactory,
    at,
    box,
)

CURRENT = Period(start=date(2025, 3, 10), end=date(2025, 3, 16))
PREVIOUS = Period(start=date(2025, 3, 3), end=date(2025, 3, 9))
D = date  # short for the many dates below

# What a KLG supervisor must see (areas KLG-1 and KLG-2).
KLG_CURRENT = Kpis(
    checks=7,  # d1-d5 and d8 in KLG-1 (d8 at 23:30 on the last day), d6 in KLG-2; d9 is after the period
    premises_visited=4,  # P1 on the 10th, P1 on the 11th, employer E1 on the 12th, P2 on the 13th
    unregistered_found=2,  # P1, P2
    assignments_open=2,  # X1, X4 at the end of the 16th
    assignments_overdue=1,  # X1 (due the 13th)
    registrations_won=2,  # P0 (22 days), P3 (10 days)
    workers_covered=3,  # 2 at E2 (won with P0), 1 at E3 (won with P3)
    median_days_to_registration=16.0,
    non_compliant_percent=75.0,  # of the 4 places inspected, E1 on the 12th was not non-compliant
)
KLG_PREVIOUS = Kpis(
    checks=2,
    premises_visited=1,  # P4 on the 5th (checked twice)
    unregistered_found=2,  # P4, P5
    assignments_open=2,  # X2, X3 at the end of the 9th
    assignments_overdue=1,  # X3 (due the 1st)
    registrations_won=1,  # P5 (3 days)
    workers_covered=0,
    median_days_to_registration=3.0,
    non_compliant_percent=100.0,  # P4 on the 5th, unregistered
)
# SAB-1 adds, in the current period, one check, one visit, one premises found and one registration.
SAB_CURRENT = Kpis(
    checks=1,
    premises_visited=1,
    unregistered_found=1,
    registrations_won=1,
    workers_covered=1,
    median_days_to_registration=1.0,
    non_compliant_percent=100.0,
)


@dataclass
class World:
    klg: object
    sab: object
    klg1: object
    klg2: object
    sab1: object
    amin: object
    siti: object
    ravi: object
    supervisor: object
    sab_supervisor: object
    admin: object
    facts: SimpleNamespace


# Every fact of the world stands on one spot (its areas are given explicitly).
SPOT = (101.42, 3.02)


def premises(**fields):
    return PremisesFactory(location=Point(*SPOT, srid=4326), **fields)


def detection(**fields):
    return DetectionFactory(location=Point(*SPOT, srid=4326), **fields)


def build_world() -> World:
    klg = OfficeFactory(code="KLG", name="Klang", state="Selangor")
    sab = OfficeFactory(code="SAB", name="Kota Kinabalu", state="Sabah")
    klg1 = AreaFactory(
        code="KLG-1",
        name="Klang Utara",
        office=klg,
        state="Selangor",
        boundary=box(101.40, 3.00, 101.45, 3.05),
    )
    klg2 = AreaFactory(
        code="KLG-2",
        name="Klang Selatan",
        office=klg,
        state="Selangor",
        boundary=box(101.5, 3.0, 101.55, 3.05),
    )
    sab1 = AreaFactory(
        code="SAB-1", name="Likas", office=sab, state="Sabah", boundary=box(116.0, 6.0, 116.05, 6.05)
    )
    amin = UserFactory(staff_number="KLG0001", full_name="Amin bin Ali", home_office=klg, roles=["officer"])
    siti = UserFactory(
        staff_number="KLG0002", full_name="Siti binti Omar", home_office=klg, roles=["officer"]
    )
    ravi = UserFactory(
        staff_number="KLG0003", full_name="Ravi a/l Muthu", home_office=klg, roles=["inspector"]
    )
    world = World(
        klg=klg,
        sab=sab,
        klg1=klg1,
        klg2=klg2,
        sab1=sab1,
        amin=amin,
        siti=siti,
        ravi=ravi,
        supervisor=UserFactory(
            staff_number="KLG0009", full_name="Tan Mei Ling", home_office=klg, roles=["supervisor"]
        ),
        sab_supervisor=UserFactory(staff_number="SAB0009", home_office=sab, roles=["supervisor"]),
        admin=UserFactory(staff_number="ADMIN01", is_superuser=True, is_staff=True, home_office=None),
        facts=SimpleNamespace(),
    )
    _premises(world)
    _detections(world)
    _registrations(world)
    _assignments(world)
    _sabah(world)
    return world


def _premises(w: World) -> None:
    f = w.facts
    f.p1 = premises(
        name="Kedai Runcit Ah Seng", area=w.klg1, created_by=w.amin, first_detected_at=at(D(2025, 3, 10), 9)
    )
    f.p2 = premises(
        name="Bengkel Motor Jaya", area=w.klg2, created_by=w.siti, first_detected_at=at(D(2025, 3, 13))
    )
    f.p4 = premises(
        name='=HYPERLINK("x")', area=w.klg1, created_by=w.amin, first_detected_at=at(D(2025, 3, 5))
    )
    f.e1 = EmployerFactory(name="Restoran Sri Melati")


def _detections(w: World) -> None:
    f = w.facts
    detection(officer=w.amin, area=w.klg1, premises=f.p1, observed_at=at(D(2025, 3, 10), 9))
    detection(officer=w.siti, area=w.klg1, premises=f.p1, observed_at=at(D(2025, 3, 10), 11))
    detection(officer=w.amin, area=w.klg1, premises=f.p1, observed_at=at(D(2025, 3, 11), 9))
    detection(
        officer=w.amin,
        area=w.klg1,
        employer=f.e1,
        subject=Detection.Subject.EMPLOYER,
        outcome=Detection.Outcome.COMPLIANT,
        observed_at=at(D(2025, 3, 12)),
    )
    detection(  # a worker's MyKad alone: a check, not a visit
        officer=w.amin,
        area=w.klg1,
        subject=Detection.Subject.PERSON,
        outcome=Detection.Outcome.NOT_FOUND,
        observed_at=at(D(2025, 3, 12), 11),
    )
    detection(officer=w.siti, area=w.klg2, premises=f.p2, observed_at=at(D(2025, 3, 13)))
    detection(officer=w.amin, area=w.klg1, premises=f.p4, observed_at=at(D(2025, 3, 5), 9))
    detection(officer=w.amin, area=w.klg1, premises=f.p4, observed_at=at(D(2025, 3, 5), 15))
    # Local-day edges: 23:30 on the period's last day is inside, 00:10 the next day is not.
    detection(
        officer=w.siti, area=w.klg1, subject=Detection.Subject.PERSON, observed_at=at(D(2025, 3, 16), 23, 30)
    )
    detection(
        officer=w.siti, area=w.klg1, subject=Detection.Subject.PERSON, observed_at=at(D(2025, 3, 17), 0, 10)
    )


def _registrations(w: World) -> None:
    f = w.facts
    f.e2, f.e3, f.e5 = EmployerFactory(name="Kilang Papan Maju"), EmployerFactory(), EmployerFactory()
    f.p0 = premises(
        name="Kilang Papan Maju", area=w.klg1, created_by=w.amin, first_detected_at=at(D(2025, 2, 20))
    )
    f.p3 = premises(
        name="Kedai Jahit Aminah", area=w.klg1, created_by=w.siti, first_detected_at=at(D(2025, 3, 1))
    )
    f.p5 = premises(
        name="Gerai Nasi Lemak", area=w.klg2, created_by=w.amin, first_detected_at=at(D(2025, 3, 3))
    )
    EmploymentFactory(employer=f.e2, started_on=D(2023, 1, 1))
    EmploymentFactory(employer=f.e2, started_on=D(2025, 3, 14))  # started on the day won: counted
    EmploymentFactory(employer=f.e2, started_on=D(2025, 3, 20))  # started after: not counted
    EmploymentFactory(employer=f.e2, started_on=D(2024, 1, 1), ended_on=D(2025, 3, 1))  # ended before
    EmploymentFactory(employer=f.e3, started_on=D(2024, 5, 1))
    _register(f.p0, f.e2, at(D(2025, 3, 14), 16))
    _register(f.p3, f.e3, at(D(2025, 3, 11)))
    _register(f.p5, f.e5, at(D(2025, 3, 6)))


def _register(premises, employer, moment) -> None:
    premises.status, premises.registered_employer, premises.registered_at = "registered", employer, moment
    premises.save()


def _assignments(w: World) -> None:
    f = w.facts
    f.inspector = InspectorFactory(user=w.ravi)
    f.x1 = AssignmentFactory(
        premises=f.p1, inspector=f.inspector, assigned_at=at(D(2025, 3, 10), 12), due_on=D(2025, 3, 13)
    )
    f.x2 = AssignmentFactory(
        premises=f.p4, inspector=f.inspector, assigned_at=at(D(2025, 3, 5), 16), due_on=D(2025, 3, 20)
    )
    f.x3 = AssignmentFactory(
        premises=f.p0, inspector=f.inspector, assigned_at=at(D(2025, 2, 25)), due_on=D(2025, 3, 1)
    )
    f.x4 = AssignmentFactory(
        premises=f.p2, inspector=f.inspector, assigned_at=at(D(2025, 3, 15)), due_on=D(2025, 3, 30)
    )
    _close(f.x2, Assignment.Outcome.CEASED, at(D(2025, 3, 12)))
    _close(f.x3, Assignment.Outcome.REGISTERED, at(D(2025, 3, 14), 15), employer=f.e2)


def _close(assignment, outcome, moment, employer=None) -> None:
    assignment.status, assignment.outcome, assignment.closed_at = "closed", outcome, moment
    assignment.visited_at, assignment.employer = moment, employer
    assignment.save()


def _sabah(w: World) -> None:
    f = w.facts
    officer = UserFactory(
        staff_number="SAB0001", full_name="Joanna Lim", home_office=w.sab, roles=["officer"]
    )
    f.s1 = premises(
        name="Kedai Kopi Likas", area=w.sab1, created_by=officer, first_detected_at=at(D(2025, 3, 11))
    )
    detection(officer=officer, area=w.sab1, premises=f.s1, observed_at=at(D(2025, 3, 11)))
    employer = EmployerFactory()
    EmploymentFactory(employer=employer, started_on=D(2020, 1, 1))
    _register(f.s1, employer, at(D(2025, 3, 12)))
