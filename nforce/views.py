from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import system_health
from .models import AuditEvent
from .permissions import role_required
from .roles import Role, roles_of


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "nforce/home.html", {"roles": roles_of(request.user)})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report = system_health()
    return JsonResponse(report, status=200 if report["ok"] else 503)


@role_required(Role.SUPERVISOR)
def audit_log(request: HttpRequest) -> HttpResponse:
    events = AuditEvent.objects.select_related("actor").order_by("-at")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "nforce/audit_log.html", {"page": page})
