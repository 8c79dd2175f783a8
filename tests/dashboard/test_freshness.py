"""How the rollups stay fresh: writes without signals, and a real Celery worker after commit."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from dashboard.filters import scoped_filters
from dashboard.kpis import compare
from dashboard.models import ActivityRollup
from dashboard.periods import Period
from dashboard.tasks import refresh_recent_rollups_task
from dispatch.models import Assignment
from tests.factories import (
    AreaFactory,
    DetectionFactory,
    InspectorFactory,
    OfficeFactory,
    PremisesFactory,
    UserFactory,
)


def _today_filters(user):
    today = timezone.localdate()
    return scoped_filters(user=user, period=Period(start=today, end=today)), today


def test_assignments_written_in_bulk_are_counted_after_the_recent_days_refresh(db):
    """Dispatch writes its runs with bulk_create, which sends no signal: the beat refresh catches it."""
    office = OfficeFactory()
    supervisor = UserFactory(home_office=office, roles=["supervisor"])
    premises = PremisesFactory(area=AreaFactory(office=office), first_detected_at=timezone.now())
    Assignment.objects.bulk_create(
        [Assignment(premises=premises, inspector=InspectorFactory(), due_on=timezone.localdate())]
    )
    filters, today = _today_filters(supervisor)
    assert compare(filters=filters, today=today).current.assignments_open == 0
    refresh_recent_rollups_task()
    assert compare(filters=filters, today=today).current.assignments_open == 1


def test_an_assignment_due_today_counts_as_overdue_from_tomorrow(db):
    office = OfficeFactory()
    supervisor = UserFactory(home_office=office, roles=["supervisor"])
    premises = PremisesFactory(area=AreaFactory(office=office))
    Assignment.objects.bulk_create(
        [Assignment(premises=premises, inspector=InspectorFactory(), due_on=timezone.localdate())]
    )
    refresh_recent_rollups_task()
    filters, today = _today_filters(supervisor)
    tomorrow = filters.for_period(Period(start=today + timedelta(days=1), end=today + timedelta(days=1)))
    assert compare(filters=filters, today=today).current.assignments_overdue == 0
    assert compare(filters=tomorrow, today=today + timedelta(days=1)).current.assignments_overdue == 1


@pytest.mark.worker
def test_a_check_committed_is_counted_by_a_real_worker_within_seconds(celery_worker_process):
    area = AreaFactory()
    DetectionFactory(area=area, observed_at=timezone.now())  # committed: on_commit enqueues the refresh
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if ActivityRollup.objects.filter(area=area, checks=1).exists():
            return
        time.sleep(0.3)
    pytest.fail(f"no rollup after 30 s; worker log:\n{celery_worker_process.log_path.read_text()[-3000:]}")
