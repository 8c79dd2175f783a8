"""Who plans which operations, and what a plan must say: shared by the planning pages and the API.

Supervisors plan the operations of their own office, in its areas, with its staff; administrators
plan national ones (no office) or any office's. read_plan() turns what was typed or sent into the
arguments of operations.plan_operation(), or field -> message for what is wrong.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.gis.geos import MultiPolygon
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from nforce.models import Area, Office, User
from nforce.roles import Role, has_role

from .models import Operation

CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{2,39}")


def may_plan(user: User, office: Office | None) -> bool:
    if user.is_superuser:
        return True
    return has_role(user, Role.SUPERVISOR) and office is not None and office.pk == user.home_office_id


def plannable_by(user: User) -> QuerySet[Operation]:
    """The operations the user may edit."""
    if user.is_superuser:
        return Operation.objects.all()
    if not has_role(user, Role.SUPERVISOR) or user.home_office_id is None:
        return Operation.objects.none()
    return Operation.objects.filter(office_id=user.home_office_id)


def areas_for(office: Office | None) -> QuerySet[Area]:
    """An office's operation covers its own areas; a national one any area."""
    areas = Area.objects.order_by("code")
    return areas.filter(office=office) if office is not None else areas


def team_for(office: Office | None) -> QuerySet[User]:
    """Officers and inspectors (and supervisors) who may join: the office's staff, or anyone's."""
    staff = User.objects.filter(is_active=True, groups__name__in=[role.value for role in Role]).distinct()
    if office is not None:
        staff = staff.filter(home_office=office)
    return staff.order_by("full_name")


@dataclass(frozen=True)
class Plan:
    """An operation as typed or sent, read: what plan_operation() takes, or the errors."""

    errors: dict[str, str]
    values: dict = field(default_factory=dict)
    duplicate_code: bool = False  # the API answers 409 for it, a form its message


def read_plan(
    *,
    user: User,
    office: Office | None,
    code: str,
    name: str,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    area_codes: list[str],
    boundary: MultiPolygon | None = None,
    staff_numbers: list[str] | None = None,
    editing: Operation | None = None,
) -> Plan:
    errors: dict[str, str] = {}
    duplicate = False
    code = code.strip().upper()
    if not may_plan(user, office):
        errors["office"] = _("You may plan operations only for your own office.")
    if not CODE.fullmatch(code):
        errors["code"] = _("Use 3 to 40 capital letters, digits and dashes, e.g. OPS-KESAN-2026.")
    elif _code_taken(code, editing=editing):
        errors["code"] = _("Another operation has the code %(code)s.") % {"code": code}
        duplicate = True
    if ends_at <= starts_at:
        errors["ends_at"] = _("The end must be after the start.")
    areas = _areas(area_codes, office=office, errors=errors)
    if not areas and boundary is None and not any(name.startswith("area_codes") for name in errors):
        errors["area_codes"] = _("Choose at least one area, or draw the operation's boundary on the map.")
    team = _team(staff_numbers or [], office=office, errors=errors)
    values = {
        "code": code,
        "name": name.strip(),
        "kind": kind,
        "office": office,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "areas": areas,
        "boundary": boundary,
        "team": team,
    }
    return Plan(errors=errors, values=values, duplicate_code=duplicate)


def _areas(codes: list[str], *, office: Office | None, errors: dict[str, str]) -> list[Area]:
    wanted = [code.strip().upper() for code in codes]
    found = {area.code: area for area in areas_for(office).filter(code__in=wanted)}
    for index, code in enumerate(wanted):
        if code not in found:
            errors[f"area_codes[{index}]"] = _("No area %(code)s in this office.") % {"code": code}
    return list(found.values())


def _team(numbers: list[str], *, office: Office | None, errors: dict[str, str]) -> list[User]:
    wanted = [number.strip().upper() for number in numbers]
    found = {user.staff_number.upper(): user for user in team_for(office).filter(_staff_number_in(wanted))}
    for index, number in enumerate(wanted):
        if number not in found:
            errors[f"team[{index}]"] = _("No member of this office's staff has the number %(number)s.") % {
                "number": number
            }
    return list(found.values())


def _staff_number_in(numbers: list[str]) -> Q:
    matching = Q(pk__in=[])
    for number in numbers:
        matching |= Q(staff_number__iexact=number)
    return matching


def _code_taken(code: str, *, editing: Operation | None) -> bool:
    others = Operation.objects.filter(code=code)
    return (others.exclude(pk=editing.pk) if editing is not None else others).exists()
