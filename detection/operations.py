"""Operations: which ones cover a place at a moment, and planning them (create, edit, move a
detection). Reads are plain functions returning QuerySets; writes are keyword-only and atomic.

An operation covers a point when one of its areas, or the boundary drawn for it, contains the
point, between its start and its end (both included).
"""

from datetime import datetime, timedelta

from django.contrib.gis.geos import MultiPolygon, Point
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from nforce.audit import record_event
from nforce.models import Area, Office, User

from .models import Detection, Operation


def running_at(at: datetime) -> Q:
    return Q(starts_at__lte=at, ends_at__gte=at)


def operations_covering(point: Point, at: datetime) -> QuerySet[Operation]:
    """Running at `at`, with an area or a drawn boundary holding the point; latest start first."""
    in_area = Area.objects.filter(operations=OuterRef("pk"), boundary__intersects=point)
    return (
        Operation.objects.filter(running_at(at))
        .filter(Q(Exists(in_area)) | Q(boundary__intersects=point))
        .order_by("-starts_at", "pk")
    )


# operations_covering() and running_operation_for() in one subquery, for capture's one read of its
# facts: the operation named (%(operation)s) if it runs at %(observed_at)s, else the one of the
# officer's team covering the point then. tests/detection/test_operations.py holds the two equal.
_OPERATION_ID_SQL = """
(SELECT o.id FROM detection_operation o
  WHERE o.starts_at <= %(observed_at)s AND o.ends_at >= %(observed_at)s
    AND CASE WHEN %(operation)s::bigint IS NOT NULL THEN o.id = %(operation)s::bigint ELSE
      EXISTS (SELECT 1 FROM detection_operation_team t
              WHERE t.operation_id = o.id AND t.user_id = %(officer_id)s)
      AND (ST_Intersects(o.boundary, {point}) OR EXISTS (
        SELECT 1 FROM detection_operation_areas oa JOIN nforce_area a ON a.id = oa.area_id
        WHERE oa.operation_id = o.id AND ST_Intersects(a.boundary, {point})))
    END
  ORDER BY o.starts_at DESC, o.id LIMIT 1)
"""


def operation_id_sql(point_sql: str) -> str:
    return _OPERATION_ID_SQL.replace("{point}", point_sql)


def amnesty_covering(point: Point, at: datetime) -> Operation | None:
    """The amnesty (Ops Pemutihan) in force at this place and moment, if any."""
    return operations_covering(point, at).filter(kind=Operation.Kind.AMNESTY).first()


def running_operation_for(user: User, point: Point, at: datetime) -> Operation | None:
    """The operation a detection by `user` here and now belongs to: one whose team they are in.
    Where two overlap, the one that started last (the more specific, usually local, raid)."""
    return operations_covering(point, at).filter(team=user).first()


def running_for_team_member(user: User, at: datetime) -> QuerySet[Operation]:
    """What the check page shows: the operations running now whose team the user is in."""
    return Operation.objects.filter(running_at(at), team=user).order_by("-starts_at", "pk")


# An officer sent to an operation takes its areas' employers in the area pack this long before it
# starts: the day before, at the office, with signal.
PACK_LEAD = timedelta(hours=24)


def areas_of_operations_for(user: User, at: datetime) -> QuerySet[Area]:
    """The areas of the operations the user is on that run at `at` or start within PACK_LEAD:
    those listed, and those a drawn boundary crosses (registry.packs adds them to the pack)."""
    operations = Operation.objects.filter(team=user, starts_at__lte=at + PACK_LEAD, ends_at__gte=at)
    crossed = operations.filter(boundary__intersects=OuterRef("boundary"))
    return Area.objects.filter(Q(operations__in=operations) | Q(Exists(crossed)))


def day_of(operation: Operation, at: datetime) -> int:
    """Day 1 is the day it started (local calendar days)."""
    return (timezone.localdate(at) - timezone.localdate(operation.starts_at)).days + 1


def active_operations(at: datetime, among: QuerySet[Operation] | None = None) -> QuerySet[Operation]:
    return (among if among is not None else Operation.objects.all()).filter(running_at(at))


def operation_by_id_running_at(operation_id: int, at: datetime) -> Operation | None:
    """An explicit operation sent with a detection: it must exist and run at the detection's time."""
    return Operation.objects.filter(running_at(at), pk=operation_id).first()


@transaction.atomic
def plan_operation(
    *,
    by: User,
    code: str,
    name: str,
    kind: str,
    office: Office | None,
    starts_at: datetime,
    ends_at: datetime,
    areas: list[Area],
    boundary: MultiPolygon | None = None,
    team: list[User] | None = None,
) -> Operation:
    """A new operation. The caller checked who may plan it where (detection.planning)."""
    operation = Operation.objects.create(
        code=code,
        name=name,
        kind=kind,
        office=office,
        starts_at=starts_at,
        ends_at=ends_at,
        boundary=boundary,
        created_by=by,
    )
    operation.areas.set(areas)
    operation.team.set(team or [])
    record_event(actor=by, action="operation.plan", query={"operation": operation.pk, "code": code})
    return operation


@transaction.atomic
def revise_operation(
    *,
    operation: Operation,
    by: User,
    areas: list[Area],
    team: list[User],
    **values: object,
) -> Operation:
    """A planned operation changed (dates, areas, team...). Detections already tagged keep their
    tag: a supervisor moves one by hand (move_detection())."""
    locked = Operation.objects.select_for_update().get(pk=operation.pk)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save()
    locked.areas.set(areas)
    locked.team.set(team)
    record_event(actor=by, action="operation.revise", query={"operation": locked.pk, "code": locked.code})
    return locked


@transaction.atomic
def move_detection(*, detection: Detection, to: Operation | None, by: User) -> Detection:
    """A supervisor's correction: the detection counts for another operation (or none). Audited."""
    locked = Detection.objects.select_for_update().get(pk=detection.pk)
    before = locked.operation_id
    locked.operation = to
    locked.save(update_fields=["operation"])
    record_event(
        actor=by,
        action="detection.operation_moved",
        query={"detection": locked.pk, "from": before, "to": to.pk if to else None},
        location=locked.location,
    )
    return locked
