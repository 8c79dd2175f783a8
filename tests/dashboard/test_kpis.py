from datetime import date

import pytest
from django.http import Http404

from dashboard.filters import scoped_filters
from dashboard.kpis import Kpis, compare, median_of
from dashboard.periods import Period
from dashboard.records import checks_unconfirmed
from dashboard.rollups import refresh_rollups
from detection.models import Detection
from tests.factories import DetectionFactory, UserFactory, at

from .world import CURRENT, KLG_CURRENT, KLG_PREVIOUS, PREVIOUS, SAB_CURRENT

TODAY = date(2025, 3, 20)


def test_a_supervisor_sees_every_kpi_of_their_office_for_the_period(world):
    filters = scoped_filters(user=world.supervisor, period=CURRENT)
    assert compare(filters=filters, today=TODAY).current == KLG_CURRENT


def test_the_previous_period_has_the_same_length_and_ends_the_day_before(world):
    comparison = compare(filters=scoped_filters(user=world.supervisor, period=CURRENT), today=TODAY)
    assert comparison.previous_period == PREVIOUS
    assert comparison.previous == KLG_PREVIOUS


def test_a_supervisor_of_another_office_sees_only_their_own_areas(world):
    filters = scoped_filters(user=world.sab_supervisor, period=CURRENT)
    assert compare(filters=filters, today=TODAY).current == SAB_CURRENT


def test_an_admin_sees_every_area(world):
    current = compare(filters=scoped_filters(user=world.admin, period=CURRENT), today=TODAY).current
    assert (current.checks, current.registrations_won, current.workers_covered) == (8, 3, 4)
    assert current.median_days_to_registration == 10.0  # of 1, 10 and 22 days


def test_filtering_on_one_area_counts_only_that_area(world):
    filters = scoped_filters(user=world.supervisor, period=CURRENT, area="KLG-2")
    current = compare(filters=filters, today=TODAY).current
    assert current == Kpis(
        checks=1, premises_visited=1, unregistered_found=1, assignments_open=1, non_compliant_percent=100.0
    )


def test_filtering_on_one_officer_counts_what_is_credited_to_them(world):
    filters = scoped_filters(user=world.supervisor, period=CURRENT, officer="KLG0003")
    current = compare(filters=filters, today=TODAY).current
    # Ravi recorded the registration of P0 (22 days, 2 workers) and holds X1 and X4.
    assert current == Kpis(
        assignments_open=2,
        assignments_overdue=1,
        registrations_won=1,
        workers_covered=2,
        median_days_to_registration=22.0,
    )


def test_an_officer_of_another_office_is_not_found_for_a_supervisor(world):
    with pytest.raises(Http404):
        scoped_filters(user=world.supervisor, period=CURRENT, officer=world.sab_supervisor.staff_number)
    admin = scoped_filters(user=world.admin, period=CURRENT, officer=world.sab_supervisor.staff_number)
    assert admin.officer == world.sab_supervisor


def test_an_area_of_another_office_is_not_found_for_a_supervisor(world):
    with pytest.raises(Http404):
        scoped_filters(user=world.supervisor, period=CURRENT, area="SAB-1")


def test_an_unknown_area_is_not_found_even_for_an_admin(world):
    with pytest.raises(Http404):
        scoped_filters(user=world.admin, period=CURRENT, area="NOPE")


def test_open_assignments_of_a_period_not_yet_over_are_those_open_now(world):
    ongoing = CURRENT.__class__(start=date(2025, 3, 10), end=date(2025, 3, 31))
    current = compare(
        filters=scoped_filters(user=world.supervisor, period=ongoing), today=date(2025, 3, 14)
    ).current
    # At the end of the 14th: X1 (overdue since the 14th), X3 (closed at 15:00 on the 14th: no), X4 not yet.
    assert (current.assignments_open, current.assignments_overdue) == (1, 1)


def test_the_summary_reads_the_rollups_in_four_queries(world, django_assert_num_queries):
    filters = scoped_filters(user=world.supervisor, period=CURRENT)
    with django_assert_num_queries(4):
        compare(filters=filters, today=TODAY)


@pytest.mark.parametrize(
    ("histogram", "median"),
    [
        ([], None),
        ([(5, 0)], None),
        ([(7, 1)], 7.0),
        ([(10, 1), (22, 1)], 16.0),
        ([(1, 1), (10, 1), (22, 1)], 10.0),
        ([(3, 2), (1, 1)], 3.0),
        ([(0, 2), (9, 2)], 4.5),
    ],
)
def test_median_of_a_histogram_is_the_middle_value_or_the_mean_of_the_two(histogram, median):
    assert median_of(histogram) == median


def test_checks_left_without_an_outcome_count_as_checks_and_as_unconfirmed(db):
    admin = UserFactory(is_staff=True, is_superuser=True)
    day = date(2025, 3, 12)
    DetectionFactory(observed_at=at(day), outcome=Detection.Outcome.CHECKED, subject="employer")
    DetectionFactory(observed_at=at(day, hour=11))
    period = Period(start=day, end=day)
    refresh_rollups(period=period)
    filters = scoped_filters(user=admin, period=period)
    current = compare(filters=filters, today=TODAY).current
    assert (current.checks, current.checks_unconfirmed, current.premises_visited) == (2, 1, 1)
    assert checks_unconfirmed(filters=filters).count() == 1
