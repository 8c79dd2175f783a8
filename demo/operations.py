"""Demo operations: a past national Ops Kesan, a past amnesty (Ops Pemutihan) and a local raid
running now in Klang, each with detections tagged (some with the workers found on site).

Idempotent like the rest of the demo: operations by code, detections by deterministic UUIDs.
Detections go through detection's capture, naming their operation as the phone does.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.gis.geos import Point
from django.utils import timezone

from detection.models import Detection, Operation
from detection.operations import plan_operation
from detection.submission import Submission
from detection.workers import WorkerSent
from nforce.models import Area, Office, User
from registry.models import Employment, InsuredPerson
from registry.queries import employer_by_code

from .field import DEMO_NAMESPACE, record_once
from .fixed import FIXED_EMPLOYERS
from .premises import unregistered_premises_for_demo

NATIONAL_OFFICES = ("KLG", "KL", "PJ")  # the offices whose areas the national operation covered
TEAM = ("OFF001", "OFF002", "INS001", "INS002")
# Valid MyKad numbers (born 1996-2001 in Selangor) that no demo person has: workers not registered.
UNREGISTERED_WORKERS = ("960314105527", "990822106631", "010405104419", "980117108843")
NEW_HIRE = "000229107715"  # found at a registered employer, not registered by it


@dataclass(frozen=True)
class PlannedDemo:
    code: str
    name: str
    kind: str
    office: str | None  # None: national
    starts_days_ago: float
    days: float
    planner: str


def demo_operations(now: datetime) -> tuple[PlannedDemo, ...]:
    year = now.year
    return (
        PlannedDemo(f"OPS-KESAN-{year}", "Ops Kesan (national)", "detection", None, 60, 7, "ADM001"),
        PlannedDemo(f"OPS-PEMUTIHAN-{year}", "Ops Pemutihan (amnesty)", "amnesty", None, 45, 14, "ADM001"),
        PlannedDemo(f"OPS-KLG-{now:%Y%m}", "Operasi setempat Klang", "detection", "KLG", 2, 7, "SUP001"),
    )


def ensure_demo_operations(*, now: datetime) -> tuple[int, int]:
    """Returns (operations created, detections created)."""
    made = detections = 0
    for planned in demo_operations(now):
        operation, created = _operation(planned, now=now)
        made += created
        detections += _tagged_detections(operation, planned=planned, now=now)
    return made, detections


def _operation(planned: PlannedDemo, *, now: datetime) -> tuple[Operation, bool]:
    found = Operation.objects.filter(code=planned.code).first()
    if found is not None:
        return found, False
    office = Office.objects.get(code=planned.office) if planned.office else None
    day = timezone.localtime(now - timedelta(days=planned.starts_days_ago))
    starts = day.replace(hour=8, minute=0, second=0, microsecond=0)  # 8 am in Malaysia
    offices = [planned.office] if planned.office else list(NATIONAL_OFFICES)
    operation = plan_operation(
        by=User.objects.get(staff_number=planned.planner),
        code=planned.code,
        name=planned.name,
        kind=planned.kind,
        office=office,
        starts_at=starts,
        ends_at=starts + timedelta(days=planned.days),
        areas=list(Area.objects.filter(office__code__in=offices)),
        team=list(User.objects.filter(staff_number__in=TEAM if not office else ("OFF001", "INS001"))),
    )
    return operation, True


def _tagged_detections(operation: Operation, *, planned: PlannedDemo, now: datetime) -> int:
    covered = {area.pk for area in operation.areas.all()}
    made = 0
    for index, submission in enumerate(_sightings(operation, planned=planned, now=now)):
        if not _in(covered, submission):
            continue
        officer = User.objects.get(
            staff_number=("OFF001", "OFF002")[index % 2] if not planned.office else "OFF001"
        )
        made += record_once(officer=officer, submission=submission)
    return made


def _in(area_ids: set[int], submission: Submission) -> bool:
    point = Point(submission.longitude, submission.latitude, srid=4326)
    return Area.objects.filter(pk__in=area_ids, boundary__intersects=point).exists()


def _sightings(operation: Operation, *, planned: PlannedDemo, now: datetime) -> list[Submission]:
    """Unregistered premises (two with unregistered workers) and registered employers checked
    with their workers, spread over the operation's first days, in working hours."""
    sightings = []
    for index, premises in enumerate(unregistered_premises_for_demo()[:12]):
        workers = tuple(WorkerSent(number) for number in UNREGISTERED_WORKERS[index * 2 : index * 2 + 2])
        sightings.append(
            _submission(
                operation,
                key=f"{planned.code}:premises:{premises.name}",
                index=index,
                now=now,
                latitude=premises.lat,
                longitude=premises.lon,
                outcome=Detection.Outcome.UNREGISTERED,
                premises_name=premises.name,
                address=premises.address,
                kind=premises.kind,
                workers_seen=2 + index % 4,
                workers=workers,
            )
        )
    for index, employer in enumerate(FIXED_EMPLOYERS):
        staff = _employed(employer.code)
        unknown = (WorkerSent(NEW_HIRE, name="Pekerja baharu"),) if index == 0 else ()
        [found] = employer_by_code(employer.code, on=now.date())
        sightings.append(
            _submission(
                operation,
                key=f"{planned.code}:employer:{employer.code}",
                index=12 + index,
                now=now,
                latitude=employer.lat,
                longitude=employer.lon,
                outcome=Detection.Outcome.EMPLOYEES_NOT_REGISTERED if unknown else found.standing.code,
                employer_code=employer.code,
                workers=tuple(WorkerSent(number) for number in staff) + unknown,
            )
        )
    return sightings


def _employed(employer_code: str) -> list[str]:
    """Up to two current workers of the employer, as the registry has them (never stored in clear)."""
    persons = Employment.objects.filter(employer__employer_code=employer_code, ended_on__isnull=True)
    return list(
        InsuredPerson.objects.filter(pk__in=persons.values("person_id"))
        .order_by("pk")
        .values_list("id_number", flat=True)[:2]
    )


def _submission(operation: Operation, *, key: str, index: int, now: datetime, **fields) -> Submission:
    """In the operation's first three days, in working hours; never later than now."""
    start = operation.starts_at
    when = start + timedelta(days=index % 3, hours=1 + index % 7, minutes=(index * 11) % 60)
    return Submission(
        client_uuid=uuid.uuid5(DEMO_NAMESPACE, key),
        observed_at=min(when, now - timedelta(minutes=10 + index)),
        accuracy_m=5 + index % 20,
        operation=operation.pk,
        **fields,
    )
