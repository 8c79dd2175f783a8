"""A stored premises queues a dispatch run: one run per burst, on the real Redis (TEST_REDIS_URL)."""

import json
import time
from datetime import datetime, timedelta

import pytest
import redis
from django.core.cache import cache
from kombu.exceptions import OperationalError as BrokerDown

from detection.models import Premises
from dispatch import receivers
from dispatch.tasks import assign_open_premises_task

RUN = "dispatch.tasks.assign_open_premises_task"


@pytest.fixture
def store_premises(django_capture_on_commit_callbacks):
    """store_premises() -> what detection does once a premises is committed."""

    def store() -> None:
        with django_capture_on_commit_callbacks(execute=True):
            receivers.dispatch_stored_premises(sender=Premises, premises_id=1, created=True)

    return store


def queued_runs(client: redis.Redis) -> list[dict]:
    """The dispatch runs waiting in the default queue, as their message headers."""
    messages = [json.loads(raw) for raw in client.lrange("celery", 0, -1)]
    return [message["headers"] for message in messages if message["headers"]["task"] == RUN]


def test_two_premises_stored_within_the_delay_queue_one_run(db, broker, store_premises):
    store_premises()
    store_premises()
    assert len(queued_runs(broker)) == 1


def test_the_run_starts_after_the_mark_has_expired(db, broker, store_premises):
    store_premises()
    (run,) = queued_runs(broker)
    assert run["eta"] is not None
    assert 0 < broker.ttl(cache.make_key(receivers.RUN_QUEUED_KEY)) <= receivers.RUN_DELAY_S


def test_a_premises_stored_after_the_delay_queues_another_run(db, broker, store_premises, monkeypatch):
    monkeypatch.setattr(receivers, "RUN_DELAY_S", 1)
    store_premises()
    time.sleep(1.2)
    store_premises()
    assert len(queued_runs(broker)) == 2


def test_with_the_mark_unavailable_every_premises_still_queues_a_run(db, broker, store_premises, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    store_premises()
    store_premises()
    assert len(queued_runs(broker)) == 2


def test_with_the_broker_down_the_run_is_left_to_the_beat_with_a_warning(
    db, broker, store_premises, monkeypatch, caplog
):
    def down(*args, **kwargs):
        raise BrokerDown("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(assign_open_premises_task, "apply_async", down)
    store_premises()
    assert "beat will place the premises" in caplog.text


def test_a_queued_run_expires_once_the_beat_run_has_come_round(db, broker, store_premises):
    store_premises()
    (run,) = queued_runs(broker)
    assert run["expires"] is not None
    eta, expires = (datetime.fromisoformat(run[key]) for key in ("eta", "expires"))
    assert expires - eta == timedelta(seconds=receivers.RUN_EXPIRES_S)
