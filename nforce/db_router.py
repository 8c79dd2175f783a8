"""Registry lookups from a read replica, when one is configured; everything else on the primary.

The field checks (employer search, person check, eligibility facts) are nearly all of the
database's reads and none of its writes: a streaming replica can answer them, and more replicas
can be added as officers are. Writes, the audit log and logins stay on the primary ("default"):
an audit row must be readable the moment it is written, and a token just issued must work.

Configured by two settings (nforce/settings.py):
    DATABASES.update(replica_databases(env.str("DATABASE_REPLICA_URL", default=""), DATABASES["default"]))
    DATABASE_ROUTERS = ["nforce.db_router.ReplicaRouter"]
Without DATABASE_REPLICA_URL there is no "replica" alias and the router sends everything to default.
"""

import copy

from django.conf import settings
from django.db import connections

PRIMARY = "default"
REPLICA = "replica"
# Apps whose models are only written by imports, and read by every field check.
DEFAULT_REPLICA_APPS = ("registry",)


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
    replica["TEST"] = {"MIRROR": PRIMARY}
    return {REPLICA: replica}


def replica_apps() -> frozenset[str]:
    return frozenset(getattr(settings, "DATABASE_REPLICA_APPS", DEFAULT_REPLICA_APPS))


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str | None:
        if REPLICA not in settings.DATABASES or model._meta.app_label not in replica_apps():
            return None
        # A transaction on the primary reads its own snapshot: a replica's may be older.
        if connections[PRIMARY].in_atomic_block:
            return None
        return REPLICA

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
