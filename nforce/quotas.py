"""Per-user lookup quotas, counted atomically in Redis: a stolen login cannot copy the registry.

Each kind of lookup has a limit per sliding window of WINDOW_S seconds: the lookups of the last
WINDOW_S seconds are kept (a sorted set by time) and counted, so no burst of twice the limit fits
across the boundary of two fixed windows. One Lua script drops the expired entries, counts, and
adds the new one when it is allowed, in a single round trip.

Without Redis nothing can be counted. Lookups of people (the national ID register) then stop
(fail closed: QuotaUnavailable, a 503); employer lookups go on (fail open, logged): they
disclose no person, and officers in the field keep working. LOOKUP_QUOTAS_FAIL_CLOSED names the
kinds that stop.
"""

import logging
import time
import uuid
from dataclasses import dataclass

import redis
from django.conf import settings
from django.utils.translation import gettext as _

from .audit import record_event

logger = logging.getLogger(__name__)

# KEYS[1] the window's sorted set, KEYS[2] the "already refused in this window" flag;
# ARGV: now (ms), window (ms), limit, a unique member. Returns {used, first refusal (0/1)}.
_COUNT = """
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local used = redis.call('ZCARD', KEYS[1])
if used < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
  return {used + 1, 0}
end
local first = redis.call('SET', KEYS[2], '1', 'NX', 'PX', window)
return {used + 1, first and 1 or 0}
"""


@dataclass(frozen=True)
class QuotaExceeded(Exception):
    kind: str
    limit: int
    window_s: int

    @property
    def message(self) -> str:
        return _(
            "You have made %(limit)d lookups of this kind in the last %(minutes)d minutes, the most "
            "allowed. Wait a while; if your work needs more, ask your supervisor."
        ) % {"limit": self.limit, "minutes": self.window_s // 60}


@dataclass(frozen=True)
class QuotaUnavailable(Exception):
    """The quota of a kind that fails closed could not be counted: the lookup is not made."""

    kind: str
    retry_after_s: int = 60

    @property
    def message(self) -> str:
        return _(
            "Lookups of people are paused for a moment: the service that counts them is unavailable. "
            "Try again in a minute."
        )


_clients: dict[str, redis.Redis] = {}


def shared_redis() -> redis.Redis:
    """One connection pool per Redis URL, shared by the requests of a process."""
    url = settings.REDIS_URL
    if url not in _clients:
        _clients[url] = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
    return _clients[url]


def count_lookup(*, user, kind: str) -> int:
    """Count one lookup of `kind` by `user`; raise QuotaExceeded past the limit (and audit it),
    QuotaUnavailable when it cannot be counted and `kind` fails closed."""
    limit = settings.LOOKUP_QUOTAS[kind]
    window = settings.LOOKUP_QUOTA_WINDOW_S
    keys = (f"nforce:quota:{kind}:{user.pk}", f"nforce:quota-refused:{kind}:{user.pk}")
    now_ms = int(time.time() * 1000)
    try:
        used, first_refusal = shared_redis().eval(
            _COUNT, 2, *keys, now_ms, window * 1000, limit, f"{now_ms}:{uuid.uuid4().hex}"
        )
    except redis.RedisError:
        return _uncounted(user=user, kind=kind)
    if int(used) > limit:
        if first_refusal:  # audit the first refusal of a window, not every one after it
            record_event(actor=user, action="quota.exceeded", query={"kind": kind, "limit": limit})
        raise QuotaExceeded(kind=kind, limit=limit, window_s=window)
    return int(used)


def _uncounted(*, user, kind: str) -> int:
    if kind in settings.LOOKUP_QUOTAS_FAIL_CLOSED:
        logger.error(
            "%s lookup refused: its quota cannot be counted, Redis unavailable (user %s)", kind, user.pk
        )
        raise QuotaUnavailable(kind=kind)
    # Fail open: officers keep working through a Redis outage (healthz reports it); the audit
    # log still records every lookup, so volumes can be reviewed afterwards.
    logger.warning("%s lookup quota not counted: Redis unavailable (user %s)", kind, user.pk)
    return 0
