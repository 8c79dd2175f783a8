import re

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .audit import asked_by, events_about, record_event
from .health import cached_health
from .login_backoff import wait_seconds
from .maps import base_layer, etag_of
from .models import AuditEvent
from .offline import offline_shell
from .permissions import any_staff_role, role_required
from .roles import Role, roles_of
from .scoping import visible_to

# The newest events about one person that the audit log page shows (no pages: the ID is not in the URL).
SUBJECT_EVENTS = 200
# How long a phone may reuse the map's areas without asking again.
MAP_MAX_AGE_S = 300


@offline_shell  # the installed app opens on this page, with or without signal
@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "nforce/home.html", {"roles": roles_of(request.user)})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Public (load balancers poll it): anonymous callers learn only up or down, signed-in staff
    which part is down, admins why (error texts may name hosts)."""
    report = cached_health()
    status = 200 if report["ok"] else 503
    if not request.user.is_authenticated:
        return JsonResponse({"ok": report["ok"]}, status=status)
    if not request.user.is_staff:
        report = {name: _without_error(part) for name, part in report.items()}
    return JsonResponse(report, status=status)


def _without_error(part):
    if isinstance(part, dict) and "error" in part:
        return {**part, "error": "unavailable"}
    return part


class StaffLoginForm(AuthenticationForm):
    """Django's sign-in form; a staff number in its backoff (nforce.login_backoff) is not tried."""

    def clean(self):
        staff_number = self.cleaned_data.get("username")
        wait = wait_seconds(staff_number) if staff_number else 0
        if wait:
            message = ngettext(
                "Too many failed sign-ins for this staff number. Try again in %(seconds)d second.",
                "Too many failed sign-ins for this staff number. Try again in %(seconds)d seconds.",
                wait,
            )
            raise forms.ValidationError(message % {"seconds": wait}, code="backoff")
        return super().clean()


login = LoginView.as_view(authentication_form=StaffLoginForm)


class SubjectForm(forms.Form):
    """Whose lookups? The ID is typed into a POST body, never a URL; matched as its keyed hashes."""

    id_number = forms.CharField(
        label=_("MyKad or passport number"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_id_number(self) -> str:
        return re.sub(r"[\s-]+", "", self.cleaned_data["id_number"]).upper()


@role_required(Role.SUPERVISOR)
def audit_log(request: HttpRequest) -> HttpResponse:
    events = visible_to(request.user, AuditEvent).select_related("actor").order_by("-at")
    form = SubjectForm(request.POST if request.method == "POST" else None)
    if not form.is_valid():
        page = Paginator(events, 50).get_page(request.GET.get("page"))
        return render(request, "nforce/audit_log.html", {"page": page, "form": form}, status=_status(form))
    about = list(events_about(form.cleaned_data["id_number"], among=events)[:SUBJECT_EVENTS])
    # Asking whom a person was looked up by is itself a lookup of that person.
    record_event(
        action="audit.subject",
        subject_id=form.cleaned_data["id_number"],
        result_count=len(about),
        **asked_by(request),
    )
    return render(
        request,
        "nforce/audit_log.html",
        {"page": about, "form": form, "subject": True, "limit": SUBJECT_EVENTS},
    )


def _status(form: forms.Form) -> int:
    return 422 if form.is_bound else 200


@require_GET
@any_staff_role
@offline_shell  # kept on the phone with the pages, so that a map opened offline still has its areas
def map_base_layer(request: HttpRequest) -> HttpResponse:
    """The areas this user may see and the office towns, as GeoJSON (docs/maps.md). Short-lived
    and private: an area redrawn in the admin shows within minutes; the ETag spares the body."""
    collection = base_layer(request.user)
    response = JsonResponse(collection, content_type="application/geo+json")
    response["ETag"] = f'"{etag_of(collection)}"'
    patch_cache_control(response, private=True, max_age=MAP_MAX_AGE_S)
    return get_conditional_response(request, etag=response["ETag"], response=response) or response
