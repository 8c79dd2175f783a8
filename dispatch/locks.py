"""One dispatch writer at a time."""

import zlib

from django.db import connection

# Any fixed 64-bit key works; derived from a name so that it reads as ours in pg_locks.
DISPATCH_LOCK_KEY = zlib.crc32(b"nforce.dispatch")


def hold_dispatch_lock() -> None:
    """Wait for, then hold until commit, the lock every dispatch write takes.

    Runs, reconciliation and supervisor moves read "who has room" and then write; taken inside
    their transaction, this lock makes each see the other's committed work (a second run waits,
    then finds nothing left to do). A wait past statement_timeout raises OperationalError,
    which the tasks retry.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [DISPATCH_LOCK_KEY])
