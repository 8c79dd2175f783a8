"""Page adapters: the inspector's cases, one case with its actions, documents, the office list,
the report."""

import csv
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from nforce.audit import asked_by, record_event
from nforce.permissions import role_required, signed_in_user
from nforce.roles import Role
from nforce.scoping import office_of

from . import documents, states
from .cases import ActionRefused, IllegalMove, act
from .forms import CaseActionForm, ReportForm
from .models import Case
from .presenting import ACTION_LABELS, history, report_tables, state_words
from .queries import case_for, cases_for_inspector, cases_for_office, events_of, unread_notifications
from .reporting import ScopeRefused, csv_rows, operation_scope, operations_reported_to, scope_for
from .reports import report
from .workers import workers_found

CASE_ROLES = (Role.INSPECTOR, Role.SUPERVISOR)


def _case(request: HttpRequest, pk: int) -> Case:
    try:
        return case_for(user=signed_in_user(request), case_id=pk)
    except Case.DoesNotExist:
        # Asked for and not shown: the attempt is audited all the same.
        record_event(action="case.view", query={"case": pk}, result_count=0, **asked_by(request))
        raise Http404 from None


def _audit(request: HttpRequest, case: Case, what: str) -> None:
    record_event(
        action=f"case.{what}",
        query={"case": case.pk, "premises": case.premises_id},
        result_count=1,
        **asked_by(request),
    )


@role_required(Role.INSPECTOR)
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    user, on = signed_in_user(request), timezone.localdate()
    cases = list(cases_for_inspector(user=user, on=on))
    record_event(
        action="case.list",
        query={"cases": [c.pk for c in cases]},
        result_count=len(cases),
        **asked_by(request),
    )
    context = {"cases": cases, "notifications": unread_notifications(user=user)[:20], "today": on}
    return render(request, "enforcement/mine.html", context)


@role_required(*CASE_ROLES)
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    _audit(request, case, "view")
    return render(request, "enforcement/case.html", _case_context(case))


def _case_context(case: Case, failed: CaseActionForm | None = None) -> dict:
    forms = [
        failed if failed is not None and failed.action == action else CaseActionForm(action=action)
        for action in states.allowed_actions(case.state)
    ]
    return {
        "case": case,
        "premises": case.premises,
        "state_text": state_words(case.state),
        "findings": case.findings.all(),
        "workers": workers_found(case),
        "events": history(events_of(case)),
        "action_forms": [(form, ACTION_LABELS[form.action]) for form in forms],
        "past_due": states.is_past_due(
            state=case.state,
            notice_due=case.notice_due,
            compound_due=case.compound_due,
            on=timezone.localdate(),
        ),
        "position_labels": {
            "taken": _("Position taken, accurate to {metres} m."),
            "failed": _("No position from the phone: the action is recorded without it."),
            "waiting": _("saved on this phone, number on sync"),
            "failed_sync": _("not sent: {reason}"),
            "sent": _("Received by the server: number {number}."),
        },
    }


@role_required(*CASE_ROLES)
@require_POST
def act_on_case(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    case = _case(request, pk)
    if action not in states.ACTIONS:
        raise Http404
    form, status = CaseActionForm(request.POST, action=action), 422
    if form.is_valid():
        try:
            act(
                case,
                action,
                signed_in_user(request),
                timezone.now(),
                form.cleaned_data["position"],
                client_uuid=form.cleaned_data.get("client_uuid"),
                **form.act_fields(),
            )
        except IllegalMove as illegal:
            form.add_error(
                None, _("Not allowed while the case is %(state)s.") % {"state": state_words(illegal.current)}
            )
            status = 409
        except ActionRefused as refused:
            form.add_error(refused.field if refused.field in form.fields else None, refused.message)
            status = 409 if refused.conflict else 422
        else:
            messages.success(request, _("%(action)s: done.") % {"action": ACTION_LABELS[action]})
            return redirect("enforcement:case", pk=pk)
    case.refresh_from_db()
    return render(request, "enforcement/case.html", _case_context(case, form), status=status)


def _document(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    case = _case(request, pk)
    try:
        pdf = documents.render(
            case, kind=kind, case_url=request.build_absolute_uri(documents.case_path(case))
        )
    except documents.NotIssued:
        raise Http404 from None
    _audit(request, case, f"{kind}_pdf")
    return documents.pdf_response(pdf, filename=documents.filename(case, kind))


@role_required(*CASE_ROLES)
@require_GET
def notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _document(request, pk, "notice")


@role_required(*CASE_ROLES)
@require_GET
def compound_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _document(request, pk, "compound")


@role_required(Role.SUPERVISOR)
@require_GET
def office(request: HttpRequest) -> HttpResponse:
    user, on = signed_in_user(request), timezone.localdate()
    attention_only = request.GET.get("attention") == "1"
    cases = list(cases_for_office(office_id=office_of(user), on=on, attention_only=attention_only)[:500])
    record_event(
        action="case.list",
        query={"cases": [c.pk for c in cases]},
        result_count=len(cases),
        **asked_by(request),
    )
    attention = sum(1 for case in cases if getattr(case, "needs_attention", False))
    context = {"cases": cases, "attention": attention, "attention_only": attention_only, "today": on}
    return render(request, "enforcement/office.html", context)


def _report_for(request: HttpRequest) -> tuple[ReportForm, dict | None]:
    user = signed_in_user(request)
    operations = operations_reported_to(user)
    form = ReportForm(request.GET or None, national=user.is_superuser, operations=operations)
    if request.GET and not form.is_valid():
        return form, None
    given = form.cleaned_data if request.GET else {}
    if given.get("operation") is not None:
        return form, report(operation_scope(user, given["operation"].pk))
    try:
        scope = scope_for(
            user,
            start=given.get("start"),
            end=given.get("end"),
            office=given.get("office") or "",
            state=given.get("state") or "",
            today=timezone.localdate(),
        )
    except ScopeRefused as refused:
        form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        return form, None
    return form, report(scope)


@role_required(Role.SUPERVISOR)
@require_GET
def report_page(request: HttpRequest) -> HttpResponse:
    form, figures = _report_for(request)
    tables = report_tables(figures) if figures is not None else None
    context = {"form": form, "figures": figures, "tables": tables, "query": request.GET.urlencode()}
    return render(request, "enforcement/report.html", context, status=200 if figures is not None else 422)


def _report_file(write: Callable[[HttpRequest, dict], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """The report's figures as a file; a query that is not valid gets the report page back, with
    the form's errors (422), as the page itself does."""

    @wraps(write)
    def view(request: HttpRequest) -> HttpResponse:
        form, figures = _report_for(request)
        if figures is None:
            return render(request, "enforcement/report.html", {"form": form, "figures": None}, status=422)
        return write(request, figures)

    return view


@role_required(Role.SUPERVISOR)
@require_GET
@_report_file
def report_csv(request: HttpRequest, figures: dict) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="enforcement-report.csv"'
    writer = csv.writer(response)
    writer.writerow(["figure", "value"])
    writer.writerows(csv_rows(figures))
    return response


@role_required(Role.SUPERVISOR)
@require_GET
@_report_file
def report_pdf(request: HttpRequest, figures: dict) -> HttpResponse:
    user = signed_in_user(request)
    title = str(user.home_office) if not user.is_superuser and user.home_office else "PERKESO"
    return documents.pdf_response(
        documents.render_report(figures, title=title), filename="enforcement-report.pdf"
    )
