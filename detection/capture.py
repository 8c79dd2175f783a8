"""Recording what an officer saw in the field: record_detection(), idempotent on the client UUID.

A phone may send one detection several times (a response lost in a lift, the page and the
service worker flushing the outbox at once): the first is stored, every replay gets the stored
record back and nothing new is made. The same UUID with another body is a conflict.
"""

import hashlib
import hmac
import json
import math
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nforce.areas import area_containing
from nforce.audit import record_event
from nforce.models import User
from registry.identifiers import InvalidIdentifier, Ssm, normalise_id_number, parse_employer_code, parse_ssm
from registry.models import Employer, InsuredPerson

from . import photos
from .malaysia import in_malaysia
from .models import Detection
from .premises import Sighting, store_sighting
from .trust import Fix, gps_poor, trust_flags

Outcome = Detection.Outcome
Subject = Detection.Subject
# Outcomes that say the business or the worker is in the registry: the record must say which.
REGISTERED_OUTCOMES = frozenset(
    {Outcome.REGISTERED_CONTRIBUTING, Outcome.REGISTERED_NOT_CONTRIBUTING, Outcome.CEASED}
)
# Outcomes that make work for inspectors: the premises is stored (or joined) for follow-up.
PREMISES_OUTCOMES = frozenset({Outcome.UNREGISTERED, Outcome.NOT_FOUND})
MAX_CLOCK_AHEAD = timedelta(days=1)

# Advisory-lock namespace (first key of pg_advisory_xact_lock(int, int)): "ND" 1.
UUID_LOCK = 0x4E44_0001


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


class CaptureRefused(Exception):
    """The submission cannot be stored as it is: field name -> message (translated)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


class CaptureConflict(Exception):
    """The client UUID is already stored, with another body or for another officer."""


@dataclass(frozen=True)
class Recorded:
    detection: Detection
    created: bool


@dataclass(frozen=True)
class _Checked:
    point: Point
    subject: str
    employer: Employer | None = None
    person: InsuredPerson | None = None
    id_number: str = ""  # normalised; only ever written to the audit log as a keyed hash
    ssm: Ssm = field(default_factory=Ssm)


@transaction.atomic
def record_detection(
    *,
    officer: User,
    submission: Submission,
    photo: UploadedFile | None = None,
    client_address: str | None = None,
) -> Recorded:
    body_hash = payload_hash(submission, photo_digest=photos.digest_of(photo) if photo else "")
    # Two copies of one submission arriving together: the second waits here, then finds the first.
    _advisory_lock(UUID_LOCK, int.from_bytes(submission.client_uuid.bytes[:4], "big", signed=True))
    stored = Detection.objects.filter(client_uuid=submission.client_uuid).first()
    if stored is not None:
        if stored.officer_id != officer.pk or stored.payload_hash != body_hash:
            raise CaptureConflict
        return Recorded(stored, created=False)
    now = timezone.now()
    checked = _check(submission, now=now)
    photo_file = _shrunk_photo(photo, submission=submission)
    detection = _store(officer=officer, submission=submission, checked=checked, now=now, body_hash=body_hash)
    if photo_file is not None:
        detection.photo.save(photo_file.name, photo_file, save=True)
    if checked.id_number:
        _audit_person_reference(officer, checked, detection=detection, client_address=client_address)
    return Recorded(detection, created=True)


def payload_hash(submission: Submission, *, photo_digest: str = "") -> str:
    """A keyed hash of the body: the ID number in it cannot be recovered by trying them all."""
    body = asdict(submission) | {"photo_sha256": photo_digest}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=_canonical)
    return hmac.new(settings.AUDIT_HASH_KEY.encode(), canonical.encode(), hashlib.sha256).hexdigest()


def _canonical(value: object) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return str(value)


def _advisory_lock(namespace: int, key: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [namespace, key])


# --- checks -----------------------------------------------------------------------------------


def _check(submission: Submission, *, now: datetime) -> _Checked:
    errors = _position_errors(submission) | _time_errors(submission, now=now) | _outcome_errors(submission)
    employer = _employer(submission, errors)
    id_number, person = _person(submission, errors)
    ssm = _ssm(submission, errors)
    if errors:
        raise CaptureRefused(errors)
    return _Checked(
        point=Point(submission.longitude, submission.latitude, srid=4326),
        subject=_subject_of(submission),
        employer=employer,
        person=person,
        id_number=id_number,
        ssm=ssm,
    )


def _position_errors(submission: Submission) -> dict[str, str]:
    lon, lat = submission.longitude, submission.latitude
    if not (math.isfinite(lon) and math.isfinite(lat)) or not in_malaysia(longitude=lon, latitude=lat):
        message = _(
            "This position (%(latitude).5f, %(longitude).5f) is outside Malaysia. "
            "Check that the phone's location is on, then record again."
        ) % {"latitude": lat, "longitude": lon}
        return {"latitude": message, "longitude": message}
    if not math.isfinite(submission.accuracy_m) or submission.accuracy_m < 0:
        return {"accuracy_m": _("The GPS accuracy must be a distance in metres, 0 or more.")}
    return {}


def _time_errors(submission: Submission, *, now: datetime) -> dict[str, str]:
    if submission.observed_at - now > MAX_CLOCK_AHEAD:
        return {
            "observed_at": _(
                "The phone's clock is more than a day ahead. Set the date and time, then record again."
            )
        }
    return {}


def _outcome_errors(submission: Submission) -> dict[str, str]:
    named = submission.employer_code or submission.id_number
    if submission.outcome in REGISTERED_OUTCOMES and not named:
        return {"employer_code": _("Give the employer code (or the worker's ID number) for this outcome.")}
    if submission.outcome in PREMISES_OUTCOMES and not (named or submission.premises_name):
        return {"premises_name": _("Give the name on the signboard.")}
    return {}


def _employer(submission: Submission, errors: dict[str, str]) -> Employer | None:
    if not submission.employer_code:
        return None
    try:
        code = parse_employer_code(submission.employer_code)
    except InvalidIdentifier as error:
        errors["employer_code"] = error.message
        return None
    employer = Employer.objects.filter(employer_code=code).first()
    # "Registered" must name a real employer; a code not found is itself what was seen.
    if employer is None and submission.outcome in REGISTERED_OUTCOMES:
        errors["employer_code"] = _("No employer has the code %(code)s.") % {"code": code}
    return employer


def _person(submission: Submission, errors: dict[str, str]) -> tuple[str, InsuredPerson | None]:
    """The normalised ID and the person. An unknown ID is stored unlinked, never refused: a
    refusal would tell the caller whether someone is registered without an audited check."""
    if not submission.id_number:
        return "", None
    try:
        id_number = normalise_id_number(submission.id_number)
    except InvalidIdentifier as error:
        errors["id_number"] = error.message
        return "", None
    return id_number, InsuredPerson.objects.filter(id_number=id_number).first()


def _ssm(submission: Submission, errors: dict[str, str]) -> Ssm:
    if not submission.business_registration_no:
        return Ssm()
    try:
        return parse_ssm(submission.business_registration_no)
    except InvalidIdentifier as error:
        errors["business_registration_no"] = error.message
        return Ssm()


def _subject_of(submission: Submission) -> str:
    if submission.id_number:
        return Subject.PERSON
    if submission.employer_code:
        return Subject.EMPLOYER
    return Subject.PREMISES


def _shrunk_photo(photo: UploadedFile | None, *, submission: Submission) -> ContentFile | None:
    if photo is None:
        return None
    try:
        return photos.shrink(photo, name=f"{submission.client_uuid}.jpg")
    except photos.NotAPhoto as error:
        message = (
            _("The photo is larger than 15 MB.")
            if str(error) == "too_large"
            else _("The photo could not be read as an image.")
        )
        raise CaptureRefused({"photo": message}) from error


# --- storing ----------------------------------------------------------------------------------


def _store(
    *, officer: User, submission: Submission, checked: _Checked, now: datetime, body_hash: str
) -> Detection:
    area = area_containing(checked.point)
    premises, match = None, ""
    if submission.outcome in PREMISES_OUTCOMES and submission.premises_name:
        premises, match = store_sighting(officer=officer, sighting=_sighting(submission, checked), area=area)
    fix = _fix_of(submission)
    return Detection.objects.create(
        client_uuid=submission.client_uuid,
        officer=officer,
        observed_at=submission.observed_at,
        received_at=now,
        location=checked.point,
        accuracy_m=submission.accuracy_m,
        subject=checked.subject,
        outcome=submission.outcome,
        employer=checked.employer,
        person=checked.person,
        premises=premises,
        premises_match=match,
        area=area,
        premises_name=submission.premises_name,
        address=submission.address,
        kind=submission.kind,
        workers_seen=submission.workers_seen,
        notes=submission.notes,
        gps_poor=gps_poor(submission.accuracy_m),
        trust_flags=trust_flags(
            fix=fix, previous=_previous_fix(officer, submission.observed_at), received_at=now
        ),
        payload_hash=body_hash,
    )


def _sighting(submission: Submission, checked: _Checked) -> Sighting:
    return Sighting(
        name=submission.premises_name,
        point=checked.point,
        observed_at=submission.observed_at,
        address=submission.address,
        kind=submission.kind,
        business_registration_no=submission.business_registration_no,
        ssm=checked.ssm,
        workers_seen=submission.workers_seen,
    )


def _fix_of(submission: Submission) -> Fix:
    return Fix(submission.longitude, submission.latitude, submission.accuracy_m, submission.observed_at)


def _previous_fix(officer: User, observed_at: datetime) -> Fix | None:
    previous = (
        Detection.objects.filter(officer=officer, observed_at__lte=observed_at)
        .order_by("-observed_at")
        .only("location", "accuracy_m", "observed_at")
        .first()
    )
    if previous is None:
        return None
    return Fix(previous.location.x, previous.location.y, previous.accuracy_m, previous.observed_at)


def _audit_person_reference(
    officer: User, checked: _Checked, *, detection: Detection, client_address: str | None
) -> None:
    record_event(
        actor=officer,
        action="detection.person",
        query={"detection": detection.pk, "outcome": detection.outcome},
        subject_id=checked.id_number,
        result_count=1 if checked.person is not None else 0,
        location=checked.point,
        client_address=client_address,
    )
