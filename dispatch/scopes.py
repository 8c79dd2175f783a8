"""Dispatch: an inspector's own; a supervisor's office. An inspector also sees the premises, the
detections and the areas of their own work (widening the scopes of detection and the ground floor)."""

from django.db.models import Q, QuerySet

from detection.models import Detection, Premises
from nforce.models import Area
from nforce.roles import Role, has_role
from nforce.scoping import filtered, in_office_areas, office_of, scope, when, widen

from .models import Assignment, Inspector, OutcomeRecord


@scope(Inspector)
def _inspectors(queryset: QuerySet, user) -> QuerySet:
    office = office_of(user)
    in_office = Q(user__home_office_id=office) | Q(areas__office_id=office)
    return filtered(queryset, Q(user=user), when(office is not None, in_office))


@scope(Assignment)
def _assignments(queryset: QuerySet, user) -> QuerySet:
    return filtered(queryset, *_assignments_of(user))


@scope(OutcomeRecord)
def _outcome_records(queryset: QuerySet, user) -> QuerySet:
    return filtered(queryset, *_assignments_of(user, via="assignment__"))


def _assignments_of(user, *, via: str = "") -> tuple[Q, Q]:
    """An inspector's own assignments; a supervisor's, those of the office's areas. `via` leads
    from the rows scoped to their assignment: an outcome record is seen as its assignment is."""
    return (
        _if_inspector(user, Q(**{f"{via}inspector__user": user})),
        in_office_areas(office_of(user), prefix=f"{via}premises__"),
    )


@widen(Premises)
def _assigned_premises(user) -> Q:
    return _if_inspector(user, Q(assignments__inspector__user=user))


@widen(Detection)
def _detections_of_assigned_premises(user) -> Q:
    return _if_inspector(user, Q(premises__assignments__inspector__user=user))


@widen(Area)
def _served_areas(user) -> Q:
    return _if_inspector(user, Q(inspectors__user=user))


def _if_inspector(user, q: Q) -> Q:
    return when(has_role(user, Role.INSPECTOR), q)
