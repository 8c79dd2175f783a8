"""Thin Celery tasks: ids and primitives in, one domain call, a JSON-safe summary out."""

import logging

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from .assign import assign_open_premises
from .reconcile import close_registered_premises

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def assign_open_premises_task() -> dict:
    """Safe to run twice at once, and again after a crash: assign_open_premises() holds an
    advisory lock, works in one transaction, and only places premises that have no live case."""
    summary = assign_open_premises(on=timezone.localdate()).as_dict()
    logger.info("dispatch run: %s", summary)
    return summary


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def close_registered_premises_task() -> dict:
    """Idempotent: premises closed as registered are no longer open, so never matched twice."""
    summary = close_registered_premises().as_dict()
    logger.info("dispatch reconciliation: %s", summary)
    return summary
