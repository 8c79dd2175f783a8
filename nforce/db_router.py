"""Registry lookups from a read replica, when one is configured; everything else on the primary.

The field checks (employer search, person check, eligibility facts) are nearly all of the
database's reads and none of its writes: a streaming replica can answer them, and more replicas
can be added as officers are. Writes, the audit log and logins stay on the primary ("default"):
an audit row must be readable the moment it is written, and a token just issued must work.

Configured by two settings (nforce/settings.py):
    DATABASES.update(replica_databases(env.str("DATABASE_REPLICA_URL", default=""), DATABASES["default"]))
    DATABASE_ROUTERS = ["nforce.db_router.ReplicaRouter"]
Without DATABASE_REPLICA_URL there is no "replica" alias and the router sends everything to default.

A replica that cannot be reached is not an outage: the read goes to the primary, and the replica
is left alone for settings.DATABASE_REPLICA_RETRY_S seconds (a circuit breaker, per process)
before a read tries it again. tests/nforce/test_replication.py proves this on a real hot standby;
docs/scaling.md has the measured replication lag and fallback time.
"""

import copy
import logging
import time

from django.conf import settings
from django.db import OperationalError, connections, router
from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger(__name__)

PRIMARY = "default"
REPLICA = "replica"
# Apps whose models are only written by imports, and read by every field check.
DEFAULT_REPLICA_APPS = ("registry",)
# libpq's shortest connect timeout (a value of 1 means 2): how long a read waits for a replica
# host that does not answer at all. A stopped server refuses at once.
REPLICA_CONNECT_TIMEOUT_S = 2

# When the replica was last found unreachable (time.monotonic()); one float per process, written
# whole, so threads need no lock: at worst two threads both try a replica that just went down.
_replica_down_at: float | None = None


def replica_databases(url: str, primary: dict) -> dict:
    """{"replica": settings} for DATABASE_REPLICA_URL (nothing when it is empty): the primary's
    options (statement timeout, connection reuse), and in tests a mirror of the test database."""
    if not url:
        return {}
    import environ

    replica = environ.Env.db_url_config(url, engine=primary["ENGINE"])
    for key in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS", "OPTIONS"):
        if key in primary:
            replica[key] = copy.deepcopy(primary[key])
    replica.setdefault("OPTIONS", {})["connect_timeout"] = REPLICA_CONNECT_TIMEOUT_S
    replica["TEST"] = {"MIRROR": PRIMARY}
    return {REPLICA: replica}


def replica_apps() -> frozenset[str]:
    return frozenset(getattr(settings, "DATABASE_REPLICA_APPS", DEFAULT_REPLICA_APPS))


def read_connection(model) -> BaseDatabaseWrapper:
    """The connection a hand-written read of `model` runs on: where the ORM would read it."""
    return connections[router.db_for_read(model)]


def replica_answers() -> bool:
    """Whether this thread's replica connection works, opening it if needed; False (without
    trying) for DATABASE_REPLICA_RETRY_S seconds after it last failed."""
    global _replica_down_at
    retry_s = settings.DATABASE_REPLICA_RETRY_S
    if _replica_down_at is not None and time.monotonic() - _replica_down_at < retry_s:
        return False
    replica = connections[REPLICA]
    try:
        # Django health-checks a reused connection at its first query of a request; done here,
        # a replica that went away since the last request is found before the read is routed.
        replica.close_if_health_check_failed()
        replica.ensure_connection()
    except OperationalError as error:
        _replica_down_at = time.monotonic()
        logger.warning("replica unreachable, reading from the primary for %s s: %s", retry_s, error)
        return False
    if _replica_down_at is not None:
        _replica_down_at = None
        logger.warning("replica answers again")
    return True


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str | None:
        if REPLICA not in settings.DATABASES or model._meta.app_label not in replica_apps():
            return None
        # A transaction on the primary reads its own snapshot: a replica's may be older.
        if connections[PRIMARY].in_atomic_block:
            return None
        return REPLICA if replica_answers() else None

    def db_for_write(self, model, **hints) -> str:
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # The replica holds the primary's rows: an employer read there may be linked to a
        # detection written here.
        if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool | None:
        # A replica follows the primary's schema through replication, never by migrate.
        return False if db == REPLICA else None
