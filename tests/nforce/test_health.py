import shutil
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from nforce import health
from tests.factories import UserFactory


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def own_redis(tmp_path):
    """A Redis server of the test's own, which the test may stop."""
    port = _free_port()
    process = subprocess.Popen(
        [
            shutil.which("redis-server") or "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(50):
        try:
            redis.Redis.from_url(url).ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    yield url, process
    if process.poll() is None:
        process.terminate()
        process.wait()


@pytest.mark.worker
def test_healthz_is_ok_with_database_redis_and_a_live_worker(client, officer, celery_worker_process):
    client.force_login(officer)
    response = client.get(reverse("healthz"))
    body = response.json()
    assert response.status_code == 200, body
    assert body["database"]["ok"] and body["redis"]["ok"] and body["celery"]["ok"]


def test_healthz_is_503_naming_celery_when_no_worker_answers(client, officer):
    client.force_login(officer)
    with override_settings(HEALTH_CANARY_TIMEOUT_S=0.5):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["celery"]["ok"] is False
    assert response.json()["redis"]["ok"] is True


def test_healthz_is_503_naming_redis_when_redis_is_stopped(client, db, own_redis):
    url, process = own_redis
    process.terminate()
    process.wait()
    with override_settings(REDIS_URL=url):
        client.force_login(UserFactory(roles=["officer"]))
        response = client.get(reverse("healthz"))
        client.force_login(UserFactory(is_staff=True))
        detailed = client.get(reverse("healthz")).json()
    body = response.json()
    assert response.status_code == 503
    assert body["redis"] == {"ok": False, "error": "unavailable"}  # no host names but for admins
    assert body["database"]["ok"] is True
    assert "Connection" in detailed["redis"]["error"]


def test_healthz_tells_anonymous_callers_only_up_or_down(client, db):
    with override_settings(HEALTH_CANARY_TIMEOUT_S=0.2):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"ok": False}


@pytest.fixture
def counted_canaries(monkeypatch):
    """Each canary sent, counted (none is answered: no worker runs); no report kept from before."""
    redis.Redis.from_url(settings.REDIS_URL).delete(health.REPORT_KEY, health.LOCK_KEY)
    monkeypatch.setattr(health, "_local", {})
    sent = []
    original = health.canary.apply_async

    def apply_async(*args, **kwargs):
        sent.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(health.canary, "apply_async", apply_async)
    return sent


@override_settings(HEALTH_CACHE_S=30, HEALTH_CANARY_TIMEOUT_S=0.5)
def test_healthz_sends_one_canary_however_many_callers_at_once(client, db, counted_canaries):
    url = reverse("healthz")
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda _: Client().get(url).status_code, range(24)))
    assert statuses == [503] * 24
    assert len(counted_canaries) == 1


@override_settings(HEALTH_CACHE_S=30, HEALTH_CANARY_TIMEOUT_S=0.5)
def test_other_processes_read_the_report_one_of_them_made(client, db, counted_canaries, monkeypatch):
    client.get(reverse("healthz"))
    monkeypatch.setattr(health, "_local", {})  # another gunicorn worker: nothing of its own yet
    assert client.get(reverse("healthz")).status_code == 503
    assert len(counted_canaries) == 1
