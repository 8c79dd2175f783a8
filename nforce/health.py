"""Health of the parts Nforce cannot work without: database, Redis, a Celery worker.

/healthz is public and load balancers poll it from every side: its report is made at most once
every HEALTH_CACHE_S seconds for all the processes together (the first to take a lock in Redis
makes it, the others read it), and at most once per process when Redis is down. Without that,
each poll sends a canary task: traffic to /healthz would fill the worker's queue.
"""

import json
import threading
import time
import uuid

import redis
from django.conf import settings
from django.db import connection

from .quotas import shared_redis
from .tasks import canary

REPORT_KEY = "nforce:health:report"
LOCK_KEY = "nforce:health:lock"
_local_lock = threading.Lock()
_local: dict = {}


def _timed(check) -> dict:
    started = time.monotonic()
    try:
        check()
    except Exception as error:  # noqa: BLE001 - any failure means "down"; its text is the reason
        return {"ok": False, "error": f"{type(error).__name__}: {error}"[:300]}
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _redis() -> None:
    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1)
    try:
        client.ping()
    finally:
        client.close()


def _worker() -> None:
    token = uuid.uuid4().hex
    result = canary.apply_async((token,), retry=False, expires=settings.HEALTH_CANARY_TIMEOUT_S)
    try:
        answer = result.get(timeout=settings.HEALTH_CANARY_TIMEOUT_S)
    finally:
        result.forget()
    if answer != token:
        raise RuntimeError("the worker answered with another token")


def system_health() -> dict:
    database = _timed(_database)
    cache = _timed(_redis)
    # Without Redis a canary cannot travel; say so instead of waiting for a timeout.
    worker = _timed(_worker) if cache["ok"] else {"ok": False, "error": "Redis is down"}
    parts = {"database": database, "redis": cache, "celery": worker}
    return {"ok": all(part["ok"] for part in parts.values()), **parts}


def cached_health() -> dict:
    """system_health(), made at most once every HEALTH_CACHE_S seconds whatever the traffic."""
    with _local_lock:  # the threads of this process wait for one report
        if _local and time.monotonic() - _local["at"] < settings.HEALTH_CACHE_S:
            return _local["report"]
        report = _shared_health()
        _local.update(at=time.monotonic(), report=report)
        return report


def _shared_health() -> dict:
    ttl_ms = int(settings.HEALTH_CACHE_S * 1000)
    if ttl_ms <= 0:
        return system_health()
    try:
        client = shared_redis()
        stored = client.get(REPORT_KEY)
        mine = stored is None and client.set(LOCK_KEY, "1", nx=True, px=_lock_ms())
    except redis.RedisError:
        return system_health()  # it says Redis is down; no canary travels without it
    if stored is not None:
        return json.loads(stored)
    if not mine:
        return _report_of_another_process(client)
    report = system_health()
    try:
        client.set(REPORT_KEY, json.dumps(report), px=ttl_ms)
        client.delete(LOCK_KEY)
    except redis.RedisError:
        pass  # the report stands; the lock lapses by itself
    return report


def _lock_ms() -> int:
    # Longest a report can take: the canary's wait, and the database's connect timeout.
    return int((settings.HEALTH_CANARY_TIMEOUT_S + 7) * 1000)


def _report_of_another_process(client: redis.Redis) -> dict:
    deadline = time.monotonic() + _lock_ms() / 1000
    while time.monotonic() < deadline:
        time.sleep(0.05)
        try:
            stored = client.get(REPORT_KEY)
        except redis.RedisError:
            break
        if stored is not None:
            return json.loads(stored)
    unknown = {"ok": False, "error": "the health check of another process did not finish"}
    return {"ok": False, "database": unknown, "redis": unknown, "celery": unknown}
