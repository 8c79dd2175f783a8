from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import system_health
from .models import AuditEvent
from .offline import offline_shell
from .permissions import role_required
from .roles import Role, roles_of
from .scoping import visible_to


@offline_shell  # the installed app opens on this page, with or without signal
@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "nforce/home.html", {"roles": roles_of(request.user)})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Public (load balancers poll it); the error texts only for staff, they may name hosts."""
    report = system_health()
    if not (request.user.is_authenticated and request.user.is_staff):
        report = {name: _without_error(part) for name, part in report.items()}
    return JsonResponse(report, status=200 if report["ok"] else 503)


def _without_error(part):
    if isinstance(part, dict) and "error" in part:
        return {**part, "error": "unavailable"}
    return part


@role_required(Role.SUPERVISOR)
def audit_log(request: HttpRequest) -> HttpResponse:
    events = visible_to(request.user, AuditEvent).select_related("actor").order_by("-at")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "nforce/audit_log.html", {"page": page})
