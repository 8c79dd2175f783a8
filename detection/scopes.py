"""Detections and premises: an officer's own; a supervisor's office; and what the apps above add
(dispatch: an inspector's assigned premises, see dispatch/scopes.py)."""

from django.db.models import Q, QuerySet

from nforce.roles import Role, has_role
from nforce.scoping import filtered, in_office_areas, office_of, scope, visible_to, when, widenings

from .models import Detection, DetectionWorker, Operation, Premises, QualityDecision


@scope(Detection)
def _detections(queryset: QuerySet, user) -> QuerySet:
    office = office_of(user)
    return filtered(
        queryset,
        Q(officer=user),
        when(office is not None, Q(area__office_id=office)),
        *widenings(Detection, user),
    )


@scope(Premises)
def _premises(queryset: QuerySet, user) -> QuerySet:
    return filtered(
        queryset,
        Q(created_by=user),
        Q(detections__officer=user),
        in_office_areas(office_of(user)),
        *widenings(Premises, user),
    )


@scope(QualityDecision)
def _quality_decisions(queryset: QuerySet, user) -> QuerySet:
    """A supervisor's own decisions and those on the detections of their office."""
    return filtered(queryset, Q(decided_by=user), in_office_areas(office_of(user), "detection__"))


@scope(Operation)
def _operations(queryset: QuerySet, user) -> QuerySet:
    """Not personal data: every role sees its home office's and the national operations, and
    those whose team it is in."""
    if not has_role(user, *Role):
        return queryset.none()
    return filtered(
        queryset,
        Q(office__isnull=True),
        when(user.home_office_id is not None, Q(office_id=user.home_office_id)),
        Q(team=user),
    )


@scope(DetectionWorker)
def _workers(queryset: QuerySet, user) -> QuerySet:
    """As their detection."""
    return queryset.filter(detection__in=visible_to(user, Detection).values("pk"))
