"""Workers found on site: each checked against the registry at once, stored without the number.

A DetectionWorker keeps the audit's keyed hash of the ID (to match the same worker in the audit
log and elsewhere) and its last four characters (to read it back on site); the clear number stays
in the registry's own table. Every worker checked is one audited person lookup.
"""

from dataclasses import dataclass

from django.contrib.gis.geos import Point
from django.db.models import Exists, OuterRef

from nforce.audit import identifier_hash, record_event
from nforce.models import User
from registry.identifiers import is_mykad_number
from registry.models import Employment, InsuredPerson

from .models import Detection, DetectionWorker


@dataclass(frozen=True)
class WorkerSent:
    """A worker as the phone sent it: the number as typed, and the name if the officer wrote it."""

    id_number: str
    name: str = ""


@dataclass(frozen=True)
class WorkerRead:
    """A worker's number parsed by registry.identifiers (normalise_id_number)."""

    id_number: str
    name: str


def masked(id_number: str) -> str:
    """ "******-**-1234" for a MyKad, "*****1234" for a passport: enough to read back, not to find."""
    if is_mykad_number(id_number):
        return f"******-**-{id_number[-4:]}"
    return "*" * max(len(id_number) - 4, 1) + id_number[-4:]


def check_workers(
    *,
    detection: Detection,
    workers: tuple[WorkerRead, ...],
    officer: User,
    location: Point,
    client_address: str | None = None,
) -> list[DetectionWorker]:
    """Store each worker with whether the registry has them under the detection's employer
    (a business that is not an employer has nobody registered under it)."""
    found = _persons(workers, employer_id=detection.employer_id)
    rows = []
    for worker in _distinct(workers):
        person = found.get(worker.id_number)
        registered = bool(person is not None and getattr(person, "employed_here", False))
        rows.append(
            DetectionWorker(
                detection=detection,
                id_hash=identifier_hash(worker.id_number),
                masked=masked(worker.id_number),
                name=worker.name,
                foreign=not is_mykad_number(worker.id_number),
                registered=registered,
                person=person,
            )
        )
        _audit(officer, detection, worker, person, location=location, client_address=client_address)
    return DetectionWorker.objects.bulk_create(rows)


def _distinct(workers: tuple[WorkerRead, ...]) -> list[WorkerRead]:
    """One row per person: the same card typed twice is one worker found."""
    seen: dict[str, WorkerRead] = {}
    for worker in workers:
        seen.setdefault(worker.id_number, worker)
    return list(seen.values())


def _persons(workers: tuple[WorkerRead, ...], *, employer_id: int | None) -> dict[str, InsuredPerson]:
    """The registry's persons among these numbers, each with `employed_here`, in one query."""
    if employer_id is None:  # not an employer: nobody is registered under it
        current = Employment.objects.none()
    else:
        current = Employment.objects.filter(
            person=OuterRef("pk"), employer_id=employer_id, ended_on__isnull=True
        )
    persons = InsuredPerson.objects.filter(id_number__in=[w.id_number for w in workers]).annotate(
        employed_here=Exists(current)
    )
    return {person.id_number: person for person in persons.only("id", "id_number")}


def _audit(
    officer: User,
    detection: Detection,
    worker: WorkerRead,
    person: InsuredPerson | None,
    *,
    location: Point,
    client_address: str | None,
) -> None:
    record_event(
        actor=officer,
        action="detection.worker",
        query={"detection": detection.pk, "employer": detection.employer_id},
        subject_id=worker.id_number,
        result_count=1 if person is not None else 0,
        location=location,
        client_address=client_address,
    )
