from datetime import date, timedelta
from io import StringIO
from itertools import pairwise

from django.core.management import call_command
from django.db.models import Sum

from dashboard.filters import scoped_filters
from dashboard.freshness import Touch, refresh_touched, touched
from dashboard.kpis import compare
from dashboard.models import (
    ActivityRollup,
    AreaDayRollup,
    BacklogRollup,
    EnforcementRollup,
    RegistrationDelayRollup,
)
from dashboard.periods import Period
from dashboard.rollups import chunks, fact_span, ranges_of, rebuild_rollups
from dashboard.tasks import refresh_rollups_task
from tests.factories import DetectionFactory, at

from .world import CURRENT, KLG_CURRENT

TODAY = date(2025, 3, 20)
ROLLUPS = (ActivityRollup, BacklogRollup, RegistrationDelayRollup, AreaDayRollup, EnforcementRollup)


def _snapshot() -> dict[str, set]:
    """Every rollup row, without its id, so that two builds can be compared."""
    return {
        model.__name__: {tuple(row) for row in model.objects.values_list(*_columns(model))}
        for model in ROLLUPS
    }


def _columns(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.name != "id"]


def test_the_rebuild_gives_the_same_rows_as_the_live_rollups(world):
    live = _snapshot()
    assert sum(len(rows) for rows in live.values()) > 20
    for model in ROLLUPS:
        model.objects.all().delete()
    rebuild_rollups()
    assert _snapshot() == live


def test_the_rebuild_repairs_a_day_the_signals_missed(world):
    AreaDayRollup.objects.filter(day=date(2025, 3, 12)).update(checks=99)
    AreaDayRollup.objects.filter(day=date(2025, 3, 14)).delete()
    rebuild_rollups(period=Period(start=date(2025, 3, 1), end=date(2025, 3, 31)))
    assert (
        compare(filters=scoped_filters(user=world.supervisor, period=CURRENT), today=TODAY).current
        == KLG_CURRENT
    )


def test_the_rebuild_command_reports_its_progress_by_month(world):
    out = StringIO()
    call_command("rebuild_rollups", "--from", "2025-02-01", "--to", "2025-03-31", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("2025-02-01 .. 2025-03-03")
    assert "100%" in lines[-2]
    assert (
        compare(filters=scoped_filters(user=world.supervisor, period=CURRENT), today=TODAY).current
        == KLG_CURRENT
    )


def test_the_fact_span_runs_from_the_first_fact_to_the_last_day_an_assignment_can_go_overdue(world):
    # First fact: P0 detected 2025-02-20; last: X4 due 2025-03-30, so overdue from the 31st.
    assert fact_span() == Period(start=date(2025, 2, 20), end=date(2025, 3, 31))


def test_a_check_that_arrives_late_is_counted_on_the_day_it_was_observed(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        DetectionFactory(officer=world.amin, area=world.klg1, observed_at=at(date(2025, 3, 11), 8))
    current = compare(filters=scoped_filters(user=world.supervisor, period=CURRENT), today=TODAY).current
    assert current.checks == KLG_CURRENT.checks + 1


def test_moving_a_first_detection_to_an_earlier_day_refreshes_both_days(
    world, django_capture_on_commit_callbacks
):
    p2 = world.facts.p2
    with django_capture_on_commit_callbacks(execute=True):
        p2.first_detected_at = at(date(2025, 3, 8))  # an offline check from the previous week arrived
        p2.save()
    comparison = compare(filters=scoped_filters(user=world.supervisor, period=CURRENT), today=TODAY)
    assert comparison.current.unregistered_found == 1
    assert comparison.previous.unregistered_found == 3


def test_deleting_a_detection_removes_it_from_the_rollups(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        world.facts.p2.detections.get().delete()
    current = compare(filters=scoped_filters(user=world.supervisor, period=CURRENT), today=TODAY).current
    assert (current.checks, current.premises_visited) == (6, 3)


def test_an_employment_recorded_later_adds_a_worker_to_the_registration_day(
    world, django_capture_on_commit_callbacks
):
    from tests.factories import EmploymentFactory

    with django_capture_on_commit_callbacks(execute=True):
        EmploymentFactory(employer=world.facts.e3, started_on=date(2025, 1, 1))
    current = compare(filters=scoped_filters(user=world.supervisor, period=CURRENT), today=TODAY).current
    assert current.workers_covered == 4


def test_the_task_refreshes_the_days_it_is_given(world):
    for model in ROLLUPS:
        model.objects.filter(day=date(2025, 3, 13)).delete()
    refresh_rollups_task(days=["2025-03-13"])
    assert all(
        model.objects.filter(day=date(2025, 3, 13)).exists() for model in (ActivityRollup, AreaDayRollup)
    )


def test_the_rollup_by_area_is_the_rollup_by_officer_summed(world):
    summed = ActivityRollup.objects.values("day", "area_id").annotate(n=Sum("checks")).order_by()
    by_officer = {(row["day"], row["area_id"]): row["n"] for row in summed if row["n"]}
    by_area = {(row.day, row.area_id): row.checks for row in AreaDayRollup.objects.filter(checks__gt=0)}
    assert by_area == by_officer
    assert len(by_area) > 5


def test_an_assignment_touches_its_open_close_and_overdue_days_and_its_premises():
    values = {
        "assigned_at": at(date(2025, 3, 10)),
        "closed_at": None,
        "due_on": date(2025, 3, 13),
        "premises_id": 7,
    }
    touch = touched(__import__("dispatch.models", fromlist=["Assignment"]).Assignment, values)
    assert touch == Touch(days=frozenset({date(2025, 3, 10), date(2025, 3, 14)}), premises_ids=frozenset({7}))


def test_a_late_evening_check_touches_the_local_day_not_the_utc_one():
    from detection.models import Detection

    assert touched(Detection, {"observed_at": at(date(2025, 3, 16), 23, 30)}).days == {date(2025, 3, 16)}


def test_refreshing_nothing_writes_nothing(db):
    assert refresh_touched(touch=Touch()).rows == 0


def test_consecutive_days_are_refreshed_as_one_run():
    days = {date(2025, 3, 1), date(2025, 3, 2), date(2025, 3, 3), date(2025, 3, 9)}
    assert ranges_of(days) == [
        Period(start=date(2025, 3, 1), end=date(2025, 3, 3)),
        Period(start=date(2025, 3, 9), end=date(2025, 3, 9)),
    ]


def test_a_rebuild_goes_by_chunks_of_at_most_31_days():
    year = Period(start=date(2025, 1, 1), end=date(2025, 12, 31))
    parts = list(chunks(year))
    assert parts[0] == Period(start=date(2025, 1, 1), end=date(2025, 1, 31))
    assert sum(p.days for p in parts) == 365
    assert all(b.start == a.end + timedelta(days=1) for a, b in pairwise(parts))
