"""Reconciliation: open premises whose business has since appeared in the registry are closed."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from detection.models import Premises
from detection.registration import registry_matches
from nforce.tasks import RunCounts

from .history import audit_assignments, audit_premises_registered
from .locks import hold_dispatch_lock
from .models import Assignment


@dataclass(frozen=True)
class ReconciliationSummary(RunCounts):
    premises_registered: int
    assignments_closed: int


@transaction.atomic
def close_registered_premises() -> ReconciliationSummary:
    """Idempotent: a premises once marked registered is no longer open, so it is never matched again."""
    hold_dispatch_lock()
    matches = registry_matches()
    if not matches:
        return ReconciliationSummary(premises_registered=0, assignments_closed=0)
    now = timezone.now()
    premises = list(Premises.objects.filter(pk__in=matches, status=Premises.Status.OPEN).select_for_update())
    for item in premises:
        item.status = Premises.Status.REGISTERED
        item.registered_employer_id = matches[item.pk]
        item.registered_at = item.closed_at = now
    Premises.objects.bulk_update(premises, ["status", "registered_employer", "registered_at", "closed_at"])
    audit_premises_registered(premises=premises)
    closed = _close_as_registered(matches, now)
    return ReconciliationSummary(premises_registered=len(premises), assignments_closed=closed)


def _close_as_registered(matches: dict[int, int], now) -> int:
    assignments = list(Assignment.objects.live().filter(premises_id__in=matches).select_for_update())
    for assignment in assignments:
        assignment.status = Assignment.Status.CLOSED
        assignment.outcome = Assignment.Outcome.REGISTERED
        assignment.employer_id = matches[assignment.premises_id]
        assignment.closed_at = now
    Assignment.objects.bulk_update(assignments, ["status", "outcome", "employer", "closed_at"])
    audit_assignments(assignments=assignments, action="dispatch.reconciled")
    return len(assignments)
