"""Celery tasks that keep the rollups fresh. Thin: parse primitives, delegate, log.

The task names keep the "nforce.dashboard." prefix of the days when the dashboard lived inside
nforce: beat schedules and messages already queued name the tasks by these strings.
"""

import logging
from collections.abc import Sequence
from datetime import date, timedelta

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError
from django.utils import timezone

from nforce.locks import held_or_skipped

from .freshness import Touch, days_of_case, days_of_premises, refresh_touched
from .periods import Period
from .rollups import rebuild_rollups, refresh_rollups

log = logging.getLogger(__name__)

# A burst of checks on one day costs one refresh: the first write of the burst marks the day
# pending and enqueues a refresh a few seconds later; the others find it pending and stop there.
# The task unmarks the day *before* reading the facts, so a write that commits after that read
# started marks it again. The TTL frees a day whose task was lost.
DEBOUNCE_S = 3
PENDING_TTL_S = 120
REBUILD_LOCK = "dashboard-rebuild-rollups"
# A refresh recomputes from the facts under an advisory lock: safe to retry, late or twice.
RETRIED: dict = {
    "acks_late": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "max_retries": 5,
}


def pending_key(day: date) -> str:
    return f"nforce:dashboard:pending:{day.isoformat()}"


def schedule_refresh(touch: Touch) -> None:
    """Run after commit: enqueue a refresh of the touched days that are not already pending."""
    days = [day for day in sorted(touch.days) if cache.add(pending_key(day), 1, PENDING_TTL_S)]
    if not (days or touch.premises_ids or touch.employer_ids):
        return
    refresh_rollups_task.apply_async(
        kwargs={
            "days": [day.isoformat() for day in days],
            "premises_ids": sorted(touch.premises_ids),
            "employer_ids": sorted(touch.employer_ids),
        },
        countdown=DEBOUNCE_S,
    )


@shared_task(
    name="nforce.dashboard.refresh_rollups",
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def refresh_rollups_task(
    days: list[str], premises_ids: Sequence[int] = (), employer_ids: Sequence[int] = ()
) -> int:
    """Safe to run twice at once or late: it recomputes from the facts under an advisory lock."""
    parsed = frozenset(date.fromisoformat(day) for day in days)
    cache.delete_many([pending_key(day) for day in parsed])
    done = refresh_touched(
        touch=Touch(days=parsed, premises_ids=frozenset(premises_ids), employer_ids=frozenset(employer_ids))
    )
    log.info("dashboard rollups refreshed: %s (%d rows)", [str(p.start) for p in done.periods], done.rows)
    return done.rows


@shared_task(name="nforce.dashboard.refresh_recent_rollups", acks_late=True)
def refresh_recent_rollups_task(days_back: int = 7, days_ahead: int = 31) -> int:
    """Catches writes that send no signal (dispatch's bulk writes, COPY imports) on recent days;
    ahead, because an open assignment goes overdue on a future day. See .schedule."""
    today = timezone.localdate()
    period = Period(start=today - timedelta(days=days_back), end=today + timedelta(days=days_ahead))
    return refresh_rollups(period=period)


@shared_task(
    name="nforce.dashboard.rebuild_rollups",
    acks_late=True,
    soft_time_limit=settings.ROLLUP_REBUILD_TIME_LIMIT_S,
    time_limit=settings.ROLLUP_REBUILD_TIME_LIMIT_S + 5 * 60,
)
def rebuild_rollups_task() -> int | None:
    """Nightly: every day from the facts, a month per transaction (what `rebuild_rollups` does).

    Never two at once: a rebuild outlives the broker's visibility timeout, after which Redis
    hands the same message to another worker; that copy finds the lock held and stops (None)."""
    with held_or_skipped(REBUILD_LOCK, timeout_s=settings.ROLLUP_REBUILD_TIME_LIMIT_S + 6 * 60) as held:
        if not held:
            log.warning("dashboard rollups rebuild skipped: another rebuild is running")
            return None
        rows = rebuild_rollups()
    log.info("dashboard rollups rebuilt: %d rows", rows)
    return rows


@shared_task(name="nforce.dashboard.refresh_premises_rollups", **RETRIED)
def refresh_premises_rollups_task(premises_ids: Sequence[int]) -> int:
    """Premises placed in another area, merged, excluded or split off (detection's
    premises_changed): every day they count on, a month per transaction. Safe to run twice."""
    period = days_of_premises(premises_ids=set(premises_ids))
    rows = rebuild_rollups(period=period) if period is not None else 0
    log.info("dashboard rollups refreshed for %d changed premises: %d rows", len(premises_ids), rows)
    return rows


@shared_task(name="nforce.dashboard.refresh_case_rollups", **RETRIED)
def refresh_case_rollups_task(case_id: int) -> int:
    """A case changed (enforcement's case_changed): the days of its events, recomputed. Safe to
    run twice: it recomputes from the facts under the advisory lock."""
    done = refresh_touched(touch=Touch(days=frozenset(days_of_case(case_id=case_id))))
    log.info("dashboard rollups refreshed for case %d: %d rows", case_id, done.rows)
    return done.rows
