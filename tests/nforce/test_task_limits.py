"""Every Celery task ends, queued periodic runs expire, the nightly rebuild never overlaps
(issue 16, item 14)."""

import threading
import time

import pytest
import redis
from django.conf import settings

from dashboard import tasks as dashboard_tasks
from nforce.celery import app
from nforce.locks import held_or_skipped


def _our_tasks():
    app.loader.import_default_modules()
    return [task for name, task in app.tasks.items() if not name.startswith("celery.")]


def test_every_task_has_a_soft_limit_below_its_hard_limit():
    assert _our_tasks()
    for task in _our_tasks():
        soft = task.soft_time_limit or app.conf.task_soft_time_limit
        hard = task.time_limit or app.conf.task_time_limit
        assert soft and hard and soft < hard, task.name


def test_the_nightly_rebuild_has_limits_of_its_own_longer_than_the_default():
    rebuild = dashboard_tasks.rebuild_rollups_task
    assert rebuild.soft_time_limit == settings.ROLLUP_REBUILD_TIME_LIMIT_S
    assert rebuild.time_limit > rebuild.soft_time_limit > app.conf.task_time_limit


def test_every_periodic_run_expires_before_the_next_is_due():
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        expires = entry.get("options", {}).get("expires")
        assert expires, name
        schedule = entry["schedule"]
        if isinstance(schedule, float):
            assert expires <= schedule, name


@pytest.fixture
def fresh_locks():
    redis.Redis.from_url(settings.REDIS_URL).delete(f"nforce:lock:{dashboard_tasks.REBUILD_LOCK}")


def test_a_rebuild_started_while_another_runs_stops_without_rebuilding(db, fresh_locks, monkeypatch):
    runs = []

    def slow_rebuild():
        runs.append(1)
        time.sleep(0.5)
        return 7

    monkeypatch.setattr(dashboard_tasks, "rebuild_rollups", slow_rebuild)
    first = threading.Thread(target=dashboard_tasks.rebuild_rollups_task)
    first.start()
    time.sleep(0.1)
    assert dashboard_tasks.rebuild_rollups_task() is None  # the copy Redis redelivered
    first.join()
    assert runs == [1]
    assert dashboard_tasks.rebuild_rollups_task() == 7  # the lock is released after the run


def test_the_lock_lapses_by_itself_after_its_timeout(fresh_locks):
    with held_or_skipped("lapsing", timeout_s=1) as held:
        assert held
        with held_or_skipped("lapsing", timeout_s=1) as second:
            assert not second
        time.sleep(1.1)
        with held_or_skipped("lapsing", timeout_s=1) as third:
            assert third
