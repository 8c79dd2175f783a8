"""Recording what an officer saw in the field: record_detection(), idempotent on the client UUID.

A phone may send one detection several times (a response lost in a lift, the page and the
service worker flushing the outbox at once): the first is stored, every replay gets the stored
record back and nothing new is made. The same UUID with another body is a conflict.

What the body says by itself is checked in submission.py; here, what needs the database, and the
record. Ingest is the busiest write of the system: a new detection is one read (its facts) and one
insert, in one transaction; a premises adds its lock, search and insert, an ID number its audit.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nforce.areas import area_id_sql
from nforce.audit import record_event
from nforce.models import User
from registry.models import Employer

from . import photos
from .counting import TAP_AHEAD, TAP_METRES, TAP_WITHIN, open_check_id_sql, still_open
from .models import Detection
from .operations import operation_id_sql
from .premises import Sighting, store_sighting
from .signals import detection_recorded
from .submission import PREMISES_OUTCOMES, REGISTERED_OUTCOMES, Reading, Submission, parse_submission
from .trust import Fix, gps_poor, trust_flags
from .workers import check_workers


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
class _Facts:
    """What the checks and the record need from the database, read in one query (_FACTS_SQL)."""

    employer: Employer | None = None
    person_id: int | None = None
    area_id: int | None = None
    operation_id: int | None = None  # named by the phone and running, else the team's covering one
    open_check_id: int | None = None  # the lookup's "checked" record this completes
    previous: Fix | None = None  # the officer's detection just before this one


@dataclass(frozen=True)
class _Checked:
    point: Point
    facts: _Facts
    reading: Reading


def record_detection(
    *,
    officer: User,
    submission: Submission,
    photo: UploadedFile | None = None,
    client_address: str | None = None,
    max_age: timedelta | None = None,
) -> Recorded:
    """Not atomic itself: a new record is stored in one transaction, and a replay is only known
    once that transaction is rolled back (its insert hit the unique client UUID). `max_age`: how
    old a check may be (default: DETECTION_MAX_AGE_DAYS); the demo's history passes its own."""
    body_hashes = payload_hashes(submission, photo_digest=_photo_digest(photo) if photo else "")
    body_hash = body_hashes[0]
    try:
        detection = _record_new(
            officer=officer,
            submission=submission,
            photo=photo,
            body_hash=body_hash,
            client_address=client_address,
            max_age=max_age or timedelta(days=settings.DETECTION_MAX_AGE_DAYS),
        )
    except (IntegrityError, CaptureRefused):
        # A replay, or the second of two copies sent at once: its insert waited on the unique
        # index until the first committed. A stored body is never refused, whatever the checks
        # say today. No stored record: the error was this body's own.
        stored = _stored(submission.client_uuid)
        if stored is None:
            raise
        return _replayed(stored, officer=officer, body_hashes=body_hashes)
    return Recorded(detection, created=True)


@transaction.atomic
def _record_new(
    *,
    officer: User,
    submission: Submission,
    photo: UploadedFile | None,
    body_hash: str,
    client_address: str | None,
    max_age: timedelta,
) -> Detection:
    now = timezone.now()
    checked = _check(submission, officer=officer, now=now, max_age=max_age)
    detection = _store(officer=officer, submission=submission, checked=checked, now=now, body_hash=body_hash)
    detection.workers_found = []  # type: ignore[attr-defined]  # read by DetectionRecord, saving a query
    if checked.reading.workers:
        detection.workers_found = check_workers(  # type: ignore[attr-defined]
            detection=detection,
            workers=checked.reading.workers,
            officer=officer,
            location=checked.point,
            client_address=client_address,
        )
    pk = detection.pk
    transaction.on_commit(lambda: detection_recorded.send(sender=Detection, detection_id=pk), robust=True)
    if photo is not None:  # after the insert: a replay is never shrunk, nor its file written again
        name = f"{submission.client_uuid}.jpg"
        detection.photo.save(name, _shrunk_photo(photo, name=name), save=True)
    if checked.reading.id_number:
        _audit_person_reference(officer, checked, detection=detection, client_address=client_address)
    return detection


def _stored(client_uuid: UUID) -> Detection | None:
    return Detection.objects.select_related("employer", "premises").filter(client_uuid=client_uuid).first()


def _replayed(stored: Detection, *, officer: User, body_hashes: list[str]) -> Recorded:
    if stored.officer_id != officer.pk or stored.payload_hash not in body_hashes:
        raise CaptureConflict
    return Recorded(stored, created=False)


def payload_hash(submission: Submission, *, photo_digest: str = "") -> str:
    """A keyed hash of the body: the ID number in it cannot be recovered by trying them all."""
    return payload_hashes(submission, photo_digest=photo_digest)[0]


def payload_hashes(submission: Submission, *, photo_digest: str = "") -> list[str]:
    """The body's hash under the current key first, then under each retired one: a phone that
    replays a record stored before the audit key rotated is still answered as a replay."""
    body = vars(submission) | {"photo_sha256": photo_digest}  # its fields: flat, no copy needed
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=_canonical).encode()
    keys = [
        settings.AUDIT_HASH_KEY,
        *(key for key in settings.AUDIT_HASH_KEYS.values() if key != settings.AUDIT_HASH_KEY),
    ]
    return [hmac.new(key.encode(), canonical, hashlib.sha256).hexdigest() for key in keys]


def _canonical(value: object) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return str(value)


# --- checks -----------------------------------------------------------------------------------


def _check(submission: Submission, *, officer: User, now: datetime, max_age: timedelta) -> _Checked:
    reading = parse_submission(submission, now=now, max_age=max_age)
    facts = _facts(officer=officer, submission=submission, reading=reading)
    errors = reading.errors.copy()
    # "Registered" must name a real employer; a code not found is itself what was seen.
    code = reading.employer_code
    if code and facts.employer is None and submission.outcome in REGISTERED_OUTCOMES:
        errors["employer_code"] = _("No employer has the code %(code)s.") % {"code": code}
    # Any staff member may name an operation, if it runs at the time of the check.
    if submission.operation is not None and facts.operation_id is None:
        errors["operation"] = _("No operation with this id runs at the time of the check.")
    if errors:
        raise CaptureRefused(errors)
    point = Point(submission.longitude, submission.latitude, srid=4326)
    return _Checked(point=point, facts=facts, reading=reading)


def _photo_digest(photo: UploadedFile) -> str:
    try:
        return photos.digest_of(photo)  # its size is checked before a byte is hashed
    except photos.NotAPhoto as error:
        raise _photo_refused(error) from error


def _shrunk_photo(photo: UploadedFile, *, name: str) -> ContentFile:
    try:
        return photos.shrink(photo, name=name)
    except photos.NotAPhoto as error:
        raise _photo_refused(error) from error


def _photo_refused(error: photos.NotAPhoto) -> CaptureRefused:
    messages = {
        "too_large": _("The photo is larger than 15 MB."),
        "too_many_pixels": _("The photo has more than 50 megapixels. Take it again at a lower resolution."),
    }
    return CaptureRefused({"photo": messages.get(str(error), _("The photo could not be read as an image."))})


# --- reading ----------------------------------------------------------------------------------

# Written by hand, as one statement: four ORM queries (employer, person, area, previous fix) cost
# more to compile and to send than to run. The area is nforce.areas.area_id_sql()'s choice, as
# area_containing() makes it; the previous fix is the officer's latest observed at or before
# this one (index detection_officer_time), a lookup's "checked" record aside: the tap that
# completes it is made from the very same position.
# The operation is detection.operations' rule (operations_covering(), running_operation_for())
# in SQL, or the one the phone named if it runs then; the open check is detection.counting'.
_FACTS_SQL = """
SELECT
  (SELECT e.id FROM registry_employer e WHERE e.employer_code = %(employer_code)s),
  (SELECT p.id FROM registry_insuredperson p WHERE p.id_number = %(id_number)s),
  {area_id},
  {operation_id},
  {open_check_id},
  previous.*
FROM (SELECT 1) AS one
LEFT JOIN LATERAL (
  SELECT ST_X(d.location::geometry), ST_Y(d.location::geometry), d.accuracy_m, d.observed_at
  FROM detection_detection d
  WHERE d.officer_id = %(officer_id)s AND d.observed_at <= %(observed_at)s AND d.outcome <> 'checked'
  ORDER BY d.observed_at DESC LIMIT 1
) AS previous ON true
"""
_POINT_SQL = "ST_SetSRID(ST_MakePoint(%(longitude)s, %(latitude)s), 4326)"
_FACTS_SQL = (
    _FACTS_SQL.replace("{area_id}", area_id_sql(_POINT_SQL))
    .replace("{operation_id}", operation_id_sql(_POINT_SQL))
    .replace("{open_check_id}", open_check_id_sql(_POINT_SQL))
)


def _facts(*, officer: User, submission: Submission, reading: Reading) -> _Facts:
    placed = reading.placed
    params = {
        "employer_code": reading.employer_code or None,
        "id_number": reading.id_number or None,
        "longitude": submission.longitude if placed else None,
        "latitude": submission.latitude if placed else None,
        "officer_id": officer.pk,
        "observed_at": submission.observed_at,
        "operation": submission.operation,
        "check_id": submission.check_id,
        "tap_since": submission.observed_at - TAP_WITHIN,
        "tap_until": submission.observed_at + TAP_AHEAD,
        "tap_metres": TAP_METRES,
    }
    with connection.cursor() as cursor:
        cursor.execute(_FACTS_SQL, params)
        employer_id, person_id, area_id, operation_id, open_check_id, *previous = cursor.fetchone()
    return _Facts(
        employer=_employer_loaded(employer_id, reading.employer_code) if employer_id is not None else None,
        person_id=person_id,
        area_id=area_id,
        operation_id=operation_id,
        open_check_id=open_check_id,
        previous=Fix(*previous) if previous[-1] is not None else None,
    )


def _employer_loaded(pk: int, code: str) -> Employer:
    """The employer as .only("employer_code") loads it: what the record and its answer show."""
    return Employer.from_db(connection.alias, ["id", "employer_code"], [pk, code])


# --- storing ----------------------------------------------------------------------------------

# Columns of the record that are what the phone sent, as sent.
AS_SENT = (
    "client_uuid",
    "observed_at",
    "accuracy_m",
    "outcome",
    "premises_name",
    "address",
    "kind",
    "workers_seen",
    "notes",
)


def _store(
    *, officer: User, submission: Submission, checked: _Checked, now: datetime, body_hash: str
) -> Detection:
    facts = checked.facts
    premises, match = None, ""
    if submission.outcome in PREMISES_OUTCOMES and submission.premises_name:
        sighting = _sighting(submission, checked)
        premises, match = store_sighting(officer=officer, sighting=sighting, area_id=facts.area_id)
    columns = dict(
        **{column: getattr(submission, column) for column in AS_SENT},
        officer=officer,
        received_at=now,
        location=checked.point,
        subject=submission.subject,
        employer=facts.employer,
        person_id=facts.person_id,
        premises=premises,
        premises_match=match,
        area_id=facts.area_id,
        gps_poor=gps_poor(submission.accuracy_m),
        trust_flags=trust_flags(fix=_fix_of(submission), previous=facts.previous, received_at=now),
        payload_hash=body_hash,
        operation_id=facts.operation_id,
    )
    # Every check counts: the tap that completes a lookup's "checked" record fills it, so that
    # the check and its outcome are one detection, not two.
    counted = still_open(facts.open_check_id)
    if counted is None:
        return Detection.objects.create(**columns)
    for column, value in columns.items():
        setattr(counted, column, value)
    counted.save()
    return counted


def _sighting(submission: Submission, checked: _Checked) -> Sighting:
    return Sighting(
        name=submission.premises_name,
        point=checked.point,
        observed_at=submission.observed_at,
        address=submission.address,
        kind=submission.kind,
        business_registration_no=submission.business_registration_no,
        ssm=checked.reading.ssm,
        workers_seen=submission.workers_seen,
    )


def _fix_of(submission: Submission) -> Fix:
    return Fix(submission.longitude, submission.latitude, submission.accuracy_m, submission.observed_at)


def _audit_person_reference(
    officer: User, checked: _Checked, *, detection: Detection, client_address: str | None
) -> None:
    record_event(
        actor=officer,
        action="detection.person",
        query={"detection": detection.pk, "outcome": detection.outcome},
        subject_id=checked.reading.id_number,
        result_count=1 if checked.facts.person_id is not None else 0,
        location=checked.point,
        client_address=client_address,
    )
