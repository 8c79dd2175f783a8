"""Reads for the dispatch pages and API, named for what they serve."""

from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from django.contrib.gis.db.models.functions import Distance, GeometryDistance
from django.contrib.gis.geos import Point
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from detection.models import Detection, Premises
from nforce.models import Office, User
from nforce.scoping import in_office_areas

from .models import Assignment, Inspector

QUEUE_PAGE = 200
M = TypeVar("M", bound=Model)


def inspector_of(user: User) -> Inspector | None:
    return Inspector.objects.filter(user=user).first() if user.is_authenticated else None


def assignments_for_inspector_map(*, user: User, on: date, near: Point | None = None) -> QuerySet[Assignment]:
    """The inspector's live cases: overdue first, then nearest to `near` (where they stand, or base)."""
    near = near or _base_of(user)
    overdue = Case(When(due_on__lt=on, then=Value(True)), default=Value(False), output_field=BooleanField())
    cases = (
        Assignment.objects.live()
        .filter(inspector__user=user)
        .select_related("premises__area")
        .annotate(overdue=overdue, photo=_latest_photo())
    )
    if near is None:
        return cases.order_by("-overdue", "due_on", "id")
    return cases.annotate(distance=Distance("premises__location", near)).order_by(
        "-overdue", GeometryDistance("premises__location", near), "id"
    )


def _latest_photo() -> Subquery:
    """The newest signboard photo of the premises (kept with "My premises" for offline use)."""
    photos = Detection.objects.filter(premises=OuterRef("premises"), photo__gt="").order_by("-observed_at")
    return Subquery(photos.values("photo")[:1])


def _base_of(user: User) -> Point | None:
    inspector = inspector_of(user)
    return inspector.base_location if inspector else None


def assignment_for_inspector(*, user: User, assignment_id: int) -> Assignment:
    """One of the inspector's own assignments with what is behind it; DoesNotExist otherwise."""
    detections = Detection.objects.select_related("officer").order_by("-observed_at")
    return (
        Assignment.objects.select_related("premises__area", "employer", "inspector__user")
        .prefetch_related(Prefetch("premises__detections", queryset=detections))
        .get(pk=assignment_id, inspector__user=user)
    )


@dataclass(frozen=True)
class QueueEntry:
    premises: Premises
    reason: str  # dispatch.assign.QueueReason, or "waiting", or "inspector_away"
    assignment: Assignment | None = None


def dispatch_queue(*, on: date, office: Office | None = None) -> tuple[list[QueueEntry], int]:
    """Open premises nobody has (with why), then cases stuck with an inspector who is away."""
    live = Assignment.objects.live().filter(premises=OuterRef("pk"))
    unassigned = (
        _in_office(Premises.objects.filter(status=Premises.Status.OPEN), office)
        .filter(~Exists(live))
        .select_related("area")
        .order_by("first_detected_at", "id")
    )
    room = areas_with_room(on=on)
    entries = [QueueEntry(premises=p, reason=_why_waiting(p, room)) for p in unassigned[:QUEUE_PAGE]]
    entries += [
        QueueEntry(premises=a.premises, reason="inspector_away", assignment=a)
        for a in stranded_assignments(on=on, office=office)[:QUEUE_PAGE]
    ]
    return entries, unassigned.count()


def _in_office(premises: QuerySet[M], office: Office | None, prefix: str = "") -> QuerySet[M]:
    """A supervisor sees their own office's areas; premises outside every area, administrators
    only (office None: everything)."""
    if office is None:
        return premises
    return premises.filter(in_office_areas(office.pk, prefix))


def _why_waiting(premises: Premises, room: dict[int, bool]) -> str:
    if premises.area_id is None:
        return "no_area"
    if premises.area_id not in room:
        return "nobody_serves_area"
    return "waiting" if room[premises.area_id] else "all_at_capacity"


def areas_with_room(*, on: date) -> dict[int, bool]:
    """For each area some available inspector serves: does any of them have room?"""
    live = Count("assignments", filter=~Q(assignments__status=Assignment.Status.CLOSED))
    inspectors = Inspector.objects.available_on(on).annotate(live=live).prefetch_related("areas")
    room: dict[int, bool] = {}
    for inspector in inspectors:
        for area in inspector.areas.all():
            room[area.pk] = room.get(area.pk, False) or inspector.live < inspector.capacity
    return room


def stranded_assignments(*, on: date, office: Office | None = None) -> QuerySet[Assignment]:
    """Live cases whose inspector is away or left the area, and that nobody could take yet."""
    available = Inspector.objects.available_on(on).values("pk")
    serves = Inspector.areas.through.objects.filter(
        inspector_id=OuterRef("inspector_id"), area_id=OuterRef("premises__area_id")
    )
    return (
        _in_office(Assignment.objects.live(), office, prefix="premises__")
        .filter(~Q(inspector__in=available) | ~Exists(serves))
        .select_related("premises__area", "inspector__user")
        .order_by("premises__first_detected_at", "id")
    )


def inspectors_for_supervisor(*, office: Office | None) -> QuerySet[Inspector]:
    live = Count("assignments", filter=~Q(assignments__status=Assignment.Status.CLOSED))
    inspectors = Inspector.objects.select_related("user").annotate(live=live).order_by("user__staff_number")
    return inspectors.filter(user__home_office=office) if office is not None else inspectors


def live_assignments_of(*, inspector_id: int) -> QuerySet[Assignment]:
    return (
        Assignment.objects.live()
        .filter(inspector_id=inspector_id)
        .select_related("premises__area")
        .order_by("due_on", "id")
    )


def supervisor_office(user: User) -> Office | None:
    """None (everything) for superusers only; see supervisor_sees_nothing for office-less ones."""
    return None if user.is_superuser else user.home_office


def supervisor_sees_nothing(user: User) -> bool:
    """A supervisor not attached to an office supervises nothing (never "everything")."""
    return not user.is_superuser and user.home_office_id is None
