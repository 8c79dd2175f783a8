"""The audit trail of dispatch: every assignment made, moved or closed is one audit event."""

from collections.abc import Iterable

from detection.models import Premises
from nforce.models import AuditEvent, User

from .models import Assignment


def audit_assignments(*, assignments: Iterable[Assignment], action: str, actor: User | None = None) -> None:
    """One event per assignment, written in bulk: a first run may place tens of thousands.

    Same fields as nforce.audit.record_event (which writes one row at a time).
    """
    events = [
        AuditEvent(
            actor=actor if actor is not None and actor.is_authenticated else None,
            action=action,
            query=_facts(assignment),
            result_count=1,
        )
        for assignment in assignments
    ]
    AuditEvent.objects.bulk_create(events, batch_size=2000)


def _facts(assignment: Assignment) -> dict:
    facts = {
        "assignment": assignment.pk,
        "premises": assignment.premises_id,
        "inspector": assignment.inspector_id,
        "reason": assignment.reason,
    }
    if assignment.outcome:
        facts["outcome"] = assignment.outcome
    return facts


def audit_premises_registered(*, premises: Iterable[Premises], actor: User | None = None) -> None:
    """Premises closed as registered because their business is now in the registry."""
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=actor,
                action="dispatch.premises_registered",
                query={"premises": item.pk, "employer": item.registered_employer_id},
                result_count=1,
            )
            for item in premises
        ],
        batch_size=2000,
    )
