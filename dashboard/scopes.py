"""Dashboard figures: one's own, and a supervisor's office's areas."""

from django.db.models import Q, QuerySet

from nforce.scoping import office_of, scope, when

from .models import (
    ActivityRollup,
    AreaDayRollup,
    BacklogRollup,
    EnforcementRollup,
    RegistrationDelayRollup,
)


def _rollups(queryset: QuerySet, user) -> QuerySet:
    office = office_of(user)
    return queryset.filter(Q(officer=user) | when(office is not None, Q(area__office_id=office)))


for _model in (ActivityRollup, BacklogRollup, EnforcementRollup, RegistrationDelayRollup):
    scope(_model)(_rollups)


@scope(AreaDayRollup)
def _area_rollups(queryset: QuerySet, user) -> QuerySet:
    """Summed over officers, so only by area: a supervisor's office's areas."""
    office = office_of(user)
    return queryset.filter(area__office_id=office) if office is not None else queryset.none()
