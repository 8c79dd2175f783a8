"""Dispatch through a real Celery worker process and the real Redis: stored, concurrent, killed."""

import signal
import time

import psycopg2
import pytest
import redis
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from detection.models import Premises
from detection.signals import premises_stored
from dispatch.locks import DISPATCH_LOCK_KEY
from dispatch.models import Assignment
from dispatch.tasks import assign_open_premises_task
from tests.conftest import start_celery_worker, stop_celery_worker
from tests.factories import KLANG, AreaFactory, InspectorFactory, PremisesFactory, near

pytestmark = [pytest.mark.worker, pytest.mark.serial, pytest.mark.django_db(transaction=True)]


def wait_until(condition, *, timeout: float = 60, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def own_connection():
    """A second connection to the test database: it can hold locks the workers must wait for."""
    db = connection.settings_dict
    other = psycopg2.connect(dbname=db["NAME"], host=db["HOST"] or None, user=db["USER"] or None)
    other.autocommit = False
    return other


def waiting_on_locks() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def live_per_premises() -> dict[int, int]:
    counts: dict[int, int] = {}
    for premises_id in Assignment.objects.live().values_list("premises_id", flat=True):
        counts[premises_id] = counts.get(premises_id, 0) + 1
    return counts


@pytest.fixture
def klang_team(db):
    area = AreaFactory(code="KLG-W", centre=KLANG)
    return [InspectorFactory(areas=[area], capacity=50) for _ in range(2)]


@pytest.fixture
def fresh_broker():
    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()


def test_a_premises_stored_is_assigned_to_its_area_inspector_by_the_worker(celery_worker_process, klang_team):
    with transaction.atomic():
        premises = PremisesFactory(location=near(KLANG, north_km=1))
        # What detection.capture does once the premises is committed.
        transaction.on_commit(
            lambda: premises_stored.send(sender=Premises, premises_id=premises.pk, created=True)
        )
    wait_until(lambda: Assignment.objects.filter(premises=premises).exists(), what="the assignment")
    assert Assignment.objects.get(premises=premises).inspector in klang_team


def test_two_runs_at_once_make_no_duplicate(fresh_broker, klang_team, tmp_path):
    premises = PremisesFactory.create_batch(30)
    workers = [start_celery_worker(tmp_path, name=f"w{n}") for n in range(2)]
    blocker = own_connection()
    try:
        with blocker.cursor() as cursor:  # both runs start, then wait here on the dispatch lock
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [DISPATCH_LOCK_KEY])
        results = [assign_open_premises_task.delay() for _ in range(2)]
        wait_until(lambda: waiting_on_locks() >= 2, what="both runs to wait on the lock")
        blocker.rollback()
        summaries = [result.get(timeout=60) for result in results]
    finally:
        blocker.close()
        for worker in workers:
            stop_celery_worker(worker)
    assert sorted(s["created"] for s in summaries) == [0, 30]
    assert live_per_premises() == {p.pk: 1 for p in premises}


def test_a_worker_killed_mid_run_leaves_no_duplicate_and_no_lost_premises(
    fresh_broker, klang_team, tmp_path, monkeypatch
):
    # The broker hands an unacknowledged task to another worker after this many seconds.
    monkeypatch.setenv("CELERY_VISIBILITY_TIMEOUT", "5")
    premises = PremisesFactory.create_batch(20)
    last = premises[-1]
    blocker = own_connection()
    first = start_celery_worker(tmp_path, name="doomed")
    try:
        # An uncommitted open assignment of the newest premises: the run inserts the others,
        # then blocks on the unique index at that row. That is where the worker dies.
        with blocker.cursor() as cursor:
            cursor.execute(
                "INSERT INTO dispatch_assignment (premises_id, inspector_id, assigned_at, due_on, status,"
                " outcome, notes, reason, reason_data) VALUES (%s, %s, %s, %s, 'open', '', '', '', '{}')",
                [last.pk, klang_team[0].pk, timezone.now(), timezone.localdate()],
            )
        run = assign_open_premises_task.delay()
        wait_until(lambda: waiting_on_locks() >= 1, what="the run to block mid-insert")
        stop_celery_worker(first, sig=signal.SIGKILL)
        blocker.rollback()
        time.sleep(6)  # past the visibility timeout: the next worker restores the task at start
        second = start_celery_worker(tmp_path, name="heir")
        try:
            wait_until(lambda: len(live_per_premises()) == len(premises), what="the redelivered run")
        finally:
            stop_celery_worker(second)
    finally:
        blocker.close()
        stop_celery_worker(first, sig=signal.SIGKILL)
    assert live_per_premises() == {p.pk: 1 for p in premises}
    # The same task, redelivered to the second worker, did the work.
    assert f"assign_open_premises_task[{run.id}] succeeded" in second.log_path.read_text()
