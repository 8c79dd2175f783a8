"""Demo field activity: the checks officers made over the last four weeks, and their dispatch.

Composes the apps: the registry's fixed demo records, detection's capture, dispatch's assignment.
Deterministic client UUIDs make it idempotent: a detection already stored is not sent again.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from detection.capture import record_detection
from detection.models import Detection
from detection.submission import Submission
from dispatch.assign import assign_open_premises
from nforce.models import User
from registry.queries import employer_by_code

from .areas import ensure_demo_areas_and_inspectors
from .fixed import FIXED_EMPLOYERS
from .premises import unregistered_premises_for_demo

DEMO_NAMESPACE = uuid.UUID("6f1d2c3e-8a4b-4c5d-9e6f-7a8b9c0d1e2f")
OFFICERS = ("OFF001", "OFF002")
DAYS_BACK = 28


@dataclass(frozen=True)
class FieldReport:
    areas: int
    inspectors: int
    detections: int
    assigned: int


def ensure_demo_field_activity(*, now: datetime) -> FieldReport:
    areas, inspectors = ensure_demo_areas_and_inspectors()
    made = _record_unregistered_premises(now=now) + _record_registered_checks(now=now)
    summary = assign_open_premises(on=now.date())
    return FieldReport(areas=areas, inspectors=inspectors, detections=made, assigned=summary.created)


def _record_unregistered_premises(*, now: datetime) -> int:
    made = 0
    for index, premises in enumerate(unregistered_premises_for_demo()):
        submission = Submission(
            client_uuid=uuid.uuid5(DEMO_NAMESPACE, f"premises:{premises.name}:{premises.lat}"),
            observed_at=_when(now, index),
            latitude=premises.lat,
            longitude=premises.lon,
            accuracy_m=6 + index % 25,
            outcome=Detection.Outcome.UNREGISTERED,
            premises_name=premises.name,
            address=premises.address,
            kind=premises.kind,
            workers_seen=2 + index % 6,
        )
        made += record_once(officer=_officer(index), submission=submission)
    return made


def _record_registered_checks(*, now: datetime) -> int:
    made = 0
    for index, employer in enumerate(FIXED_EMPLOYERS):
        [found] = employer_by_code(employer.code, on=now.date())
        submission = Submission(
            client_uuid=uuid.uuid5(DEMO_NAMESPACE, f"employer:{employer.code}"),
            observed_at=_when(now, index * 5 + 1),
            latitude=employer.lat,
            longitude=employer.lon,
            accuracy_m=10,
            outcome=found.standing.code,
            employer_code=employer.code,
        )
        made += record_once(officer=_officer(index), submission=submission)
    return made


def _when(now: datetime, index: int) -> datetime:
    """Spread over the last four weeks, in working hours, older first."""
    day = now - timedelta(days=DAYS_BACK - index % DAYS_BACK)
    return day.replace(hour=9 + index % 8, minute=(index * 7) % 60, second=0, microsecond=0)


def _officer(index: int) -> User:
    return User.objects.get(staff_number=OFFICERS[index % len(OFFICERS)])


# The demo writes months of past field work (operations, cases) through the same capture path;
# a phone's check older than DETECTION_MAX_AGE_DAYS is refused, the demo's history is not.
DEMO_HISTORY = timedelta(days=3 * 365)


@transaction.atomic
def record_once(*, officer: User, submission: Submission) -> int:
    if Detection.objects.filter(client_uuid=submission.client_uuid).exists():
        return 0
    record_detection(officer=officer, submission=submission, max_age=DEMO_HISTORY)
    return 1
