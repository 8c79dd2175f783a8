"""Page adapters: the inspector's "My premises", one assignment, and the supervisor's queue."""

from uuid import uuid4

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from nforce.audit import asked_by, record_event
from nforce.bounds import parse_id
from nforce.dates import reader_date
from nforce.offline import offline_shell
from nforce.permissions import role_required, signed_in_user
from nforce.positions import InvalidPosition, read_position
from nforce.roles import Role

from .forms import OutcomeForm, ReassignForm
from .models import Assignment
from .outcomes import OutcomeRefused, record_outcome
from .presenting import feature_collection, navigation_links
from .queries import (
    QueueEntry,
    assignment_for_inspector,
    assignments_for_inspector_map,
    dispatch_queue,
    inspector_of,
    inspectors_for_supervisor,
    live_assignments_of,
    supervisor_office,
    supervisor_sees_nothing,
)
from .reassign import ReassignRefused, reassign_assignments


def _near(request: HttpRequest):
    """Where the inspector stands, sent by the page's script; a list without it otherwise."""
    try:
        return read_position(request.GET)
    except InvalidPosition:
        return None


@role_required(Role.INSPECTOR)
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    on, user = timezone.localdate(), signed_in_user(request)
    assignments = list(assignments_for_inspector_map(user=user, on=on, near=_near(request)))
    context = {
        "inspector": inspector_of(user),
        "assignments": assignments,
        "today": on,
        "features": feature_collection(assignments, on=on),
        "map_labels": {
            "overdue": _("Overdue"),
            "due": _("Due"),
            "details": _("Details and outcome"),
            "navigate": _("Navigate"),
            "here": _("You are here"),
            "waiting": _("Outcome waiting to be sent"),
        },
    }
    return render(request, "dispatch/mine.html", context)


@offline_shell
@role_required(Role.INSPECTOR)
@require_GET
def kept(request: HttpRequest) -> HttpResponse:
    """ "My premises" with no signal: an empty page that the phone fills from what it kept at the
    last sync (offline-store.js). Holds nobody's data, so the service worker may keep it."""
    context = {
        "form": OutcomeForm(),
        "strings": {
            "as_of": _("As of {time}"),
            "nothing_kept": _("Nothing is kept on this phone yet: open My premises once with signal."),
            "waiting": _("Outcome waiting to be sent"),
            "failed": _("Not sent: {reason}"),
            "overdue": _("Overdue: due {date}"),
            "due": _("Due {date}"),
            "workers": _("Workers seen: {count}"),
            "saved": _("Saved on this phone: it will be sent when there is signal."),
            "back": _("All my premises"),
            "closed_here": _("Outcome recorded on this phone."),
            "choose": _("Choose an outcome."),
        },
        "outcome_url": reverse("dispatch-api:outcome", args=[0]),
    }
    return render(request, "dispatch/kept.html", context)


@role_required(Role.INSPECTOR)
@require_GET
def mine_list(request: HttpRequest) -> HttpResponse:
    """The list alone, sorted from where the inspector stands (htmx, once the phone knows)."""
    on = timezone.localdate()
    assignments = assignments_for_inspector_map(user=signed_in_user(request), on=on, near=_near(request))
    return render(request, "dispatch/_mine_list.html", {"assignments": assignments, "today": on})


def _own_assignment(request: HttpRequest, pk: int) -> Assignment:
    try:
        return assignment_for_inspector(user=signed_in_user(request), assignment_id=pk)
    except Assignment.DoesNotExist:
        raise Http404 from None


@role_required(Role.INSPECTOR)
@require_GET
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _own_assignment(request, pk)
    seen = {"premises": assignment.premises_id, "assignment": pk}
    record_event(action="premises.view", query=seen, result_count=1, **asked_by(request))
    form = OutcomeForm(initial={"client_uuid": uuid4()})
    return render(request, "dispatch/assignment.html", _detail_context(assignment, form))


def _detail_context(assignment: Assignment, form: OutcomeForm) -> dict:
    location = assignment.premises.location
    return {
        "assignment": assignment,
        "premises": assignment.premises,
        "detections": assignment.premises.detections.all(),
        "navigation": navigation_links(lat=location.y, lon=location.x),
        "overdue": assignment.is_overdue(timezone.localdate()),
        "form": form,
        "position_labels": {
            "taken": _("Position taken, accurate to {metres} m."),
            "failed": _("No position from the phone: the outcome is recorded without it."),
        },
    }


@role_required(Role.INSPECTOR)
@require_POST
def outcome(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _own_assignment(request, pk)
    form, status = OutcomeForm(request.POST), 422
    if form.is_valid():
        try:
            done = _record(request, pk, form.cleaned_data)
        except OutcomeRefused as refused:
            form.add_error(refused.field, refused.message)
            status = 409 if refused.conflict else 422
        else:
            messages.success(request, _outcome_message(done))
            return redirect("dispatch:mine")
    return render(request, "dispatch/assignment.html", _detail_context(assignment, form), status=status)


def _record(request: HttpRequest, pk: int, found: dict) -> Assignment:
    """`found`: the form's outcome, employer_code, notes, position and client_uuid, as
    record_outcome() takes them (no UUID from an old form: one is made, nothing to replay)."""
    found = {**found, "client_uuid": found.get("client_uuid") or uuid4()}
    return record_outcome(
        assignment_id=pk,
        inspector=signed_in_user(request),
        now=timezone.now(),
        on=timezone.localdate(),
        **found,
    )


def _outcome_message(assignment: Assignment) -> str:
    values = {"premises": assignment.premises.name, "outcome": assignment.get_outcome_display()}
    if assignment.status == Assignment.Status.CLOSED:
        return _("%(premises)s: %(outcome)s. The case is closed.") % values
    follow_up = {**values, "due": reader_date(assignment.due_on)}
    return _("%(premises)s: %(outcome)s. Follow up by %(due)s.") % follow_up


@role_required(Role.SUPERVISOR)
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    entries: list[QueueEntry]
    if supervisor_sees_nothing(user):
        entries, waiting = [], 0
    else:
        entries, waiting = dispatch_queue(on=timezone.localdate(), office=supervisor_office(user))
    return render(request, "dispatch/queue.html", {"entries": entries, "waiting": waiting})


@role_required(Role.SUPERVISOR)
def reassign(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    office = supervisor_office(user)
    inspectors = inspectors_for_supervisor(office=office)
    if supervisor_sees_nothing(user):
        inspectors = inspectors.none()
    source = request.GET.get("inspector") or request.POST.get("from_inspector") or ""
    source_id = parse_id(source)
    if source and source_id is None:
        return _unknown_source(request, inspectors)
    own = source_id is not None and inspectors.filter(pk=source_id).exists()
    cases = live_assignments_of(inspector_id=source_id) if own and source_id else Assignment.objects.none()
    form = ReassignForm(request.POST or None, assignments=cases, inspectors=inspectors.filter(active=True))
    if request.method == "POST" and form.is_valid():
        try:
            moved = reassign_assignments(
                assignment_ids=[a.pk for a in form.cleaned_data["assignments"]],
                to_inspector_id=form.cleaned_data["to_inspector"].pk,
                by=user,
                on=timezone.localdate(),
            )
        except ReassignRefused as refused:
            for message in refused.messages:
                form.add_error(None, message)
        else:
            moved_text = ngettext("%(count)s case moved.", "%(count)s cases moved.", len(moved))
            messages.success(request, moved_text % {"count": len(moved)})
            return redirect(f"{request.path}?inspector={source}")
    context = {"form": form, "inspectors": inspectors, "source": source, "cases": cases}
    return render(request, "dispatch/reassign.html", context, status=422 if form.errors else 200)


def _unknown_source(request: HttpRequest, inspectors) -> HttpResponse:
    """`inspector=` that is no id at all (a typed or forged query string): say so, 400."""
    context = {"inspectors": inspectors, "source": "", "bad_source": _("Choose the inspector from the list.")}
    return render(request, "dispatch/reassign.html", context, status=400)
