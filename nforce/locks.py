"""A lock in Redis that one long job holds while it runs, across every worker machine.

For jobs that must not overlap but run longer than a database transaction should stay open (the
nightly rollup rebuild: a month per transaction, for hours). The lock lapses after `timeout_s`
(the job's hard time limit and a margin), so a worker killed mid-job does not hold it forever.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from redis.exceptions import LockNotOwnedError
from redis.lock import Lock

from .quotas import shared_redis

logger = logging.getLogger(__name__)


@contextmanager
def held_or_skipped(name: str, *, timeout_s: int) -> Iterator[bool]:
    """`with held_or_skipped("x", timeout_s=60) as held:` held is False when another holds it."""
    lock = shared_redis().lock(f"nforce:lock:{name}", timeout=timeout_s, blocking=False)
    held = bool(lock.acquire())
    try:
        yield held
    finally:
        if held:
            _release(lock, name)


def _release(lock: Lock, name: str) -> None:
    try:
        lock.release()
    except LockNotOwnedError:
        # The job outlived the lock's timeout and another took it: that one releases its own.
        logger.warning("lock %s lapsed before its job ended", name)
