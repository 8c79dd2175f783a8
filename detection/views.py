"""Pages: record an unregistered premises, my detections today, a premises and its history, a
detection; planning operations."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.static import serve

from nforce.audit import asked_by, client_address_of, record_event
from nforce.models import User
from nforce.offline import offline_shell
from nforce.permissions import any_staff_role, role_required, signed_in_user
from nforce.roles import Role, has_role
from nforce.scoping import visible_to

from .forms import MoveDetectionForm, QualityDecisionForm
from .models import Detection, Operation, Premises
from .operations import (
    active_operations,
    move_detection,
)
from .presenting import feature_collection, flag_texts, reason_texts
from .quality import (
    Decided,
    DecisionRefused,
    Reason,
    decide,
    decisions_on,
    detections_to_review,
    merge_candidates,
    premises_reviewable_by,
    reasons_of,
    reviewable_by,
)
from .queries import (
    detection_with_workers,
    detections_since_days,
    photo_visible_to,
    premises_with_history,
)
from .trust import POOR_ACCURACY_M

# Offered as the officer types; any other words may be typed.
KINDS_OF_BUSINESS = (
    gettext_lazy("restaurant or stall"),
    gettext_lazy("grocery shop"),
    gettext_lazy("motor workshop"),
    gettext_lazy("hair salon or barber"),
    gettext_lazy("laundry"),
    gettext_lazy("clothing or textile shop"),
    gettext_lazy("hardware shop"),
    gettext_lazy("phone shop"),
    gettext_lazy("construction site"),
    gettext_lazy("factory or workshop"),
    gettext_lazy("farm or plantation"),
    gettext_lazy("office"),
)


@require_GET
@any_staff_role
@offline_shell
def record(request: HttpRequest) -> HttpResponse:
    context = {"kinds": KINDS_OF_BUSINESS, "strings": _record_strings(), "poor_accuracy_m": POOR_ACCURACY_M}
    return render(request, "detection/record.html", context)


def _record_strings() -> dict[str, str]:
    """The words record.js shows, in the page's language ({placeholders} filled in by the script)."""
    return {
        "locating": _("Finding your position…"),
        "position": _("Position {latitude}, {longitude}, within {accuracy} m."),
        "poor": _(
            "The position is rough (within {accuracy} m, worse than 100 m). Step into the open and "
            "take it again, or record anyway: the record will be marked as a poor fix."
        ),
        "denied": _(
            "This phone does not let Nforce read its position. Allow location for this site in the "
            "browser settings, then take the position again."
        ),
        "unavailable": _("No position yet. Step into the open, then take the position again."),
        "no_position": _("A detection needs the phone's position. Wait for it, or take the position again."),
        "saved": _("Saved on this phone; it will be sent when there is signal."),
        "sent": _("Sent."),
        "failed": _("Not accepted: {detail}"),
        "not_saved": _("Could not be saved on this phone: {detail}"),
    }


@require_GET
@any_staff_role
def mine(request: HttpRequest) -> HttpResponse:
    found = list(detections_since_days(officer=signed_in_user(request), days=1, today=timezone.localdate()))
    context = {"detections": found, "geojson": feature_collection(found), "strings": _outbox_strings()}
    return render(request, "detection/mine.html", context)


def _outbox_strings() -> dict[str, str]:
    return {
        "pending": _("Waiting for signal"),
        "failed": _("Not accepted: {detail}"),
        "discard": _("Discard"),
        "retry": _("Send again"),
        "confirm_discard": _("Discard this record? It has not reached the office and will be lost."),
    }


@require_GET
@any_staff_role
def premises_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Audited, seen or not: a premises' page names who found it and every check made there."""
    try:
        premises, history = premises_with_history(pk, among=visible_to(request.user, Premises))
    except Premises.DoesNotExist as missing:
        record_event(action="premises.view", query={"premises": pk}, result_count=0, **asked_by(request))
        raise Http404 from missing
    record_event(action="premises.view", query={"premises": pk}, result_count=1, **asked_by(request))
    return render(request, "detection/premises.html", {"premises": premises, "history": history})


@never_cache  # a shared phone keeps no copy: not in its HTTP cache, not in the worker's
@require_GET
@any_staff_role
def photo(request: HttpRequest, path: str) -> HttpResponseBase:
    """A signboard photo (MEDIA_URL), for whoever may see its detection or premises; 404 for
    anyone else, as for a photo that does not exist."""
    if not photo_visible_to(signed_in_user(request), name=path):
        raise Http404
    return serve(request, path, document_root=str(settings.MEDIA_ROOT))


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """Shown by the service worker for a page that is not kept offline. The same for everyone:
    no user, no data (it is cached on the phone)."""
    return render(request, "detection/offline.html")


QUALITY_PAGE = 25


@role_required(Role.SUPERVISOR)
@require_GET
def quality(request: HttpRequest) -> HttpResponse:
    """The data-quality queue of the supervisor's office. Audited: it names officers and places."""
    reason = request.GET.get("reason", "")
    reason = reason if reason in set(Reason) else ""
    waiting = detections_to_review(among=reviewable_by(signed_in_user(request)), reason=reason)
    page = Paginator(waiting, QUALITY_PAGE).get_page(request.GET.get("page"))
    record_event(
        action="quality.queue",
        query={"reason": reason, "page": page.number},
        result_count=len(page.object_list),
        **asked_by(request),
    )
    context = {
        "page": page,
        "items": [_item(detection) for detection in page.object_list],
        "reason": reason,
        "reasons": list(zip(Reason, reason_texts(Reason), strict=True)),
    }
    return render(request, "detection/quality.html", context)


def _item(detection: Detection) -> dict:
    return {
        "detection": detection,
        "reasons": reason_texts(reasons_of(detection)),
        "flags": flag_texts(detection.trust_flags),
    }


# --- a detection's page ---------------------------------------------------------------------


@require_GET
@any_staff_role
def detection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Audited, seen or not: the page names the officer and the workers found (masked)."""
    user = signed_in_user(request)
    try:
        detection = detection_with_workers(pk, among=visible_to(user, Detection))
    except Detection.DoesNotExist as missing:
        record_event(action="detection.view", query={"detection": pk}, result_count=0, **asked_by(request))
        raise Http404 from missing
    record_event(action="detection.view", query={"detection": pk}, result_count=1, **asked_by(request))
    return render(request, "detection/detection.html", _detection_context(detection, user=user))


def _detection_context(detection: Detection, *, user: User, form: MoveDetectionForm | None = None) -> dict:
    may_move = has_role(user, Role.SUPERVISOR)
    if may_move and form is None:
        form = MoveDetectionForm(
            initial={"operation": detection.operation_id}, operations=_move_targets(detection, user=user)
        )
    return {
        "detection": detection,
        "form": form if may_move else None,
        "flags": flag_texts(detection.trust_flags),
    }


@role_required(Role.SUPERVISOR)
@require_http_methods(["GET", "POST"])
def quality_decision(request: HttpRequest, pk: int) -> HttpResponse:
    """One detection of the queue and the decision form; htmx swaps the form alone, and only a
    2xx answer: a full page says 422 or 409 instead."""
    user = signed_in_user(request)
    detection = get_object_or_404(reviewable_by(user).select_related("officer", "area", "premises"), pk=pk)
    candidates = (
        merge_candidates(detection.premises, among=premises_reviewable_by(user))
        if detection.premises is not None
        else Premises.objects.none()
    )
    form = QualityDecisionForm(request.POST or None, candidates=candidates)
    status = 200
    if request.method == "POST":
        status, decided = _decide(request, form, pk)
        if decided is not None:
            return _decided(request, decided)
    else:
        record_event(action="quality.detection", query={"detection": pk}, result_count=1, **asked_by(request))
    context = {"item": _item(detection), "form": form, "decisions": decisions_on(detection)}
    if getattr(request, "htmx", False):
        return render(request, "detection/_quality_form.html", context)
    return render(request, "detection/quality_decision.html", context, status=status)


def _decide(request: HttpRequest, form: QualityDecisionForm, pk: int) -> tuple[int, Decided | None]:
    if not form.is_valid():
        return 422, None
    try:
        decided = decide(
            detection_id=pk,
            action=form.cleaned_data["action"],
            reason=form.cleaned_data["reason"],
            into=form.cleaned_data.get("into"),
            by=signed_in_user(request),
            among=reviewable_by(signed_in_user(request)),
            client_address=client_address_of(request),
        )
    except DecisionRefused as refused:
        form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        return (409 if refused.conflict else 422), None
    return 200, decided


def _decided(request: HttpRequest, decided: Decided) -> HttpResponse:
    done = _("Recorded: %(decision)s.") % {"decision": decided.decision.get_action_display()}
    if getattr(request, "htmx", False):
        return render(request, "detection/_quality_decided.html", {"done": done})
    messages.success(request, done)
    return redirect("detection:quality")


def _move_targets(detection: Detection, *, user: User) -> QuerySet[Operation]:
    """The operations the supervisor sees that ran when the check was made."""
    return active_operations(detection.observed_at, among=visible_to(user, Operation)).order_by("code")


@require_POST
@role_required(Role.SUPERVISOR)
def detection_move(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    detection = get_object_or_404(visible_to(user, Detection), pk=pk)
    form = MoveDetectionForm(request.POST, operations=_move_targets(detection, user=user))
    if not form.is_valid():
        context = _detection_context(detection_with_workers(pk), user=user, form=form)
        return render(request, "detection/detection.html", context, status=422)
    move_detection(detection=detection, to=form.cleaned_data["operation"], by=user)
    messages.success(request, _("The detection now counts for the operation chosen."))
    return redirect("detection:detection", pk=pk)
