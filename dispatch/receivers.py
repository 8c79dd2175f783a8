"""Signal receivers: a premises stored is dispatched without waiting for the next beat."""

import logging

from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)


def dispatch_stored_premises(sender, premises_id: int, **kwargs) -> None:
    """Detection sends this on commit; on_commit here still holds if a sender ever sends it
    mid-transaction. robust: the premises is stored whatever happens to the enqueue."""
    logger.info("premises %s stored: dispatch run enqueued", premises_id)
    transaction.on_commit(_enqueue_run, robust=True)


def _enqueue_run() -> None:
    from .tasks import assign_open_premises_task

    try:
        assign_open_premises_task.delay()
    except BrokerError:
        # The beat run places it within minutes; the officer's request must not fail for this.
        logger.warning("dispatch run not enqueued (broker unavailable); beat will place the premises")
