"""DRF throttles on the whole API (rates in REST_FRAMEWORK's DEFAULT_THROTTLE_RATES): per login once
signed in, per client address (nforce.addresses, never a forged header) before.

The counters live in Redis. Without it the API goes on unthrottled (logged): the lookups of
people still stop, their quota fails closed (nforce.quotas), and the audit log records it all.
"""

import logging

import redis
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from .addresses import client_address

logger = logging.getLogger(__name__)


class _Throttle(SimpleRateThrottle):
    def get_rate(self) -> str | None:
        # Read when asked, not when the class is made: a changed setting takes effect.
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope or "")
        return str(rate) if rate else None

    def get_ident(self, request) -> str:
        return client_address(request) or "unknown"

    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except redis.RedisError:
            logger.warning("API throttle %s not counted: Redis unavailable", self.scope)
            return True


class StaffRateThrottle(_Throttle, UserRateThrottle):
    scope = "staff"


class AnonymousRateThrottle(_Throttle, AnonRateThrottle):
    scope = "anonymous"
