"""What an inspector found on site: the outcome closes (or continues) the case."""

from datetime import date, datetime, timedelta
from uuid import UUID

from django.contrib.gis.geos import Point
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from detection.models import Premises
from enforcement.cases import ActionRefused, act, live_case_of
from nforce.audit import record_event
from nforce.models import User
from nforce.problems import Refused
from registry.identifiers import InvalidIdentifier, compact, parse_employer_code
from registry.models import Employer

from .assign import follow_up_days
from .models import Assignment, OutcomeRecord

Outcome = Assignment.Outcome

# These end the case; a notice issued or a refusal keeps it with the inspector for a follow-up.
PREMISES_STATUS_AFTER: dict[str, str] = {
    Outcome.REGISTERED: Premises.Status.REGISTERED,
    Outcome.CEASED: Premises.Status.CEASED,
    Outcome.MOVED: Premises.Status.MOVED,
    Outcome.NOT_FOUND: Premises.Status.NOT_FOUND,
}


class OutcomeRefused(Refused):
    """The outcome cannot be recorded."""


@transaction.atomic
def record_outcome(
    *,
    assignment_id: int,
    inspector: User,
    outcome: str,
    now: datetime,
    on: date,
    employer_code: str = "",
    notes: str = "",
    position: Point | None = None,
    client_uuid: UUID | None = None,
) -> Assignment:
    """Raises Assignment.DoesNotExist for another inspector's assignment (shown as not found).

    Idempotent on `client_uuid`: the same outcome sent again gets the first answer back and
    changes nothing; the same UUID with another body, assignment or inspector is a conflict.
    """
    assignment = (
        # The premises too: a supervisor's merge or exclusion (detection.quality) is read as
        # committed, not as it was before this request waited for it.
        Assignment.objects.select_for_update(of=("self", "premises"))
        .select_related("premises", "employer")
        .get(pk=assignment_id, inspector__user=inspector)
    )
    # Looked up under the assignment's lock: two copies sent at once take turns here, and the
    # second finds the first's record.
    stored = (
        OutcomeRecord.objects.select_related("employer").filter(client_uuid=client_uuid).first()
        if client_uuid
        else None
    )
    if stored is not None:
        sent = (outcome, compact(employer_code) if outcome == Outcome.REGISTERED else "", notes.strip())
        return _answered_before(assignment, stored, inspector=inspector, sent=sent)
    employer = _employer_for(outcome=outcome, code=employer_code)
    if assignment.status == Assignment.Status.CLOSED:
        return _replayed(assignment, outcome=outcome, employer=employer)
    _apply(
        assignment,
        outcome=outcome,
        employer=employer,
        notes=notes,
        position=position,
        by=inspector,
        now=now,
        on=on,
    )
    _close_premises(assignment.premises, outcome=outcome, employer=employer, now=now)
    if outcome == Outcome.NOTICE_ISSUED:
        _notice_through_case(assignment, inspector=inspector, now=now, position=position)
    if client_uuid is not None:
        _keep_record(assignment, client_uuid=client_uuid, by=inspector, notes=notes, position=position)
    record_event(
        actor=inspector,
        action="dispatch.outcome",
        query={
            "assignment": assignment.pk,
            "premises": assignment.premises_id,
            "outcome": outcome,
            "employer_code": employer.employer_code if employer else "",
            "status": assignment.status,
        },
        result_count=1,
        location=position,
    )
    return assignment


def _notice_through_case(
    assignment: Assignment, *, inspector: User, now: datetime, position: Point | None
) -> None:
    """ "Notice issued" on a premises with an open case issues the case's numbered notice."""
    case = live_case_of(assignment.premises_id)
    if case is None or case.state != "open":
        return
    try:
        act(case, "notice", inspector, now, position)
    except ActionRefused as refused:
        raise OutcomeRefused(field=None, message=refused.message, conflict=refused.conflict) from refused


def _employer_for(*, outcome: str, code: str) -> Employer | None:
    """Only "registered" reads the code: one typed beside another outcome is ignored, as the page says."""
    if outcome != Outcome.REGISTERED:
        return None
    if not code.strip():
        raise OutcomeRefused(field="employer_code", message=_("Registered needs the new employer code."))
    try:
        code = parse_employer_code(code)
    except InvalidIdentifier as error:
        raise OutcomeRefused(field="employer_code", message=error.message) from error
    employer = Employer.objects.filter(employer_code=code).first()
    if employer is None:
        message = _(
            "No employer with code %(code)s in the registry. Check the code on the registration letter."
        )
        raise OutcomeRefused(field="employer_code", message=message % {"code": code})
    return employer


def _replayed(assignment: Assignment, *, outcome: str, employer: Employer | None) -> Assignment:
    """A phone that lost the answer sends the same outcome again: same answer, nothing changes."""
    if assignment.outcome == outcome and assignment.employer_id == (employer.pk if employer else None):
        return assignment
    raise OutcomeRefused(field=None, message=_("This assignment is already closed."), conflict=True)


def _keep_record(
    assignment: Assignment, *, client_uuid: UUID, by: User, notes: str, position: Point | None
) -> None:
    assert assignment.visited_at is not None  # _apply() has just set it
    try:
        with transaction.atomic():
            OutcomeRecord.objects.create(
                client_uuid=client_uuid,
                assignment=assignment,
                recorded_by=by,
                recorded_at=assignment.visited_at,
                outcome=assignment.outcome,
                employer=assignment.employer,
                notes=notes.strip(),
                position=position,
                status_after=assignment.status,
                due_on_after=assignment.due_on,
            )
    except IntegrityError as error:  # the UUID is another assignment's, stored meanwhile
        raise _uuid_conflict() from error


def _answered_before(
    assignment: Assignment, stored: OutcomeRecord, *, inspector: User, sent: tuple[str, str, str]
) -> Assignment:
    """The assignment as the first answer showed it (not saved): what the phone missed.
    `sent`: the outcome, employer code and notes of the replay, compared with the first."""
    first = (stored.outcome, stored.employer.employer_code if stored.employer else "", stored.notes)
    if stored.assignment_id != assignment.pk or stored.recorded_by_id != inspector.pk or sent != first:
        raise _uuid_conflict()
    assignment.outcome, assignment.employer = stored.outcome, stored.employer
    assignment.status, assignment.due_on = stored.status_after, stored.due_on_after
    assignment.visited_at = stored.recorded_at
    closed = stored.status_after == Assignment.Status.CLOSED
    assignment.closed_at = stored.recorded_at if closed else None
    return assignment


def _uuid_conflict() -> OutcomeRefused:
    message = _("This client_uuid was already used for a different outcome.")
    return OutcomeRefused(field="client_uuid", message=message, conflict=True)


def _apply(
    assignment: Assignment,
    *,
    outcome: str,
    employer: Employer | None,
    notes: str,
    position: Point | None,
    by: User,
    now: datetime,
    on: date,
) -> None:
    assignment.outcome = outcome
    assignment.employer = employer
    assignment.notes = "\n".join(part for part in (assignment.notes, notes.strip()) if part)
    assignment.visit_location = position
    assignment.visited_at = now
    if outcome in PREMISES_STATUS_AFTER:
        assignment.status = Assignment.Status.CLOSED
        assignment.closed_at = now
        assignment.closed_by = by
    else:
        assignment.status = Assignment.Status.VISITED
        assignment.due_on = on + timedelta(days=follow_up_days())
    assignment.save()


def _close_premises(premises: Premises, *, outcome: str, employer: Employer | None, now: datetime) -> None:
    status = PREMISES_STATUS_AFTER.get(outcome)
    if status is None or premises.status == Premises.Status.EXCLUDED:
        return  # excluded by a supervisor: no business to close (the next dispatch run ends the case)
    while premises.status == Premises.Status.MERGED and premises.merged_into_id is not None:
        # The same business as the premises it was merged into: the outcome is that one's.
        premises = Premises.objects.select_for_update().get(pk=premises.merged_into_id)
    premises.status = status
    premises.closed_at = now
    if employer is not None:
        premises.registered_employer = employer
        premises.registered_at = now
    premises.save(update_fields=["status", "closed_at", "registered_employer", "registered_at"])
