"""Dashboard pages, drill-down lists, exports and the map's data. Thin: parse, call, render."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from nforce.audit import asked_by, record_event
from nforce.permissions import role_required
from nforce.roles import Role

from . import export, records
from .breakdowns import DIMENSIONS, SORTABLE, breakdown, series
from .filters import Filters, scoped_filters, visible_areas
from .forms import DashboardQueryForm
from .mapdata import feature_collection
from .pages import Query, dashboard_page
from .tables import RECORD_KINDS, breakdown_table, record_rows, records_table, series_table

supervisors_only = role_required(Role.SUPERVISOR)
PAGE_SIZE = 50
EXPORTERS = {"csv": export.csv_response, "xlsx": export.xlsx_response}


def _parse(request: HttpRequest) -> tuple[DashboardQueryForm, Filters | None, Query | None]:
    """The filters of the query string, in the user's scope (Http404 outside it); None if invalid."""
    form = DashboardQueryForm(request.GET, today=timezone.localdate())
    if not form.is_valid():
        return form, None, None
    data = form.cleaned_data
    filters = scoped_filters(user=request.user, period=data["period"], **form.narrowing())
    sort = data["sort"] if data["sort"].removeprefix("-") in SORTABLE else "label"
    query = Query(period=data["period"], narrowing=form.narrowing(), by=data["by"] or "area", sort=sort)
    return form, filters, query


def _context(request: HttpRequest, form: DashboardQueryForm, **more) -> dict:
    return {"form": form, "areas": list(visible_areas(user=request.user).only("code", "name")), **more}


@supervisors_only
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    form, filters, query = _parse(request)
    if filters is None or query is None:
        return render(request, "dashboard/dashboard.html", _context(request, form), status=400)
    page = dashboard_page(filters=filters, query=query, today=timezone.localdate())
    return render(request, "dashboard/dashboard.html", _context(request, form, page=page, filters=filters))


@supervisors_only
@require_GET
def records_list(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in RECORD_KINDS:
        raise Http404
    form, filters, query = _parse(request)
    context = _context(request, form, kind=RECORD_KINDS[kind], name=kind)
    if filters is None:
        return render(request, "dashboard/records.html", context, status=400)
    found = RECORD_KINDS[kind].fetch(filters, timezone.localdate())
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    numeric = [column.numeric for column in RECORD_KINDS[kind].columns]
    rows = [list(zip(row, numeric, strict=True)) for row in record_rows(RECORD_KINDS[kind], page)]
    _audit(request, "dashboard.records", query, len(rows), kind=kind, page=page.number)
    context.update(page=page, rows=rows, filters=filters, query=query)
    return render(request, "dashboard/records.html", context)


@supervisors_only
@require_GET
def export_records(request: HttpRequest, kind: str, fmt: str) -> HttpResponseBase:
    if kind not in RECORD_KINDS or fmt not in EXPORTERS:
        raise Http404
    form, filters, query = _parse(request)
    if filters is None:
        return HttpResponseBadRequest(form.errors.as_text())
    today = timezone.localdate()
    _audit(
        request,
        "dashboard.export",
        query,
        RECORD_KINDS[kind].fetch(filters, today).count(),
        kind=kind,
        fmt=fmt,
    )
    return EXPORTERS[fmt](records_table(name=kind, filters=filters, today=today))


@supervisors_only
@require_GET
def export_table(request: HttpRequest, table: str, fmt: str) -> HttpResponseBase:
    """A breakdown table (by state, area, office or officer) or the series over time."""
    if (table not in DIMENSIONS and table != "series") or fmt not in EXPORTERS:
        raise Http404
    form, filters, query = _parse(request)
    if filters is None or query is None:
        return HttpResponseBadRequest(form.errors.as_text())
    if table == "series":
        buckets = series(filters=filters)[1]
        _audit(request, "dashboard.export", query, len(buckets), table=table, fmt=fmt)
        return EXPORTERS[fmt](series_table(buckets=buckets, filters=filters))
    rows = breakdown(filters=filters, by=table, today=timezone.localdate(), sort=query.sort)
    _audit(request, "dashboard.export", query, len(rows), table=table, fmt=fmt)
    return EXPORTERS[fmt](breakdown_table(rows=rows, by=table, filters=filters))


@supervisors_only
@require_GET
def map_data(request: HttpRequest) -> JsonResponse:
    form, filters, query = _parse(request)
    if filters is None:
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    found = feature_collection(records.unregistered_for_map(filters=filters))
    _audit(request, "dashboard.map", query, len(found["features"]))
    return JsonResponse(found)


def _audit(request: HttpRequest, action: str, query: Query | None, shown: int, **what) -> None:
    """Lists, maps and files of records are audited: who took which records (by the filters that
    chose them), and how many."""
    chosen_by = query.params() if query is not None else {}
    record_event(action=action, query={**what, **chosen_by}, result_count=shown, **asked_by(request))
