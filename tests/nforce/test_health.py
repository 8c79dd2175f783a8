import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.test import override_settings
from django.urls import reverse

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
def test_healthz_is_ok_with_database_redis_and_a_live_worker(client, celery_worker_process):
    response = client.get(reverse("healthz"))
    body = response.json()
    assert response.status_code == 200, body
    assert body["database"]["ok"] and body["redis"]["ok"] and body["celery"]["ok"]


def test_healthz_is_503_naming_celery_when_no_worker_answers(client, db):
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
        response = client.get(reverse("healthz"))
        client.force_login(UserFactory(is_staff=True))
        detailed = client.get(reverse("healthz")).json()
    body = response.json()
    assert response.status_code == 503
    assert body["redis"] == {"ok": False, "error": "unavailable"}  # no host names for the public
    assert body["database"]["ok"] is True
    assert "Connection" in detailed["redis"]["error"]
