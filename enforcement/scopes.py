"""Cases: the inspector who holds one; a supervisor's office (the case's office). The rows under a
case (findings, events, workers registered) follow their case; the schedule and counters are staff-wide
reference data."""

from django.db.models import Q, QuerySet

from nforce.roles import Role, has_role
from nforce.scoping import filtered, office_of, open_to_staff, scope, when

from .models import Case, CaseEvent, CompoundRate, Finding, Notification, NumberCounter, WorkerRegistration


@scope(Case)
def _case_rows(queryset: QuerySet, user) -> QuerySet:
    office = office_of(user)
    return filtered(
        queryset,
        when(has_role(user, Role.INSPECTOR), Q(inspector=user)),
        when(office is not None, Q(office_id=office)),
    )


def _under_visible_cases(queryset: QuerySet, user) -> QuerySet:
    return queryset.filter(case__in=_case_rows(Case.objects.all(), user).values("pk"))


scope(Finding)(_under_visible_cases)
scope(CaseEvent)(_under_visible_cases)
scope(WorkerRegistration)(_under_visible_cases)


@scope(Notification)
def _notifications(queryset: QuerySet, user) -> QuerySet:
    return queryset.filter(user=user)


scope(CompoundRate)(open_to_staff)
scope(NumberCounter)(open_to_staff)
