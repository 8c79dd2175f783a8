"""The workers found unregistered at a case's premises, reconciled one by one with the registry.

A worker counts as registered when the registry holds a current employment of theirs under the
case's employer. They are matched on the keyed hash kept at the check (detection/workers.py):
Nforce never stores the number outside the registry, so the employer's workers are hashed here
(under every key, current and retired) and compared. Workers only counted on site (no number
typed) cannot be followed one by one: they neither count as registered nor hold a case open.
"""

from datetime import datetime

from django.db.models import Q, QuerySet

from detection.models import DetectionWorker
from nforce.audit import identifier_hashes
from registry.models import Employment

from .models import Case, Finding, WorkerRegistration


def awaiting(path: str = "") -> Q:
    """A worker (at `path`, e.g. "detection__workers__") not registered under the employer at the
    check and not matched since."""
    return Q(**{f"{path}registered": False, f"{path}registration__isnull": True})


def _found_for(case: Case) -> QuerySet[DetectionWorker]:
    detections = Finding.objects.filter(case=case, detection__isnull=False).values("detection_id")
    return DetectionWorker.objects.filter(detection_id__in=detections).order_by("id")


def workers_awaiting_registration(case: Case) -> QuerySet[DetectionWorker]:
    return _found_for(case).filter(awaiting())


def workers_found(case: Case) -> list[DetectionWorker]:
    """Every worker found on site for the case's findings, with their registration if matched."""
    return list(_found_for(case).select_related("registration"))


def register_found_workers(case: Case, *, at: datetime) -> int:
    """Record each awaiting worker whom the registry now employs under the case's employer."""
    if case.employer_id is None:
        return 0
    awaiting = list(workers_awaiting_registration(case))
    if not awaiting:
        return 0
    employed = _hashes_of_current_workers(case.employer_id)
    matched = [worker for worker in awaiting if worker.id_hash in employed]
    WorkerRegistration.objects.bulk_create(
        [
            WorkerRegistration(case=case, worker=worker, foreign=worker.foreign, registered_at=at)
            for worker in matched
        ]
    )
    return len(matched)


def _hashes_of_current_workers(employer_id: int) -> set[str]:
    numbers = Employment.objects.filter(employer_id=employer_id, ended_on__isnull=True).values_list(
        "person__id_number", flat=True
    )
    return {digest for number in numbers for digest in identifier_hashes(number)}
