"""The one entry for every move of a case (act), and handing a case to an inspector (hand_to)."""

import uuid
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.gis.geos import Point
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from detection.operations import amnesty_covering
from nforce.audit import record_event
from nforce.models import User
from nforce.problems import Refused

from . import states
from .compounds import NoRate, Offence, assess, schedule_on
from .models import Case, CaseEvent, Finding, Section
from .numbering import next_number
from .signals import case_changed
from .states import IllegalMove

__all__ = ["ActionRefused", "IllegalMove", "act", "hand_premises_cases", "hand_to"]

WAIVE_REASONS = ("amnesty", "reduction")
CLOSE_REASONS = ("registered", "not_liable", "ceased", "court_decided")
COMPOUNDED_SECTIONS = (Section.ACT4_S4, Section.ACT4_S5, Section.ACT800_S14, Section.ACT800_S16)
PER_WORKER = (Section.ACT4_S5, Section.ACT800_S16)


class ActionRefused(Refused):
    """The move is allowed from this state but not with these fields (400), or not now (409)."""


@transaction.atomic
def act(
    case: Case,
    action: str,
    actor: User,
    at: datetime,
    location: Point | None,
    *,
    client_uuid: uuid.UUID | None = None,
    **fields: Any,
) -> Case:
    """Raises IllegalMove(current state) or ActionRefused; a replayed client_uuid changes nothing."""
    case = Case.objects.select_for_update(of=("self",)).select_related("office", "premises").get(pk=case.pk)
    if client_uuid is not None and (replayed := _replay(case, action, client_uuid)) is not None:
        return replayed
    before = case.state
    target = states.next_state(before, action)
    details = MOVES[action](case, at=at, location=location, **fields)
    case.state = target
    case.save()
    _record(
        case,
        action=action,
        before=before,
        actor=actor,
        at=at,
        location=location,
        details=details,
        client_uuid=client_uuid,
    )
    return case


def _replay(case: Case, action: str, client_uuid: uuid.UUID) -> Case | None:
    event = CaseEvent.objects.filter(client_uuid=client_uuid).first()
    if event is None:
        return None
    if event.case_id != case.pk or event.action != action:
        raise ActionRefused(
            field="client_uuid",
            message=_("This client_uuid was already used for another action."),
            conflict=True,
        )
    return case


def _record(
    case: Case,
    *,
    action: str,
    before: str,
    actor: User | None,
    at: datetime,
    location: Point | None,
    details: dict,
    client_uuid: uuid.UUID | None = None,
) -> None:
    CaseEvent.objects.create(
        case=case,
        action=action,
        from_state=before,
        to_state=case.state,
        actor=actor,
        at=at,
        location=location,
        details=details,
        client_uuid=client_uuid,
    )
    record_event(
        actor=actor,
        action=f"case.{action}",
        query={"case": case.pk, "premises": case.premises_id, "from": before, "to": case.state, **details},
        result_count=1,
        location=location,
    )
    case_id = case.pk
    transaction.on_commit(lambda: case_changed.send(sender=Case, case_id=case_id, action=action))


# --- one function per action: checks its fields, sets what the move sets, returns its details ----
def _notice(case: Case, *, at: datetime, location: Point | None, **fields: Any) -> dict:
    _unexpected(fields)
    day = timezone.localdate(at)
    case.notice_number = next_number(_office(case), day.year, "notice")
    case.notice_issued_at = at
    case.notice_due = states.notice_due(day)
    return {"notice_number": case.notice_number, "due": case.notice_due.isoformat()}


def _compound(
    case: Case, *, at: datetime, location: Point | None, months_unregistered: Any = None, **fields: Any
) -> dict:
    _unexpected(fields)
    amnesty = amnesty_covering(case.premises.location, at)
    if amnesty is not None:
        message = _("No compound during the amnesty %(code)s: the employer is to register instead.")
        raise ActionRefused(field=None, message=message % {"code": amnesty.code}, conflict=True)
    day = timezone.localdate(at)
    months = _months(months_unregistered, case=case, at=at)
    offences = _offences(case)
    if not offences:
        message = _("Nothing to compound: arrears are dealt with by a compliance order.")
        raise ActionRefused(field=None, message=message, conflict=True)
    try:
        assessment = assess(
            schedule_on(day),
            offences=offences,
            months=months,
            registered_in_time=_registered_in_time(case),
            on=day,
        )
    except NoRate as missing:
        message = _("The compound schedule has no amount for %(section)s: an administrator must add it.")
        raise ActionRefused(
            field=None, message=message % {"section": missing.section}, conflict=True
        ) from None
    case.compound_number = next_number(_office(case), day.year, "compound")
    case.compounded_at = at
    case.compound_amount_rm = assessment.amount_rm
    case.compound_due = states.compound_due(day)
    lines = {
        line.section: {"count": line.count, "amount_rm": str(line.amount_rm)} for line in assessment.lines
    }
    return {
        "compound_number": case.compound_number,
        "amount_rm": str(assessment.amount_rm),
        "gross_rm": str(assessment.gross_rm),
        "reduction_percent": assessment.reduction_percent,
        "months_unregistered": months,
        "lines": lines,
        "due": case.compound_due.isoformat(),
    }


def _record_payment(
    case: Case,
    *,
    at: datetime,
    location: Point | None,
    receipt_number: Any = "",
    amount_rm: Any = None,
    **fields: Any,
) -> dict:
    _unexpected(fields)
    receipt = str(receipt_number or "").strip()
    if not receipt or len(receipt) > 40:
        raise ActionRefused(
            field="receipt_number", message=_("Enter the receipt number (up to 40 characters).")
        )
    paid = case.compound_amount_rm if amount_rm in (None, "") else _money(amount_rm)
    if paid != case.compound_amount_rm:
        message = _("The compound is RM%(amount)s: a payment records the full amount.")
        raise ActionRefused(field="amount_rm", message=message % {"amount": case.compound_amount_rm})
    case.paid_rm = paid
    return {"receipt_number": receipt, "amount_rm": str(paid)}


def _waive(
    case: Case, *, at: datetime, location: Point | None, reason: Any = "", note: Any = "", **fields: Any
) -> dict:
    _unexpected(fields)
    if reason not in WAIVE_REASONS:
        raise ActionRefused(field="reason", message=_("Choose why: amnesty or reduction decision."))
    return {"reason": reason, "note": _note(note)}


def _refer(case: Case, *, at: datetime, location: Point | None, note: Any = "", **fields: Any) -> dict:
    _unexpected(fields)
    return {"note": _note(note)}


def _close(
    case: Case, *, at: datetime, location: Point | None, reason: Any = "", note: Any = "", **fields: Any
) -> dict:
    _unexpected(fields)
    if reason and reason not in CLOSE_REASONS:
        raise ActionRefused(field="reason", message=_("Not a reason to close a case."))
    early = case.state in (states.OPEN, states.NOTICE_ISSUED)
    if early and case.registered_at is None and reason in ("", "registered"):
        message = _("The business is not registered yet: give another reason to close (not liable, ceased).")
        raise ActionRefused(field="reason", message=message)
    case.closed_at = at
    case.findings.filter(resolved_at__isnull=True).update(resolved_at=at)
    return {"reason": reason or "settled", "note": _note(note)}


MOVES = {
    "notice": _notice,
    "compound": _compound,
    "record_payment": _record_payment,
    "waive": _waive,
    "refer_prosecution": _refer,
    "close": _close,
}


def _unexpected(fields: dict) -> None:
    for name in fields:
        raise ActionRefused(field=name, message=_("This action takes no such field."))


def _office(case: Case):
    if case.office is None:
        message = _("This case has no office, so it cannot be numbered: an administrator must set it.")
        raise ActionRefused(field=None, message=message, conflict=True)
    return case.office


def _months(value: Any, *, case: Case, at: datetime) -> int:
    if value in (None, ""):
        first = (
            case.findings.order_by("found_at").values_list("found_at", flat=True).first() or case.opened_at
        )
        return max(0, (at.year - first.year) * 12 + at.month - first.month)
    try:
        months = int(value)
    except (TypeError, ValueError):
        months = -1
    if not 0 <= months <= 1200:
        raise ActionRefused(
            field="months_unregistered", message=_("Enter a whole number of months, 0 to 1200.")
        )
    return months


def _offences(case: Case) -> list[Offence]:
    workers: dict[str, int] = {}
    for section, count in case.findings.filter(section__in=COMPOUNDED_SECTIONS).values_list(
        "section", "workers"
    ):
        workers[section] = workers.get(section, 0) + count
    return [Offence(section=section, workers=count) for section, count in sorted(workers.items())]


def _registered_in_time(case: Case) -> bool:
    if case.registered_at is None or case.notice_due is None:
        return False
    return timezone.localdate(case.registered_at) <= case.notice_due


def _money(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ActionRefused(
            field="amount_rm", message=_("Enter an amount in ringgit, e.g. 500.00.")
        ) from None
    return amount


def _note(value: Any) -> str:
    note = str(value or "").strip()
    if len(note) > 2000:
        raise ActionRefused(field="note", message=_("Keep the note under 2,000 characters."))
    return note


# --- who holds a case ---------------------------------------------------------------------------------
@transaction.atomic
def hand_to(case: Case, user: User | None, *, by: User | None = None) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.inspector_id == (user.pk if user else None):
        return case
    previous = case.inspector_id
    case.inspector = user
    case.save(update_fields=["inspector"])
    _record(
        case,
        action="hand_to",
        before=case.state,
        actor=by,
        at=timezone.now(),
        location=None,
        details={"from_user": previous, "to_user": user.pk if user else None},
    )
    return case


def hand_premises_cases(*, holders: dict[int, int]) -> int:
    """Dispatch placed these premises (premises id -> user id): their live cases follow."""
    handed = 0
    cases = Case.objects.live().filter(premises_id__in=holders).select_related("inspector")
    for case in cases:
        if case.inspector_id != holders[case.premises_id]:
            hand_to(case, User.objects.get(pk=holders[case.premises_id]))
            handed += 1
    return handed


def live_case_of(premises_id: int) -> Case | None:
    return Case.objects.live().filter(premises_id=premises_id).first()


def resolve_findings(case: Case, *, sections: tuple[str, ...], at: datetime) -> int:
    return Finding.objects.filter(case=case, section__in=sections, resolved_at__isnull=True).update(
        resolved_at=at
    )


def record_opening(case: Case, *, detection, created: bool, sections: list[str]) -> None:
    """A case opened, or a finding added to it, by a detection (findings.py)."""
    _record(
        case,
        action="opened" if created else "finding",
        before=case.state,
        actor=detection.officer,
        at=detection.observed_at,
        location=detection.location,
        details={"detection": detection.pk, "sections": sections},
    )
