"""Per-user lookup quotas, counted atomically in Redis: a stolen login cannot copy the registry.

Each kind of lookup has a limit per rolling window (fixed windows of WINDOW_S seconds). The
counter is one INCR with the expiry set on first use, in a single round trip.
"""

import logging
from dataclasses import dataclass

import redis
from django.conf import settings
from django.utils.translation import gettext as _

from .audit import record_event

logger = logging.getLogger(__name__)

_COUNT = """
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n
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


_clients: dict[str, redis.Redis] = {}


def shared_redis() -> redis.Redis:
    """One connection pool per Redis URL, shared by the requests of a process."""
    url = settings.REDIS_URL
    if url not in _clients:
        _clients[url] = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
    return _clients[url]


def count_lookup(*, user, kind: str) -> int:
    """Count one lookup of `kind` by `user`; raise QuotaExceeded past the limit (and audit it)."""
    limit = settings.LOOKUP_QUOTAS[kind]
    window = settings.LOOKUP_QUOTA_WINDOW_S
    key = f"nforce:quota:{kind}:{user.pk}"
    try:
        used = int(shared_redis().eval(_COUNT, 1, key, window))
    except redis.RedisError:
        # Fail open: officers keep working through a Redis outage (healthz reports it); the
        # audit log still records every lookup, so volumes can be reviewed afterwards.
        logger.warning("lookup quota not counted: Redis unavailable (user %s)", user.pk)
        return 0
    if used > limit:
        if used == limit + 1:  # audit the first refusal of a window, not every one after it
            record_event(actor=user, action="quota.exceeded", query={"kind": kind, "limit": limit})
        raise QuotaExceeded(kind=kind, limit=limit, window_s=window)
    return used
