"""From a request to a report scope: a supervisor reads their own office; an administrator any
office, any state, or the whole country. Shared by the report's page, CSV and API."""

from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from detection.models import Operation
from nforce.models import Office, User
from nforce.roles import Role, has_role
from nforce.scoping import office_of

from .reports import Scope

DEFAULT_DAYS = 7


class ScopeRefused(ValueError):
    def __init__(self, *, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def scope_for(
    user: User, *, start: date | None, end: date | None, office: str = "", state: str = "", today: date
) -> Scope:
    end = end or today
    start = start or end - timedelta(days=DEFAULT_DAYS - 1)
    if not user.is_superuser:
        if not has_role(user, Role.SUPERVISOR) or office_of(user) is None:
            raise ScopeRefused(field="office", message=_("You supervise no office: ask for one."))
        return Scope(start=start, end=end, office_id=office_of(user))
    office_id = None
    if office:
        found = Office.objects.filter(code=office.strip().upper()).values_list("pk", flat=True).first()
        if found is None:
            raise ScopeRefused(field="office", message=_("No office with that code."))
        office_id = found
    return Scope(start=start, end=end, office_id=office_id, state=state.strip())


def operations_reported_to(user: User) -> QuerySet[Operation]:
    """Administrators: every operation; a supervisor: their own office's and the national ones."""
    operations = Operation.objects.order_by("-starts_at", "code")
    if user.is_superuser:
        return operations
    office = office_of(user) if has_role(user, Role.SUPERVISOR) else None
    if office is None:
        return operations.none()
    return operations.filter(Q(office__isnull=True) | Q(office_id=office))


def operation_scope(user: User, operation_id: int) -> Scope:
    """The scope of one operation's report; Operation.DoesNotExist when the user may not read it."""
    operation = operations_reported_to(user).get(pk=operation_id)
    return Scope(
        start=timezone.localdate(operation.starts_at),
        end=timezone.localdate(operation.ends_at),
        operation_id=operation.pk,
        operation_code=operation.code,
    )


def csv_rows(figures: dict) -> list[tuple[str, str]]:
    """The report flattened to (figure, value) rows: "compounds.by_section.act4_s4.count", 34."""
    rows: list[tuple[str, str]] = []

    def walk(prefix: str, value: object) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        else:
            rows.append((prefix, "" if value is None else str(value)))

    walk("", figures)
    return rows
