"""Signal receivers: a premises stored is dispatched without waiting for the next beat.

A run places every open premises, so a burst of premises needs one run, not one each: the first
premises of a burst marks a run queued (a Redis key that lives RUN_DELAY_S) and queues it to start
when the mark expires; the others find the mark and stop there. The run starts after the mark is
gone and after every premises that found it committed, so it places them all. The beat run
catches what a lost run (or a worker's clock running ahead of the web's) leaves behind.
"""

import logging

from django.core.cache import cache
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RUN_QUEUED_KEY = "nforce:dispatch:run-queued"
RUN_DELAY_S = 10
RUN_EXPIRES_S = 5 * 60


def dispatch_stored_premises(sender, premises_id: int, **kwargs) -> None:
    """Detection sends this on commit; on_commit here still holds if a sender ever sends it
    mid-transaction. robust: the premises is stored whatever happens to the enqueue."""
    transaction.on_commit(_enqueue_run, robust=True)


def dispatch_changed_premises(sender, premises_ids: list[int], why: str = "", **kwargs) -> None:
    """Premises placed in another area, merged, excluded or split off (detection sends this on
    commit): one run places the newly placed, moves cases to the new area's inspectors and
    closes the cases of premises no longer open."""
    transaction.on_commit(_enqueue_run, robust=True)


def _enqueue_run() -> None:
    from .tasks import assign_open_premises_task

    if not _first_of_burst():
        return
    try:
        # Not run within a beat period of when it was due: the beat's own run has done its work.
        assign_open_premises_task.apply_async(countdown=RUN_DELAY_S, expires=RUN_DELAY_S + RUN_EXPIRES_S)
    except BrokerError:
        # The beat run places it within minutes; the officer's request must not fail for this.
        logger.warning("dispatch run not enqueued (broker unavailable); beat will place the premises")
        return
    logger.info("premises stored: dispatch run enqueued in %d s", RUN_DELAY_S)


def _first_of_burst() -> bool:
    """Marks a run queued, unless one is already (True: no run was queued, queue one)."""
    try:
        return cache.add(RUN_QUEUED_KEY, 1, RUN_DELAY_S)
    except RedisError:
        logger.warning("dispatch run mark unavailable (Redis down?): the run is enqueued unmarked")
        return True


def hand_opened_case(sender, case_id: int, action: str, **kwargs) -> None:
    """A case opened on a premises already assigned goes to that premises' inspector."""
    if action != "opened":
        return
    from enforcement.cases import hand_to
    from enforcement.models import Case

    from .models import Assignment

    case = Case.objects.filter(pk=case_id, inspector__isnull=True).first()
    live = (
        Assignment.objects.live()
        .filter(premises_id=case.premises_id)
        .select_related("inspector__user")
        .first()
        if case
        else None
    )
    if case is not None and live is not None:
        hand_to(case, live.inspector.user)
