"""What a phone sends for a detection (Submission), and what is wrong with it by itself
(parse_submission()): the checks that need no database.

A Submission keeps the text as sent: its keyed hash is how a replay is known (capture.py), so it
must not change when a rule does. Identifiers are read with the registry's parsers.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TypeVar
from uuid import UUID

from django.utils.translation import gettext as _

from nforce.positions import InvalidPosition, parse_position
from registry.identifiers import InvalidIdentifier, Ssm, normalise_id_number, parse_employer_code, parse_ssm

from .malaysia import in_malaysia
from .models import Detection
from .outcomes import canonical
from .workers import WorkerRead, WorkerSent

Outcome = Detection.Outcome
Subject = Detection.Subject
# Outcomes that say the business or the worker is in the registry: the record must say which.
REGISTERED_OUTCOMES = frozenset(
    {
        Outcome.COMPLIANT,
        Outcome.REGISTERED_NOT_CONTRIBUTING,
        Outcome.EMPLOYEES_NOT_REGISTERED,
        Outcome.CEASED,
    }
)
# Outcomes that make work for inspectors: the premises is stored (or joined) for follow-up.
PREMISES_OUTCOMES = frozenset({Outcome.UNREGISTERED, Outcome.NOT_FOUND})
# A phone's clock a few minutes fast is common; more is a clock set wrong (or a forged time).
MAX_CLOCK_AHEAD = timedelta(minutes=5)
# How long a check may wait in a phone's outbox before it is refused as too old to be evidence
# (DETECTION_MAX_AGE_DAYS in settings; this is the default of parse_submission).
DEFAULT_MAX_AGE = timedelta(days=30)
Value = TypeVar("Value")


@dataclass(frozen=True)
class Submission:
    """What the phone sent, parsed into types (by the API serializer); not yet checked."""

    client_uuid: UUID
    observed_at: datetime
    latitude: float
    longitude: float
    accuracy_m: float
    outcome: str
    employer_code: str = ""
    id_number: str = ""
    premises_name: str = ""
    address: str = ""
    kind: str = ""
    business_registration_no: str = ""
    workers_seen: int | None = None
    notes: str = ""
    # An operation named by the phone (it sends the running one's); else found from the position.
    operation: int | None = None
    # The "checked" detection a lookup made (registry.signals.lookup_made) that this completes.
    check_id: int | None = None
    workers: tuple[WorkerSent, ...] = ()

    def __post_init__(self) -> None:
        # The synonym sent by older phones ("registered_contributing") is stored as its finding.
        object.__setattr__(self, "outcome", canonical(self.outcome))

    @property
    def subject(self) -> str:
        if self.id_number:
            return Subject.PERSON
        if self.employer_code:
            return Subject.EMPLOYER
        return Subject.PREMISES


@dataclass(frozen=True)
class Reading:
    """The submission read: its identifiers normalised, and field -> message for what is wrong."""

    errors: dict[str, str]
    employer_code: str = ""
    id_number: str = ""  # only ever written to the audit log as a keyed hash
    ssm: Ssm = field(default_factory=Ssm)
    workers: tuple[WorkerRead, ...] = ()

    @property
    def placed(self) -> bool:
        """The position is a real one in Malaysia (else no area is looked for)."""
        return "latitude" not in self.errors


def parse_submission(
    submission: Submission, *, now: datetime, max_age: timedelta = DEFAULT_MAX_AGE
) -> Reading:
    """An unknown ID number is no error here, nor anywhere: it is stored unlinked, since a refusal
    would tell the caller whether someone is registered without an audited check."""
    times = _time_errors(submission, now=now, max_age=max_age)
    errors = _position_errors(submission) | times | _outcome_errors(submission)
    employer_code = _read(errors, "employer_code", parse_employer_code, submission.employer_code, "")
    id_number = _read(errors, "id_number", normalise_id_number, submission.id_number, "")
    ssm = _read(errors, "business_registration_no", parse_ssm, submission.business_registration_no, Ssm())
    workers = tuple(
        WorkerRead(id_number=number, name=worker.name.strip())
        for index, worker in enumerate(submission.workers)
        if (number := _read(errors, f"workers[{index}].id_number", normalise_id_number, worker.id_number, ""))
    )
    return Reading(errors=errors, employer_code=employer_code, id_number=id_number, ssm=ssm, workers=workers)


def _read(errors: dict[str, str], name: str, parse: Callable[[str], Value], text: str, none: Value) -> Value:
    """The identifier as parsed, or `none` when not given or wrong (then noted in `errors`)."""
    if not text:
        return none
    try:
        return parse(text)
    except InvalidIdentifier as error:
        errors[name] = error.message
        return none


def _position_errors(submission: Submission) -> dict[str, str]:
    lon, lat = submission.longitude, submission.latitude
    if not _in_malaysia(latitude=lat, longitude=lon):
        message = _(
            "This position (%(latitude).5f, %(longitude).5f) is outside Malaysia. "
            "Check that the phone's location is on, then record again."
        ) % {"latitude": lat, "longitude": lon}
        return {"latitude": message, "longitude": message}
    if not math.isfinite(submission.accuracy_m) or submission.accuracy_m < 0:
        return {"accuracy_m": _("The GPS accuracy must be a distance in metres, 0 or more.")}
    return {}


def _in_malaysia(*, latitude: float, longitude: float) -> bool:
    """Within the outline of the country (detection.malaysia), not only its bounding box."""
    try:
        position = parse_position(latitude, longitude)
    except InvalidPosition:
        return False
    return position is not None and in_malaysia(longitude=longitude, latitude=latitude)


def _time_errors(submission: Submission, *, now: datetime, max_age: timedelta) -> dict[str, str]:
    if submission.observed_at - now > MAX_CLOCK_AHEAD:
        message = _(
            "The phone's clock is more than 5 minutes ahead. Set the date and time, then record again."
        )
        return {"observed_at": message}
    if now - submission.observed_at > max_age:
        message = _(
            "This check was made more than %(days)d days ago: too old to record. Record what you see now."
        ) % {"days": max_age.days}
        return {"observed_at": message}
    return {}


def _outcome_errors(submission: Submission) -> dict[str, str]:
    named = submission.employer_code or submission.id_number
    if submission.outcome in REGISTERED_OUTCOMES and not named:
        return {"employer_code": _("Give the employer code (or the worker's ID number) for this outcome.")}
    if submission.outcome in PREMISES_OUTCOMES and not (named or submission.premises_name):
        return {"premises_name": _("Give the name on the signboard.")}
    return {}
