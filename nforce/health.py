"""Health of the parts Nforce cannot work without: database, Redis, a Celery worker."""

import time
import uuid

import redis
from django.conf import settings
from django.db import connection

from .tasks import canary


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
