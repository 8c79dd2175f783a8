"""The ground floor's scopes: offices are reference data; staff, areas and the audit log by office."""

from django.db.models import Q, QuerySet

from .models import Area, AuditEvent, Office, User
from .scoping import filtered, office_of, scope, when, widenings


@scope(Office)
def _offices(queryset: QuerySet, user) -> QuerySet:
    return queryset


@scope(User)
def _staff(queryset: QuerySet, user) -> QuerySet:
    office = office_of(user)
    return queryset.filter(Q(pk=user.pk) | when(office is not None, Q(home_office_id=office)))


@scope(Area)
def _areas(queryset: QuerySet, user) -> QuerySet:
    """A supervisor's office's areas, and whatever the apps above add (dispatch: those served)."""
    office = office_of(user)
    return filtered(queryset, when(office is not None, Q(office_id=office)), *widenings(Area, user))


@scope(AuditEvent)
def _audit_events(queryset: QuerySet, user) -> QuerySet:
    office = office_of(user)
    return queryset.filter(actor__home_office_id=office) if office is not None else queryset.none()
