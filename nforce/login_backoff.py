"""A growing wait between sign-in attempts for one staff number, whatever address they come from.

django-axes locks a staff number at one address (officers on one mobile carrier share addresses
and must not lock each other out). Guessing one password from many addresses is slowed here:
after LOGIN_BACKOFF_AFTER failures in a day, each further attempt waits twice as long as the
one before (up to LOGIN_BACKOFF_MAX_S). A wait is never a lock: the right password works once
it is over, so nobody can keep an officer out by failing on purpose for long. Counted in Redis;
without Redis, sign-in goes on with the per-address lock alone (logged).
"""

import hashlib
import logging
import math
import time

import redis
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver

from .quotas import shared_redis

logger = logging.getLogger(__name__)
FAILURES_KEPT_S = 24 * 60 * 60


def failures_key(staff_number: str) -> str:
    # Staff numbers are not personal IDs, but Redis needs no clear text of them.
    return "nforce:login-failures:" + hashlib.sha256(staff_number.strip().upper().encode()).hexdigest()


def wait_seconds(staff_number: str, *, now: float | None = None) -> int:
    """Seconds before this staff number may try again (0: now)."""
    try:
        failures, last = shared_redis().hmget(failures_key(staff_number), "failures", "last")
    except redis.RedisError:
        logger.warning("login backoff not checked: Redis unavailable")
        return 0
    beyond = int(failures or 0) - settings.LOGIN_BACKOFF_AFTER
    if beyond < 0:
        return 0
    delay = min(2**beyond, settings.LOGIN_BACKOFF_MAX_S)
    remaining = float(last or 0) + delay - (time.time() if now is None else now)
    return max(0, math.ceil(remaining))


def note_failure(staff_number: str) -> None:
    key = failures_key(staff_number)
    try:
        with shared_redis().pipeline() as pipe:
            pipe.hincrby(key, "failures", 1)
            pipe.hset(key, "last", time.time())
            pipe.expire(key, FAILURES_KEPT_S)
            pipe.execute()
    except redis.RedisError:
        logger.warning("login failure not counted for the backoff: Redis unavailable")


def forget_failures(staff_number: str) -> None:
    try:
        shared_redis().delete(failures_key(staff_number))
    except redis.RedisError:
        logger.warning("login failures not cleared: Redis unavailable")


class BackoffBackend:
    """In AUTHENTICATION_BACKENDS before the one that checks passwords: every way of signing in
    (the sign-in page, the admin's) refuses a staff number that must still wait, whatever the
    password. The sign-in page says how long (nforce.views.StaffLoginForm).

    Authenticates nobody, and so has no get_user(): a session never names it as its backend
    (BaseBackend's get_user() answers None, which would sign out whoever it was given)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and wait_seconds(username):
            if request is not None:
                request.nforce_login_backoff = True  # a refusal, not another failed guess
            raise PermissionDenied
        return None


@receiver(user_login_failed, dispatch_uid="nforce.login_backoff.failed")
def _failed(sender, credentials=None, request=None, **kwargs) -> None:
    staff_number = (credentials or {}).get("staff_number") or (credentials or {}).get("username")
    if staff_number and not getattr(request, "nforce_login_backoff", False):
        note_failure(staff_number)


@receiver(user_logged_in, dispatch_uid="nforce.login_backoff.succeeded")
def _succeeded(sender, user=None, **kwargs) -> None:
    if user is not None:
        forget_failures(user.get_username())
