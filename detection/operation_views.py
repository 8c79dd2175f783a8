"""The operations' planning pages (supervisors: their own office; administrators: national) and
the check page's banner of the running operation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from nforce.models import User
from nforce.permissions import any_staff_role, role_required, signed_in_user
from nforce.roles import Role
from nforce.scoping import visible_to

from .forms import OperationForm
from .models import Operation
from .operations import day_of, plan_operation, revise_operation, running_for_team_member
from .planning import areas_for, plannable_by, read_plan, team_for
from .presenting import areas_geojson
from .queries import operations_for_list


@require_GET
@role_required(Role.SUPERVISOR)
def operations(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    shown = operations_for_list(among=visible_to(user, Operation))
    editable = set(plannable_by(user).values_list("pk", flat=True))
    context = {
        "operations": shown,
        "editable": editable,
        "now": timezone.now(),
        "may_plan": _may_plan_any(user),
    }
    return render(request, "detection/operations.html", context)


def _may_plan_any(user: User) -> bool:
    return user.is_superuser or user.home_office_id is not None


@require_http_methods(["GET", "POST"])
@role_required(Role.SUPERVISOR)
def operation_new(request: HttpRequest) -> HttpResponse:
    return _plan_page(request, operation=None)


@require_http_methods(["GET", "POST"])
@role_required(Role.SUPERVISOR)
def operation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    operation = get_object_or_404(plannable_by(signed_in_user(request)), pk=pk)
    return _plan_page(request, operation=operation)


def _plan_page(request: HttpRequest, *, operation: Operation | None) -> HttpResponse:
    user = signed_in_user(request)
    if not _may_plan_any(user):
        raise PermissionDenied
    office = None if user.is_superuser else user.home_office
    areas = areas_for(office)
    form = OperationForm(
        request.POST or None,
        initial=_initial(operation),
        areas=areas,
        team=team_for(office),
        national=user.is_superuser,
    )
    if request.method == "POST" and form.is_valid():
        saved = _save_plan(form, user=user, operation=operation)
        if saved is not None:
            messages.success(request, _("Operation %(code)s saved.") % {"code": saved.code})
            return redirect("detection:operations")
    context = {"form": form, "operation": operation, "areas_geojson": areas_geojson(areas)}
    return render(request, "detection/operation_form.html", context, status=422 if form.errors else 200)


def _initial(operation: Operation | None) -> dict:
    if operation is None:
        return {"kind": Operation.Kind.DETECTION}
    return {
        "code": operation.code,
        "name": operation.name,
        "kind": operation.kind,
        "office": operation.office,
        "starts_at": timezone.localtime(operation.starts_at),
        "ends_at": timezone.localtime(operation.ends_at),
        "areas": list(operation.areas.all()),
        "boundary": operation.boundary.geojson if operation.boundary else "",
        "team": list(operation.team.all()),
    }


def _save_plan(form: OperationForm, *, user: User, operation: Operation | None) -> Operation | None:
    """The plan stored, or None with the reasons added to the form."""
    data = form.cleaned_data
    office = data.get("office") if user.is_superuser else user.home_office
    plan = read_plan(
        user=user,
        office=office,
        code=data["code"],
        name=data["name"],
        kind=data["kind"],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        area_codes=[area.code for area in data["areas"]],
        boundary=data["boundary"],
        staff_numbers=[member.staff_number for member in data["team"]],
        editing=operation,
    )
    for field, message in plan.errors.items():
        form.add_error(_form_field(field, form), message)
    if plan.errors:
        return None
    if operation is None:
        return plan_operation(by=user, **plan.values)
    return revise_operation(operation=operation, by=user, **plan.values)


def _form_field(name: str, form: OperationForm) -> str | None:
    """The form's field for an error of read_plan() ("area_codes[2]" is the areas' checkboxes)."""
    field = {"area_codes": "areas", "team": "team"}.get(name.split("[")[0], name)
    return field if field in form.fields else None


@require_GET
@any_staff_role
def running_operation(request: HttpRequest) -> HttpResponse:
    """The check page's banner: "Operation OPS-KESAN-2026 · day 3", and its id for the record."""
    now = timezone.now()
    running = [
        {"operation": operation, "day": day_of(operation, now)}
        for operation in running_for_team_member(signed_in_user(request), now)
    ]
    return render(request, "detection/_running_operation.html", {"running": running})
