"""Reads for the enforcement pages and API, named for what they serve."""

from datetime import date

from django.db.models import BooleanField, F, Q, QuerySet, Value, When
from django.db.models import Case as When_

from detection.models import Detection
from nforce.models import User
from nforce.scoping import visible_to

from .models import Case, CaseEvent, Notification


def _past_due(on: date) -> Q:
    return Q(state="notice_issued", notice_due__lt=on) | Q(state="compounded", compound_due__lt=on)


def _with_attention(cases: QuerySet[Case], on: date) -> QuerySet[Case]:
    flag = When_(When(_past_due(on), then=Value(True)), default=Value(False), output_field=BooleanField())
    return cases.annotate(needs_attention=flag)


def cases_for_inspector(*, user: User, on: date) -> QuerySet[Case]:
    """The inspector's live cases: past due first, then the oldest."""
    cases = Case.objects.live().filter(inspector=user).select_related("premises", "employer", "office")
    return _with_attention(cases, on).order_by(F("needs_attention").desc(), "opened_at", "id")


def cases_for_office(*, office_id: int | None, on: date, attention_only: bool = False) -> QuerySet[Case]:
    """A supervisor's office: live cases, those past due first (the "needs attention" list)."""
    if office_id is None:
        return Case.objects.none()
    cases = (
        Case.objects.live()
        .filter(office_id=office_id)
        .select_related("premises", "employer", "inspector", "office")
    )
    if attention_only:
        cases = cases.filter(_past_due(on))
    return _with_attention(cases, on).order_by(F("needs_attention").desc(), "notice_due", "opened_at", "id")


def case_for(*, user: User, case_id: int) -> Case:
    """One case the user may see, with what its page and documents show; Case.DoesNotExist otherwise."""
    cases = visible_to(user, Case).select_related(
        "premises__area", "employer", "office", "inspector", "area", "operation"
    )
    return cases.prefetch_related("findings").get(pk=case_id)


def events_of(case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor").order_by("at", "id")


def move_of(case: Case, action: str) -> CaseEvent | None:
    """The event that issued the notice (or the compound): its officer, time and position."""
    return case.events.select_related("actor").filter(action=action).order_by("-at", "-id").first()


def signboard_photo_of(case: Case) -> Detection | None:
    return (
        Detection.objects.filter(premises_id=case.premises_id)
        .exclude(photo="")
        .order_by("-observed_at")
        .first()
    )


def unread_notifications(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, read_at__isnull=True).select_related("case__premises")
