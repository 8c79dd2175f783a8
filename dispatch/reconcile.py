"""Reconciliation: open premises whose business has since appeared in the registry are closed."""

from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from detection.models import Premises

from .history import audit_assignments, audit_premises_registered
from .locks import hold_dispatch_lock
from .models import Assignment

# A signboard name and a registered name this alike (pg_trgm similarity of registry.names
# keys), registered this close, are the same business; a shared SSM number always is.
NAME_SIMILARITY = 0.6
NEAR_METRES = 100

# Two LATERAL look-ups so that each uses its own index: the SSM numbers' b-tree indexes, and the
# employers' GiST location index (ST_DWithin) before any similarity is computed.
MATCHES_SQL = """
SELECT p.id, COALESCE(by_number.id, by_name.id)
FROM detection_premises p
LEFT JOIN LATERAL (
    SELECT e.id FROM registry_employer e
    WHERE e.ceased_on IS NULL
      AND ((p.ssm_new IS NOT NULL AND e.ssm_new = p.ssm_new)
           OR (p.ssm_old IS NOT NULL AND e.ssm_old = p.ssm_old))
    ORDER BY e.ssm_new IS NOT DISTINCT FROM p.ssm_new DESC, e.id
    LIMIT 1
) by_number ON TRUE
LEFT JOIN LATERAL (
    SELECT e.id,
           GREATEST(similarity(e.name_key, p.name_key), similarity(e.trading_name_key, p.name_key)) AS score
    FROM registry_employer e
    WHERE e.ceased_on IS NULL
      AND e.location IS NOT NULL
      AND ST_DWithin(e.location, p.location, %(near)s)
    ORDER BY score DESC, e.id
    LIMIT 1
) by_name ON p.name_key <> '' AND by_name.score >= %(similarity)s
WHERE p.status = 'open' AND (by_number.id IS NOT NULL OR by_name.id IS NOT NULL)
ORDER BY p.id
"""


@dataclass(frozen=True)
class ReconciliationSummary:
    premises_registered: int
    assignments_closed: int

    def as_dict(self) -> dict:
        return {
            "premises_registered": self.premises_registered,
            "assignments_closed": self.assignments_closed,
        }


@transaction.atomic
def close_registered_premises() -> ReconciliationSummary:
    """Idempotent: a premises once marked registered is no longer open, so it is never matched again."""
    hold_dispatch_lock()
    matches = _registry_matches()
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


def _registry_matches() -> dict[int, int]:
    """premises id -> employer id, for open premises that now match a live employer."""
    with connection.cursor() as cursor:
        cursor.execute(MATCHES_SQL, {"near": NEAR_METRES, "similarity": NAME_SIMILARITY})
        return dict(cursor.fetchall())


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
