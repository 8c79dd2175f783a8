"""The dispatch run: every open, unassigned premises goes to an inspector who serves its area.

One run, in one transaction under the dispatch lock:
1. closes the live assignments of premises closed elsewhere (registered, ceased...);
2. takes back the cases of inspectors who can no longer keep them (on leave, inactive, no longer
   serving the premises' area): they are moved to colleagues, or stay put if nobody can take them;
3. places every open premises without a live assignment, by area, capacity, load and distance
   (dispatch.solver); existing assignments are never moved otherwise (stability); when there is
   not room for all, as many as possible are placed, and those that wait are the farthest,
   unless they have waited longer (a day of waiting weighs WAIT_KM_PER_DAY);
4. reports what could not be placed, with the reason (the queue).
"""

import itertools
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from detection.models import Premises
from enforcement.cases import hand_premises_cases

from .geo import Latitude, Longitude
from .history import audit_assignments
from .locks import hold_dispatch_lock
from .models import Assignment, Inspector
from .presenting import reason_text_en
from .reconcile import close_registered_premises
from .solver import Job, Plan, Seat, solve

__all__ = [
    "AssignmentRunSummary",
    "QueueReason",
    "assign_open_premises",
    "close_assignments_of_closed_premises",
    "close_registered_premises",
    "follow_up_days",
]

OUTCOME_OF_PREMISES_STATUS: dict[str, str] = {
    Premises.Status.REGISTERED: Assignment.Outcome.REGISTERED,
    Premises.Status.CEASED: Assignment.Outcome.CEASED,
    Premises.Status.MOVED: Assignment.Outcome.MOVED,
    Premises.Status.NOT_FOUND: Assignment.Outcome.NOT_FOUND,
}


class QueueReason(StrEnum):
    NO_AREA = "no_area"
    NOBODY_SERVES_AREA = "nobody_serves_area"
    ALL_AT_CAPACITY = "all_at_capacity"


@dataclass(frozen=True)
class AssignmentRunSummary:
    on: date
    created: int = 0
    moved: int = 0
    closed: int = 0
    queued: tuple[tuple[int, QueueReason], ...] = ()  # (premises id, why it was not placed)
    seconds: float = 0.0
    phases: tuple[tuple[str, float], ...] = ()  # seconds spent reading, solving, writing

    def queued_by_reason(self) -> dict[str, int]:
        return dict(Counter(str(reason) for _premises, reason in self.queued))

    def as_dict(self) -> dict:
        """JSON-safe, for the task result and logs."""
        return {
            "on": self.on.isoformat(),
            "created": self.created,
            "moved": self.moved,
            "closed": self.closed,
            "queued": self.queued_by_reason(),
            "seconds": round(self.seconds, 3),
            "phases": {name: round(seconds, 3) for name, seconds in self.phases},
        }


# When there is not room for every premises: a premises that has waited a day longer is placed
# before one up to this much nearer to its inspector (dispatch.solver, Job.wait_km).
WAIT_KM_PER_DAY = 1.0


@dataclass(frozen=True)
class _Candidate:
    """A premises to place in this run; with an assignment id when it is a case being moved."""

    premises_id: int
    area_id: int | None
    area_code: str
    lat: float
    lon: float
    first_detected_at: datetime | None = None
    assignment_id: int | None = None
    previous: str = ""  # staff number of the inspector the case is taken from
    why: str = ""


@dataclass(frozen=True)
class _Team:
    seats: dict[int, Seat]  # inspector id -> what the solver needs
    serving: dict[int, tuple[int, ...]]  # area id -> available inspectors serving it


def follow_up_days() -> int:
    return int(getattr(settings, "DISPATCH_FOLLOW_UP_DAYS", 14))


@transaction.atomic
def assign_open_premises(
    *, on: date, progress: Callable[[int, int], None] | None = None
) -> AssignmentRunSummary:
    """Idempotent: a second run (or a redelivered task) finds nothing left to place."""
    clock = [time.monotonic()]
    hold_dispatch_lock()
    closed = close_assignments_of_closed_premises()
    moving = _cases_to_move(on)
    team = _available_team(on)
    candidates = moving + _unassigned_premises()
    jobs, queued = _jobs(candidates, team, now=timezone.now())
    clock.append(time.monotonic())
    plan = solve(seats=list(team.seats.values()), jobs=jobs, progress=progress)
    queued += [(premises_id, QueueReason.ALL_AT_CAPACITY) for premises_id in plan.full]
    clock.append(time.monotonic())
    created, moved = _write(plan, candidates, team, on)
    clock.append(time.monotonic())
    return AssignmentRunSummary(
        on=on,
        created=created,
        moved=moved,
        closed=closed,
        queued=tuple(queued),
        seconds=clock[-1] - clock[0],
        phases=tuple(
            zip(("read", "solve", "write"), (b - a for a, b in itertools.pairwise(clock)), strict=True)
        ),
    )


def close_assignments_of_closed_premises() -> int:
    """Premises registered, ceased or gone (by an officer, or reconciliation): their case ends."""
    stale = list(
        Assignment.objects.live()
        .exclude(premises__status=Premises.Status.OPEN)
        .select_related("premises")
        .select_for_update(of=("self",))
    )
    now = timezone.now()
    for assignment in stale:
        assignment.status = Assignment.Status.CLOSED
        assignment.outcome = OUTCOME_OF_PREMISES_STATUS.get(assignment.premises.status, "")
        if assignment.outcome == Assignment.Outcome.REGISTERED:
            assignment.employer_id = assignment.premises.registered_employer_id
        assignment.closed_at = now
    Assignment.objects.bulk_update(stale, ["status", "outcome", "employer", "closed_at"], batch_size=2000)
    audit_assignments(assignments=stale, action="dispatch.closed")
    return len(stale)


def _cases_to_move(on: date) -> list[_Candidate]:
    """Live cases whose inspector is away or no longer serves the premises' area, locked."""
    available = Inspector.objects.available_on(on).values("pk")
    serves = Inspector.areas.through.objects.filter(
        inspector_id=OuterRef("inspector_id"), area_id=OuterRef("premises__area_id")
    )
    rows = (
        Assignment.objects.live()
        .filter(~Q(inspector__in=available) | ~Exists(serves))
        .select_related("inspector__user", "premises__area")
        .select_for_update(of=("self",))
        .annotate(lat=Latitude("premises__location"), lon=Longitude("premises__location"))
        .order_by("premises__first_detected_at", "premises_id")
    )
    return [_moving_candidate(row, on, lat=row.lat, lon=row.lon) for row in rows]


def _moving_candidate(assignment: Assignment, on: date, *, lat: float, lon: float) -> _Candidate:
    inspector = assignment.inspector
    if not inspector.active or not inspector.user.is_active:
        why = "inactive"
    elif inspector.is_on_leave(on):
        why = "on_leave"
    else:
        why = "left_area"
    area = assignment.premises.area
    return _Candidate(
        premises_id=assignment.premises_id,
        area_id=area.pk if area else None,
        area_code=area.code if area else "",
        lat=lat,
        lon=lon,
        first_detected_at=assignment.premises.first_detected_at,
        assignment_id=assignment.pk,
        previous=inspector.user.staff_number,
        why=why,
    )


def _unassigned_premises() -> list[_Candidate]:
    """Open premises without a live assignment, oldest first: when room runs out they go first."""
    live = Assignment.objects.live().filter(premises=OuterRef("pk"))
    rows = (
        Premises.objects.filter(status=Premises.Status.OPEN)
        .filter(~Exists(live))
        .annotate(lat=Latitude("location"), lon=Longitude("location"))
        .order_by("first_detected_at", "id")
        .values_list("id", "area_id", "area__code", "lat", "lon", "first_detected_at")
    )
    return [
        _Candidate(
            premises_id=pk, area_id=area, area_code=code or "", lat=lat, lon=lon, first_detected_at=first
        )
        for pk, area, code, lat, lon, first in rows.iterator(chunk_size=5000)
    ]


def _available_team(on: date) -> _Team:
    """Who can take work today, with their load.

    Cases being moved away from an inspector still count in their load for this run: if nobody
    else can take them they stay, and the inspector must not end the run above capacity.
    """
    inspectors = (
        Inspector.objects.available_on(on)
        .select_related("user__home_office")  # the office is the base of an inspector without one
        .annotate(live=Count("assignments", filter=~Q(assignments__status=Assignment.Status.CLOSED)))
    )
    seats = {}
    for inspector in inspectors:
        base = inspector.base_location or (inspector.user.home_office and inspector.user.home_office.location)
        seats[inspector.pk] = Seat(
            key=inspector.pk,
            lat=base.y if base else None,
            lon=base.x if base else None,
            capacity=inspector.capacity,
            load=inspector.live,
        )
    return _Team(seats=seats, serving=_serving(seats))


def _serving(seats: dict[int, Seat]) -> dict[int, tuple[int, ...]]:
    pairs = Inspector.areas.through.objects.filter(inspector_id__in=seats).order_by("area_id", "inspector_id")
    serving: dict[int, list[int]] = {}
    for inspector_id, area_id in pairs.values_list("inspector_id", "area_id"):
        serving.setdefault(area_id, []).append(inspector_id)
    return {area: tuple(ids) for area, ids in serving.items()}


def _jobs(
    candidates: list[_Candidate], team: _Team, *, now: datetime
) -> tuple[list[Job], list[tuple[int, QueueReason]]]:
    jobs, queued = [], []
    for candidate in candidates:
        if candidate.area_id is None:
            queued.append((candidate.premises_id, QueueReason.NO_AREA))
        elif not team.serving.get(candidate.area_id):
            queued.append((candidate.premises_id, QueueReason.NOBODY_SERVES_AREA))
        else:
            serving = team.serving[candidate.area_id]
            jobs.append(
                Job(
                    key=candidate.premises_id,
                    lat=candidate.lat,
                    lon=candidate.lon,
                    candidates=serving,
                    wait_km=WAIT_KM_PER_DAY * _days_waited(candidate, now),
                )
            )
    return jobs, queued


def _days_waited(candidate: _Candidate, now: datetime) -> float:
    if candidate.first_detected_at is None:
        return 0.0
    return max(0.0, (now - candidate.first_detected_at).total_seconds() / 86400)


def _write(plan: Plan, candidates: list[_Candidate], team: _Team, on: date) -> tuple[int, int]:
    by_premises = {candidate.premises_id: candidate for candidate in candidates}
    now = timezone.now()
    due_on = on + timedelta(days=follow_up_days())
    made: list[Assignment] = []
    moved: list[Assignment] = []
    for premises_id, inspector_id in plan.placed.items():
        candidate = by_premises[premises_id]
        data = _reason_data(candidate, team.seats[inspector_id], plan)
        assignment = Assignment(
            id=candidate.assignment_id,
            premises_id=premises_id,
            inspector_id=inspector_id,
            assigned_at=now,
            due_on=due_on,
            reason=reason_text_en(data),
            reason_data=data,
        )
        (made if candidate.assignment_id is None else moved).append(assignment)
    Assignment.objects.bulk_create(made, batch_size=2000)
    Assignment.objects.bulk_update(
        moved, ["inspector", "assigned_at", "reason", "reason_data"], batch_size=2000
    )
    audit_assignments(assignments=made, action="dispatch.assigned")
    audit_assignments(assignments=moved, action="dispatch.reassigned")
    _cases_follow(made + moved)
    return len(made), len(moved)


def _cases_follow(assignments: list[Assignment]) -> None:
    """A premises' enforcement case goes to the inspector its premises went to."""
    users = dict(
        Inspector.objects.filter(pk__in={a.inspector_id for a in assignments}).values_list("pk", "user_id")
    )
    hand_premises_cases(holders={a.premises_id: users[a.inspector_id] for a in assignments})


def _reason_data(candidate: _Candidate, seat: Seat, plan: Plan) -> dict:
    """The numbers behind "inside area KJG-3; 14 of 20 open cases; 2.3 km from base"."""
    distance = plan.distance_km.get(candidate.premises_id)
    data = {
        "area": candidate.area_code,
        "open_cases": plan.loads[seat.key],
        "capacity": seat.capacity,
        "distance_km": None if distance is None else round(distance, 1),
    }
    if candidate.previous:
        data.update(previous=candidate.previous, why=candidate.why)
    return data
