"""Thin Celery tasks: one domain call, a JSON-safe summary out."""

import logging

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from .escalation import escalate_past_due
from .findings import record_findings, record_missing_findings
from .reconcile import reconcile_cases

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def record_findings_task(detection_id: int) -> dict:
    """Idempotent: a detection delivered twice adds its findings once (enforcement.findings)."""
    case = record_findings(detection_id=detection_id)
    return {"detection": detection_id, "case": case.pk if case else None}


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def record_missing_findings_task() -> dict:
    """The sweep behind record_findings_task: findings whose task was lost."""
    opened = record_missing_findings(now=timezone.now())
    if opened:
        logger.warning("findings sweep: %d detections had no findings recorded; now recorded", opened)
    return {"recorded": opened}


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def reconcile_cases_task() -> dict:
    """Idempotent: a case registered once is not matched again (enforcement.reconcile)."""
    summary = reconcile_cases().as_dict()
    logger.info("case reconciliation: %s", summary)
    return summary


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def escalate_past_due_cases_task() -> dict:
    """Idempotent: one notification per case, kind and due date."""
    summary = escalate_past_due(on=timezone.localdate()).as_dict()
    logger.info("case escalation: %s", summary)
    return summary
