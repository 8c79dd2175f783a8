"""The dispatch run against the real database: area, capacity, balance, stability, leave, queue."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone

from detection.models import Premises
from dispatch.assign import QueueReason, assign_open_premises
from dispatch.models import Assignment
from nforce.models import AuditEvent
from tests.factories import (
    KLANG,
    AssignmentFactory,
    EmployerFactory,
    InspectorFactory,
    PremisesFactory,
    near,
)

pytestmark = pytest.mark.django_db


def open_cases(inspector) -> int:
    return inspector.assignments.live().count()


def test_a_premises_goes_to_the_inspector_serving_its_area(klang_inspector, today):
    premises = PremisesFactory(location=near(KLANG, north_km=1))
    summary = assign_open_premises(on=today)
    assignment = Assignment.objects.get(premises=premises)
    assert assignment.inspector == klang_inspector
    assert assignment.status == Assignment.Status.OPEN
    assert summary.created == 1 and summary.queued == ()


def test_the_reason_says_area_load_and_distance_in_words_and_numbers(klang_inspector, today):
    PremisesFactory(location=near(KLANG, north_km=2.3))
    assign_open_premises(on=today)
    assignment = Assignment.objects.get()
    assert assignment.reason == "inside area KLG-T; 1 of 20 open cases; 2.3 km from base"
    assert assignment.reason_data == {"area": "KLG-T", "open_cases": 1, "capacity": 20, "distance_km": 2.3}


@override_settings(DISPATCH_FOLLOW_UP_DAYS=7)
def test_the_follow_up_period_is_a_setting(klang_inspector, today):
    PremisesFactory()
    assign_open_premises(on=today)
    assert Assignment.objects.get().due_on == today + timedelta(days=7)


def test_a_premises_never_goes_to_an_inspector_of_another_area(klang, far_area, today):
    InspectorFactory(areas=[far_area], base_location=near(KLANG))  # based in Klang, serves Kuantan
    PremisesFactory(location=near(KLANG))
    summary = assign_open_premises(on=today)
    assert not Assignment.objects.exists()
    assert summary.queued_by_reason() == {"nobody_serves_area": 1}


def test_capacity_is_never_exceeded_and_the_rest_waits_with_the_reason(klang, today):
    first = InspectorFactory(areas=[klang], capacity=3)
    second = InspectorFactory(areas=[klang], capacity=2)
    premises = [PremisesFactory(location=near(KLANG, east_km=k / 10)) for k in range(8)]
    summary = assign_open_premises(on=today)
    assert open_cases(first) == 3 and open_cases(second) == 2
    waiting = {pk for pk, reason in summary.queued if reason == QueueReason.ALL_AT_CAPACITY}
    assert waiting == {p.pk for p in premises[5:]}  # the most recently detected wait


def test_when_room_runs_short_the_farther_premises_waits_unless_it_has_waited_longer(klang, today):
    InspectorFactory(areas=[klang], capacity=1, base_location=near(KLANG))
    now = timezone.now()
    far = PremisesFactory(location=near(KLANG, east_km=4), first_detected_at=now - timedelta(days=1))
    close = PremisesFactory(location=near(KLANG, east_km=1), first_detected_at=now)
    summary = assign_open_premises(on=today)
    assert Assignment.objects.get().premises == close  # a day older does not make up 3 km
    assert summary.queued == ((far.pk, QueueReason.ALL_AT_CAPACITY),)


def test_a_premises_that_has_waited_days_goes_before_a_newcomer_a_few_km_nearer(klang, today):
    InspectorFactory(areas=[klang], capacity=1, base_location=near(KLANG))
    now = timezone.now()
    waited = PremisesFactory(location=near(KLANG, east_km=4), first_detected_at=now - timedelta(days=5))
    PremisesFactory(location=near(KLANG, east_km=1), first_detected_at=now)
    assign_open_premises(on=today)
    assert Assignment.objects.get().premises == waited


def test_existing_cases_count_against_capacity(klang, today):
    busy = InspectorFactory(areas=[klang], capacity=2)
    AssignmentFactory.create_batch(2, inspector=busy)
    PremisesFactory()
    summary = assign_open_premises(on=today)
    assert open_cases(busy) == 2
    assert summary.queued_by_reason() == {"all_at_capacity": 1}


def test_load_is_balanced_between_inspectors_at_the_same_place(klang, today):
    one, two = InspectorFactory(areas=[klang]), InspectorFactory(areas=[klang])
    PremisesFactory.create_batch(10)
    assign_open_premises(on=today)
    assert open_cases(one) == open_cases(two) == 5


def test_each_premises_goes_to_the_nearer_inspector_when_both_have_room(klang, today):
    west = InspectorFactory(areas=[klang], base_location=near(KLANG, east_km=-4))
    east = InspectorFactory(areas=[klang], base_location=near(KLANG, east_km=4))
    shop_west = PremisesFactory(location=near(KLANG, east_km=-3))
    shop_east = PremisesFactory(location=near(KLANG, east_km=3))
    assign_open_premises(on=today)
    assert Assignment.objects.get(premises=shop_west).inspector == west
    assert Assignment.objects.get(premises=shop_east).inspector == east


def test_a_second_run_changes_nothing(klang_inspector, today):
    PremisesFactory.create_batch(3)
    assign_open_premises(on=today)
    before = list(Assignment.objects.values_list("id", "premises_id", "inspector_id", "assigned_at"))
    summary = assign_open_premises(on=today)
    assert summary.created == summary.moved == summary.closed == 0
    assert list(Assignment.objects.values_list("id", "premises_id", "inspector_id", "assigned_at")) == before


def test_existing_assignments_stay_when_a_nearer_inspector_joins(klang, today):
    far = InspectorFactory(areas=[klang], base_location=near(KLANG, north_km=4))
    premises = PremisesFactory(location=near(KLANG))
    assign_open_premises(on=today)
    InspectorFactory(areas=[klang], base_location=near(KLANG))
    assign_open_premises(on=today)
    assert Assignment.objects.get(premises=premises).inspector == far


def test_cases_of_an_inspector_on_leave_go_to_a_colleague_of_the_same_area(klang, today):
    leaving = InspectorFactory(areas=[klang])
    colleague = InspectorFactory(areas=[klang], base_location=near(KLANG, north_km=3))
    case = AssignmentFactory(inspector=leaving, premises=PremisesFactory())
    leaving.leave_from, leaving.leave_until = today, today + timedelta(days=10)
    leaving.save()
    summary = assign_open_premises(on=today)
    case.refresh_from_db()
    assert case.inspector == colleague and summary.moved == 1
    assert case.reason_data["previous"] == leaving.user.staff_number
    assert case.reason.startswith(
        f"reassigned from {leaving.user.staff_number} (on leave); inside area KLG-T"
    )


def test_leave_that_starts_tomorrow_moves_nothing_today(klang, today):
    leaving = InspectorFactory(areas=[klang])
    InspectorFactory(areas=[klang])
    case = AssignmentFactory(inspector=leaving, premises=PremisesFactory())
    leaving.leave_from = today + timedelta(days=1)
    leaving.save()
    assign_open_premises(on=today)
    case.refresh_from_db()
    assert case.inspector == leaving


def test_cases_of_an_inspector_made_inactive_are_moved(klang, today):
    gone = InspectorFactory(areas=[klang])
    colleague = InspectorFactory(areas=[klang])
    case = AssignmentFactory(inspector=gone, premises=PremisesFactory())
    gone.active = False
    gone.save()
    assign_open_premises(on=today)
    case.refresh_from_db()
    assert case.inspector == colleague and case.reason_data["why"] == "inactive"


def test_a_case_with_nobody_to_take_it_stays_with_the_inspector_on_leave_and_is_queued(klang, today):
    leaving = InspectorFactory(areas=[klang], leave_from=today)
    case = AssignmentFactory(inspector=leaving, premises=PremisesFactory())
    summary = assign_open_premises(on=today)
    case.refresh_from_db()
    assert case.inspector == leaving and case.status == Assignment.Status.OPEN
    assert summary.queued_by_reason() == {"nobody_serves_area": 1}


def test_an_inspector_who_left_the_area_keeps_within_capacity_when_the_case_cannot_move(
    klang, far_area, today
):
    # Serves only Kuantan now, still holds a Klang case nobody else can take: it stays, and it
    # still counts, so Kuantan work never pushes them above capacity.
    moved_on = InspectorFactory(areas=[far_area], capacity=2, base_location=near((103.3260, 3.8077)))
    AssignmentFactory(inspector=moved_on, premises=PremisesFactory())
    PremisesFactory.create_batch(3, location=near((103.3260, 3.8077)))
    assign_open_premises(on=today)
    assert open_cases(moved_on) == 2


def test_the_queue_names_premises_outside_every_area(klang_inspector, today):
    lost = PremisesFactory(location=near(KLANG, north_km=50))
    assert lost.area is None
    summary = assign_open_premises(on=today)
    assert summary.queued == ((lost.pk, QueueReason.NO_AREA),)


def test_assignments_of_premises_closed_elsewhere_are_closed(klang_inspector, today):
    employer = EmployerFactory()
    case = AssignmentFactory(inspector=klang_inspector)
    Premises.objects.filter(pk=case.premises_id).update(status="registered", registered_employer=employer)
    summary = assign_open_premises(on=today)
    case.refresh_from_db()
    assert summary.closed == 1
    assert (case.status, case.outcome, case.employer) == ("closed", "registered", employer)


def test_premises_no_longer_open_are_not_assigned(klang_inspector, today):
    PremisesFactory(status=Premises.Status.CEASED)
    assert assign_open_premises(on=today).created == 0


def test_every_assignment_made_or_moved_is_audited(klang, today):
    leaving = InspectorFactory(areas=[klang], leave_from=today)
    InspectorFactory(areas=[klang])
    AssignmentFactory(inspector=leaving, premises=PremisesFactory())
    PremisesFactory()
    assign_open_premises(on=today)
    actions = sorted(AuditEvent.objects.values_list("action", flat=True))
    assert actions == ["dispatch.assigned", "dispatch.reassigned"]


def test_the_database_refuses_a_second_open_assignment_for_one_premises(klang_inspector):
    case = AssignmentFactory(inspector=klang_inspector)
    with pytest.raises(IntegrityError), transaction.atomic():
        AssignmentFactory(inspector=klang_inspector, premises=case.premises)


def test_a_closed_assignment_does_not_block_a_new_one(klang_inspector):
    case = AssignmentFactory(inspector=klang_inspector, status="closed", outcome="refused")
    AssignmentFactory(inspector=klang_inspector, premises=case.premises)
    assert case.premises.assignments.count() == 2


def test_the_run_summary_is_json_safe(klang_inspector, today):
    PremisesFactory(location=near(KLANG, north_km=50))
    data = assign_open_premises(on=today).as_dict()
    assert data["queued"] == {"no_area": 1}
    assert data["on"] == today.isoformat()


def test_a_run_makes_a_fixed_number_of_queries_whatever_the_number_of_premises(
    klang, today, django_assert_max_num_queries
):
    InspectorFactory.create_batch(3, areas=[klang])
    PremisesFactory.create_batch(30)
    with django_assert_max_num_queries(20):
        assign_open_premises(on=today)
    assert Assignment.objects.count() == 30
