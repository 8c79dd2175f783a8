"""A supervisor moves cases, in bulk, to another inspector."""

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nforce.dates import reader_date
from nforce.models import User

from .history import audit_assignments
from .locks import hold_dispatch_lock
from .models import Assignment, Inspector
from .presenting import reason_text_en
from .solver import distance_km


class ReassignRefused(Exception):
    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@transaction.atomic
def reassign_assignments(
    *, assignment_ids: Sequence[int], to_inspector_id: int, by: User, on: date
) -> list[Assignment]:
    """All or nothing: the target must be available, serve each area and keep within capacity.

    The next dispatch run leaves these where the supervisor put them (they stay with an
    available inspector serving their area).
    """
    hold_dispatch_lock()
    target = Inspector.objects.available_on(on).select_related("user").filter(pk=to_inspector_id).first()
    if target is None:
        raise ReassignRefused([_("That inspector is not available on %(date)s.") % {"date": reader_date(on)}])
    assignments = list(
        Assignment.objects.live()
        .filter(pk__in=assignment_ids)
        .exclude(inspector=target)
        .select_related("premises__area")
        .select_for_update(of=("self",))
    )
    load = target.assignments.live().count() + len(assignments)
    _check(assignments, target=target, load=load)
    for assignment in assignments:
        _move(assignment, target=target, load=load, by=by)
    Assignment.objects.bulk_update(assignments, ["inspector", "assigned_at", "reason", "reason_data"])
    audit_assignments(assignments=assignments, action="dispatch.moved_by_supervisor", actor=by)
    return assignments


def _check(assignments: list[Assignment], *, target: Inspector, load: int) -> None:
    served = set(target.areas.values_list("pk", flat=True))
    problems = [
        _("%(inspector)s does not serve the area of %(premises)s.")
        % {"inspector": target.user, "premises": assignment.premises}
        for assignment in assignments
        if assignment.premises.area_id not in served
    ]
    if load > target.capacity:
        problems.append(
            _("%(inspector)s would have %(load)s open cases, above their capacity of %(capacity)s.")
            % {"inspector": target.user, "load": load, "capacity": target.capacity}
        )
    if problems:
        raise ReassignRefused(problems)


def _move(assignment: Assignment, *, target: Inspector, load: int, by: User) -> None:
    premises, base = assignment.premises, target.base_location
    distance = distance_km(premises.location.y, premises.location.x, base.y, base.x) if base else None
    data = {
        "moved_by": by.staff_number,
        "area": premises.area.code if premises.area else "",
        "open_cases": load,
        "capacity": target.capacity,
        "distance_km": None if distance is None else round(distance, 1),
    }
    assignment.inspector = target
    assignment.assigned_at = timezone.now()
    assignment.reason_data = data
    assignment.reason = reason_text_en(data)
