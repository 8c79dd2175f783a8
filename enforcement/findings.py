"""From a detection to a case: a non-compliant outcome opens the premises' case (or adds to it)
with one finding per section of the Act broken. Connected to detection's signals (apps.py)."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from detection.models import Detection, DetectionWorker

from .models import Case, Finding, Section
from .parameters import ACT800_IN_FORCE

logger = logging.getLogger(__name__)

# The contract strings of detection.outcomes.NON_COMPLIANT (ENFORCEMENT.md).
NON_COMPLIANT = frozenset({"unregistered", "employees_not_registered", "registered_not_contributing"})
# How far back the sweep looks for detections whose findings were never recorded.
SWEEP_DAYS = 7


@dataclass(frozen=True)
class Workers:
    """Workers found on site and not registered under the employer: local and foreign."""

    local: int
    foreign: int

    @property
    def total(self) -> int:
        return self.local + self.foreign


def sections_found(
    *, outcome: str, workers: Workers, seen: int, on_act800: bool
) -> list[tuple[str, int, int]]:
    """(section, workers, foreign workers) for one detection. Pure.

    Act 800 (employment insurance) covers Malaysian and permanent-resident employees only, and
    applies from 1 Jan 2018; Act 4 covers foreign workers too (since 2019).
    """
    found: list[tuple[str, int, int]] = []
    if outcome == "unregistered":
        found.append((Section.ACT4_S4, max(seen, workers.total), workers.foreign))
        if on_act800 and (workers.local or not workers.total):
            found.append((Section.ACT800_S14, max(seen - workers.foreign, workers.local), 0))
    if outcome == "registered_not_contributing":
        found.append((Section.ARREARS, seen, 0))
    # Workers found unregistered make s.5 / s.16 findings whatever the outcome: an officer's
    # "compliant" with unregistered workers on the list keeps its outcome, not its workers.
    unregistered = workers
    if outcome == "employees_not_registered" and not workers.total and seen:
        unregistered = Workers(local=seen, foreign=0)  # no list of workers: as many as seen
    if unregistered.total:
        found.append((Section.ACT4_S5, unregistered.total, unregistered.foreign))
    if on_act800 and unregistered.local:
        found.append((Section.ACT800_S16, unregistered.local, 0))
    return found


def detection_recorded(sender, detection_id: int, **kwargs) -> None:
    """Receiver of detection.signals.detection_recorded (sent on commit). The worker opens the
    case: the officer's phone gets its answer without waiting for it. With the broker down the
    case is opened here and now; a task lost after that is found again by the sweep
    (record_missing_findings, on beat)."""
    from .tasks import record_findings_task

    try:
        record_findings_task.delay(detection_id)
    except BrokerError:
        logger.warning("detection %s: findings not queued (broker unavailable); recorded now", detection_id)
        record_findings(detection_id=detection_id)


def record_missing_findings(*, now: datetime, days: int = SWEEP_DAYS) -> int:
    """Record the findings of the last `days` days' detections that should have some and have
    none (their task lost with a broker's restart, or a worker's crash). Returns the cases made."""
    listed_unregistered = DetectionWorker.objects.filter(detection=OuterRef("pk"), registered=False)
    missing = (
        Detection.objects.filter(observed_at__gte=now - timedelta(days=days), premises__isnull=False)
        .filter(Q(outcome__in=NON_COMPLIANT) | Q(Exists(listed_unregistered)))
        .exclude(Exists(Finding.objects.filter(detection=OuterRef("pk"))))
        .order_by("observed_at", "pk")
        .values_list("pk", flat=True)
    )
    return sum(record_findings(detection_id=pk) is not None for pk in missing)


def record_findings(*, detection_id: int) -> Case | None:
    detection = (
        Detection.objects.select_related("premises__area__office", "officer", "area__office")
        .filter(pk=detection_id)
        .first()
    )
    if detection is None:
        return None
    found = sections_found(
        outcome=detection.outcome,
        workers=_workers_of(detection),
        seen=detection.workers_seen or 0,
        on_act800=ACT800_IN_FORCE.on(timezone.localdate(detection.observed_at)),
    )
    if detection.outcome not in NON_COMPLIANT and not found:
        return None
    if detection.premises is None:
        logger.info("detection %s: non-compliant without a premises; no case opened", detection_id)
        return None
    return _add_to_case(detection, found)


def _workers_of(detection: Detection) -> Workers:
    """Workers listed on the detection and not registered under that employer (ops' model)."""
    rows = list(detection.workers.filter(registered=False).values_list("foreign", flat=True))
    foreign = sum(1 for is_foreign in rows if is_foreign)
    return Workers(local=len(rows) - foreign, foreign=foreign)


@transaction.atomic
def _add_to_case(detection: Detection, found: list[tuple[str, int, int]]) -> Case:
    from .cases import record_opening

    case, created = _live_case_for(detection)
    if Finding.objects.filter(detection=detection).exists():
        return case  # delivered again: already counted
    made = Finding.objects.bulk_create(
        [
            Finding(
                case=case,
                detection=detection,
                section=section,
                workers=workers,
                foreign_workers=foreign,
                found_at=detection.observed_at,
            )
            for section, workers, foreign in found
        ],
        ignore_conflicts=True,
    )
    if detection.employer_id and case.employer_id is None:
        case.employer_id = detection.employer_id
        case.save(update_fields=["employer"])
    record_opening(case, detection=detection, created=created, sections=[f.section for f in made])
    return case


def _live_case_for(detection: Detection) -> tuple[Case, bool]:
    premises = detection.premises
    assert premises is not None
    existing = Case.objects.live().select_for_update().filter(premises=premises).first()
    if existing is not None:
        return existing, False
    area = premises.area or detection.area
    office = (area.office if area else None) or detection.officer.home_office
    try:
        with transaction.atomic():  # a savepoint: another finding may open the case at the same instant
            return Case.objects.create(
                premises=premises,
                employer=detection.employer,
                office=office,
                area=area,
                opened_at=detection.observed_at,
                operation_id=detection.operation_id,
            ), True
    except IntegrityError:
        return Case.objects.live().select_for_update().get(premises=premises), False
