"""Reconciliation: when the registry has the business, the case's registration part closes by
itself (days to registration kept); each worker found unregistered is matched with the registry
one by one (workers.py); and the case closes when no compound is outstanding and no worker found
on site awaits registration."""

from dataclasses import dataclass
from datetime import datetime, time

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from detection.registration import registry_matches
from nforce.tasks import RunCounts
from registry.models import Employer

from . import states
from .cases import _record, resolve_findings
from .models import Case, Finding, Section
from .workers import awaiting, register_found_workers

REGISTRATION_SECTIONS = (Section.ACT4_S4, Section.ACT800_S14)
WORKER_SECTIONS = (Section.ACT4_S5, Section.ACT800_S16)
# Closed by registration alone: nothing was compounded, or the compound is settled.
CLOSES_ON_REGISTRATION = frozenset({states.OPEN, states.NOTICE_ISSUED, states.PAID, states.WAIVED})


@dataclass(frozen=True)
class CaseReconciliation(RunCounts):
    registered: int
    closed: int
    workers_registered: int = 0


@transaction.atomic
def reconcile_cases(*, now: datetime | None = None) -> CaseReconciliation:
    """Idempotent: a case once registered is not matched again; one closed is no longer live."""
    now = now or timezone.now()
    registered = sum(_registered(case, employer, now) for case, employer in _newly_registered())
    workers = sum(_workers_registered(case, now) for case in _awaiting_workers())
    closed = sum(_close_settled(case, now) for case in _settled())
    return CaseReconciliation(registered=registered, closed=closed, workers_registered=workers)


def _awaiting() -> Exists:
    """The case has a worker found on site, unregistered then and not matched since."""
    return Exists(Finding.objects.filter(awaiting("detection__workers__"), case=OuterRef("pk")))


def _awaiting_workers() -> list[Case]:
    """Cases whose employer is known, closed ones too: a worker registered after the case closed
    still counts in the figures."""
    return list(Case.objects.filter(_awaiting(), employer__isnull=False).select_for_update(of=("self",)))


def _workers_registered(case: Case, now: datetime) -> int:
    matched = register_found_workers(case, at=now)
    if matched and not Case.objects.filter(_awaiting(), pk=case.pk).exists():
        resolve_findings(case, sections=WORKER_SECTIONS, at=now)
    return matched


def _newly_registered() -> list[tuple[Case, Employer]]:
    cases = list(
        Case.objects.live()
        .filter(registered_at__isnull=True)
        .select_related("premises__registered_employer")
        .select_for_update(of=("self",))
    )
    open_premises = [case.premises_id for case in cases if case.premises.registered_employer_id is None]
    matches = registry_matches(premises_ids=open_premises) if open_premises else {}
    employers = Employer.objects.in_bulk(set(matches.values()))
    found = []
    for case in cases:
        employer = case.premises.registered_employer or employers.get(matches.get(case.premises_id, -1))
        if employer is not None:
            found.append((case, employer))
    return found


def _registered(case: Case, employer: Employer, now: datetime) -> int:
    """When: the registry's registration date if it is after the case opened, else now."""
    on = employer.registered_on
    opened = case.opened_at
    when = now
    if on is not None and timezone.localdate(opened) <= on <= timezone.localdate(now):
        when = datetime.combine(on, time(12), tzinfo=timezone.get_current_timezone())
    case.registered_at = when
    case.days_to_registration = max(0, (timezone.localdate(when) - timezone.localdate(opened)).days)
    case.employer = case.employer or employer
    case.save(update_fields=["registered_at", "days_to_registration", "employer"])
    resolve_findings(case, sections=REGISTRATION_SECTIONS, at=when)
    _record(
        case,
        action="registered",
        before=case.state,
        actor=None,
        at=now,
        location=None,
        details={"employer": employer.employer_code, "days_to_registration": case.days_to_registration},
    )
    return 1


def _settled() -> list[Case]:
    return list(
        Case.objects.live()
        .filter(registered_at__isnull=False, state__in=CLOSES_ON_REGISTRATION)
        .filter(~Q(_awaiting()))
        .select_for_update()
    )


def _close_settled(case: Case, now: datetime) -> int:
    before = case.state
    case.state = states.next_state(before, "close")
    case.closed_at = now
    case.save(update_fields=["state", "closed_at"])
    case.findings.filter(resolved_at__isnull=True).update(resolved_at=now)
    _record(
        case,
        action="close",
        before=before,
        actor=None,
        at=now,
        location=None,
        details={"reason": "registered", "note": ""},
    )
    return 1
