"""Faults with real services of the test's own: a PostgreSQL cluster, Redis, gunicorn, a worker.

- database connections terminated under the app: the next requests succeed;
- PostgreSQL stopped: pages and the API answer 503 (never 500) until it is back;
- Redis restarted: the worker resumes (the /healthz canary says so); messages queued when Redis
  restarts survive when Redis keeps an append-only file, and are lost when it does not;
  enqueueing while Redis is down fails loudly at once.

No assertion is on time; the times are printed (pytest -s) for the report.
"""

import signal
import threading
import time
import uuid
from datetime import UTC, datetime

import pytest
import redis
from celery import Celery
from kombu.exceptions import OperationalError as BrokerDown

from tests.security.services import (
    DATABASE,
    fetch,
    manage,
    officer_credentials,
    server_env,
    start_gunicorn,
    start_own_postgres,
    start_own_redis,
    start_worker,
    wait_until,
)

pytestmark = [pytest.mark.worker, pytest.mark.serial]


@pytest.fixture(scope="module")
def cluster():
    own = start_own_postgres()
    yield own
    own.remove()


@pytest.fixture(scope="module")
def queue():
    own = start_own_redis(appendonly=True)
    yield own
    own.stop()


@pytest.fixture(scope="module")
def env(cluster, queue):
    environment = server_env(database_url=cluster.url, redis_url=queue.url)
    manage(environment, "migrate", "--no-input", "-v", "0")
    return environment


@pytest.fixture(scope="module")
def officer_login(env):
    return officer_credentials(env)


@pytest.fixture(scope="module")
def web(env, tmp_path_factory):
    server = start_gunicorn(env, tmp_path_factory.mktemp("gunicorn"))
    yield server
    server.stop()


def as_officer(officer_login, *, page: bool = False) -> dict:
    if page:
        return {"Cookie": f"sessionid={officer_login['session']}"}
    return {"Authorization": f"Token {officer_login['token']}", "Accept": "application/json"}


def detection_body() -> dict:
    return {
        "client_uuid": str(uuid.uuid4()),
        "observed_at": datetime.now(UTC).isoformat(),
        "latitude": 3.0449,
        "longitude": 101.445,
        "accuracy_m": 10,
        "outcome": "unregistered",
        "premises_name": "Kedai Ujian",
    }


def ordinary_requests(web, officer_login) -> list[int]:
    """A page, a map load and a write: each needs the database."""
    return [
        fetch(web.port, "GET", "/", headers=as_officer(officer_login, page=True)).status,
        fetch(web.port, "GET", "/api/v1/detections/mine", headers=as_officer(officer_login)).status,
        fetch(
            web.port, "POST", "/api/v1/detections", headers=as_officer(officer_login), body=detection_body()
        ).status,
    ]


def terminate_app_connections(cluster) -> int:
    mine = f"datname = '{DATABASE}' AND pid <> pg_backend_pid()"
    return int(cluster.sql(f"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE {mine}"))  # noqa: S608


def test_requests_after_the_database_connections_are_terminated_succeed(cluster, web, officer_login):
    assert ordinary_requests(web, officer_login) == [200, 200, 201]
    for _ in range(3):
        assert terminate_app_connections(cluster) >= 1
        assert [status for _ in range(4) for status in ordinary_requests(web, officer_login)] == [
            200,
            200,
            201,
        ] * 4


def test_connections_terminated_in_the_middle_of_traffic_give_no_500_and_traffic_recovers(
    cluster, web, officer_login
):
    statuses: list[int] = []
    stop = threading.Event()

    def traffic():
        while not stop.is_set():
            statuses.extend(ordinary_requests(web, officer_login))

    threads = [threading.Thread(target=traffic) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        for _ in range(10):
            time.sleep(0.3)
            terminate_app_connections(cluster)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    print(f"\nstatuses during terminations: { {s: statuses.count(s) for s in set(statuses)} }")
    assert 500 not in statuses
    assert set(statuses) <= {200, 201, 503}
    assert ordinary_requests(web, officer_login) == [200, 200, 201]


def test_with_postgresql_stopped_pages_and_the_api_answer_503_and_recover_when_it_is_back(
    cluster, web, officer_login
):
    assert ordinary_requests(web, officer_login) == [200, 200, 201]
    cluster.stop()
    try:
        page = fetch(web.port, "GET", "/", headers=as_officer(officer_login, page=True))
        check_page = fetch(web.port, "GET", "/registry/check", headers=as_officer(officer_login, page=True))
        api = fetch(web.port, "GET", "/api/v1/detections/mine", headers=as_officer(officer_login))
        write = fetch(
            web.port, "POST", "/api/v1/detections", headers=as_officer(officer_login), body=detection_body()
        )
        health = fetch(web.port, "GET", "/healthz")
    finally:
        cluster.start()
    timings = {name: round(a.seconds * 1000) for name, a in [("page", page), ("api", api), ("write", write)]}
    print(f"\n503 answers with PostgreSQL stopped, ms: {timings}; /healthz {round(health.seconds * 1000)} ms")
    assert (page.status, check_page.status, api.status, write.status) == (503, 503, 503, 503)
    assert page.headers["Retry-After"] == "30"
    assert b"Try again in a minute" in page.body
    assert api.json()["status"] == 503 and "outbox" in api.json()["detail"]
    assert health.status == 503 and health.json() == {"ok": False}  # anonymous: up or down only
    assert wait_until(
        lambda: ordinary_requests(web, officer_login) == [200, 200, 201], timeout=30, what="recovery"
    )


# --- Redis and the worker ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def producer(queue):
    """A Celery client of the test's own Redis: the test process's settings stay untouched."""
    app = Celery("fault-producer", broker=queue.url, set_as_current=False)  # the suite keeps its own app
    app.conf.broker_connection_retry_on_startup = False
    yield app
    app.close()


def enqueue(producer, token: str) -> None:
    producer.send_task(
        "tests.security.note_delivery", args=[token], retry=True, retry_policy={"max_retries": 2}
    )


def delivered(cluster, tokens: list[str]) -> int:
    quoted = ", ".join(f"'{token}'" for token in tokens)
    found = f"action = 'fault.delivered' AND query->>'token' IN ({quoted})"
    return int(cluster.sql(f"SELECT count(DISTINCT query->>'token') FROM nforce_auditevent WHERE {found}"))  # noqa: S608


def healthy(web) -> bool:
    answer = fetch(web.port, "GET", "/healthz", timeout=30)
    return answer.status == 200


def wait_or_show_logs(condition, *, timeout: float, what: str, logs) -> None:
    """wait_until(), and on a timeout the end of each process's log in the failure: which side
    stopped (the worker's consumer, or the web's result backend) is the whole question."""
    try:
        wait_until(condition, timeout=timeout, every=1, what=what)
    except TimeoutError as error:
        tails = "\n".join(f"--- {process.log.name} ---\n{process.output()[-4000:]}" for process in logs)
        raise TimeoutError(f"{error}\n{tails}") from error


def test_the_worker_resumes_after_redis_restarts_and_no_queued_work_is_lost(
    cluster, queue, env, web, producer, tmp_path
):
    worker = start_worker(env, tmp_path, "first")
    try:
        assert wait_until(lambda: healthy(web), timeout=30, what="the canary")
        before = [f"before-{n}" for n in range(3)]
        for token in before:
            enqueue(producer, token)
        wait_until(lambda: delivered(cluster, before) == 3, timeout=60, what="the first tasks")
    finally:
        worker.stop()

    queued = [f"queued-{n}" for n in range(5)]
    for token in queued:
        enqueue(producer, token)  # no worker: they wait in Redis
    started = time.monotonic()
    queue.restart()
    print(f"\nRedis restarted in {time.monotonic() - started:.2f} s with {len(queued)} tasks queued")

    worker = start_worker(env, tmp_path, "second")
    try:
        wait_until(lambda: delivered(cluster, queued) == 5, timeout=60, what="the queued tasks")
        started = time.monotonic()
        queue.restart()  # under a running worker
        wait_or_show_logs(
            lambda: healthy(web), timeout=90, what="the canary after the restart", logs=(worker, web)
        )
        print(f"canary answered {time.monotonic() - started:.1f} s after Redis restarted under the worker")
        after = [f"after-{n}" for n in range(3)]
        for token in after:
            enqueue(producer, token)
        wait_until(
            lambda: delivered(cluster, after) == 3, timeout=60, what="the tasks sent after the restart"
        )
    finally:
        worker.stop()
    assert worker.popen.returncode is not None


def test_enqueueing_while_redis_is_down_fails_loudly_at_once(queue, producer, web):
    queue.stop()
    try:
        started = time.monotonic()
        with pytest.raises(BrokerDown):
            enqueue(producer, "while-down")
        print(f"\nenqueue with Redis down raised after {time.monotonic() - started:.2f} s")
        health = fetch(web.port, "GET", "/healthz")
        assert health.status == 503 and health.json() == {"ok": False}
    finally:
        queue.start()


def test_without_an_append_only_file_a_redis_restart_loses_what_was_queued():
    """Why production Redis must run with `appendonly yes` (the Makefile's dev Redis does not)."""
    volatile = start_own_redis(appendonly=False)
    try:
        client = redis.Redis.from_url(volatile.url)
        client.lpush("celery", "a message")
        volatile.restart()
        assert client.llen("celery") == 0
    finally:
        volatile.stop()


def test_a_killed_worker_process_is_noticed_by_healthz(env, web, tmp_path):
    worker = start_worker(env, tmp_path, "killed")
    assert wait_until(lambda: healthy(web), timeout=30, what="the canary")
    worker.stop(signal.SIGKILL)
    # The last report stands for HEALTH_CACHE_S seconds at most (one canary per interval).
    assert wait_until(lambda: not healthy(web), timeout=15, what="the canary unanswered")
