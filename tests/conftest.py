import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.db.backends.postgresql.operations import DatabaseOperations as PostgresOperations
from django.utils import translation
from rest_framework.test import APIClient

from nforce.roles import Role
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def flush_past_the_audit_trigger():
    """The audit log refuses TRUNCATE (nforce migration 0008) and transactional tests empty every
    table with one: the test database's superuser lets that statement past the trigger with
    session_replication_role, which only a superuser may set (never the app's role)."""
    original = PostgresOperations.sql_flush

    def sql_flush(self, style, tables, **options):
        statements = original(self, style, tables, **options)
        return ["SET LOCAL session_replication_role = replica", *statements] if statements else statements

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(PostgresOperations, "sql_flush", sql_flush)
        yield


@pytest.fixture(autouse=True)
def each_test_starts_in_english():
    """LocaleMiddleware activates a request's language and leaves it active in the thread: a
    test that opens a page in Malay would otherwise turn the next test's messages Malay."""
    yield
    translation.deactivate()


@pytest.fixture
def officer(db):
    return UserFactory(roles=[Role.OFFICER], full_name="Aminah binti Yusof")


@pytest.fixture
def inspector(db):
    return UserFactory(roles=[Role.INSPECTOR], full_name="Rajesh a/l Kumar")


@pytest.fixture
def supervisor(db):
    return UserFactory(roles=[Role.SUPERVISOR], full_name="Tan Mei Ling")


@pytest.fixture
def broker():
    """The test's Redis database, emptied: the cache (dispatch's run mark) and the Celery queue."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.flushdb()
    yield client
    client.flushdb()


@pytest.fixture
def api_as():
    """api_as(user) -> an API client logged in as that user (session auth)."""

    def login(user):
        client = APIClient()
        client.force_authenticate(user=user)
        return client

    return login


def _database_url_of_test_db() -> str:
    db = connection.settings_dict
    host = db["HOST"] or ""
    auth = db["USER"] or ""
    if db["PASSWORD"]:
        auth += f":{db['PASSWORD']}"
    location = f"{auth}@{host}" if auth or host else ""
    if host and db["PORT"]:
        location += f":{db['PORT']}"
    return f"postgis://{location}/{db['NAME']}"


def _wait_for_worker(process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the Celery worker exited early:\n{log.read_text()}")
        if "ready." in log.read_text():
            return
        time.sleep(0.2)
    raise RuntimeError(f"the Celery worker did not start:\n{log.read_text()}")


def start_celery_worker(tmp_path: Path, name: str = "test") -> subprocess.Popen:
    """A real worker process on the test database and the test Redis database."""
    log = tmp_path / f"worker-{name}.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "nforce.test_settings",
        "DATABASE_URL": _database_url_of_test_db(),
    }
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "nforce",
                "worker",
                "-l",
                "info",
                "-c",
                "1",
                "-P",
                "prefork",
                "-n",
                f"{name}-{os.getpid()}@%h",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    _wait_for_worker(process, log)
    process.log_path = log  # type: ignore[attr-defined]
    return process


def stop_celery_worker(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path):
    """A real Celery worker against the real Redis; tests using it see committed data only."""
    import redis

    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()
    process = start_celery_worker(tmp_path)
    yield process
    stop_celery_worker(process)
