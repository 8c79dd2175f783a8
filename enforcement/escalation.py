"""Escalation: a notice or a compound past due tells the inspector who holds the case (in the app,
and by email when an email backend is set); the supervisor's "needs attention" list is a query
(queries.cases_for_office) and needs no message."""

import logging
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from nforce.tasks import RunCounts

from .models import Case, Notification

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EscalationSummary(RunCounts):
    notified: int
    emailed: int


@transaction.atomic
def escalate_past_due(*, on: date) -> EscalationSummary:
    """Idempotent: one notification per case, kind and due date (a unique constraint)."""
    notified = emailed = 0
    for case, kind, due in _past_due(on):
        _note, made = Notification.objects.get_or_create(user=case.inspector, case=case, kind=kind, due=due)
        if made:
            notified += 1
            emailed += _email(case, kind=kind, due=due)
    return EscalationSummary(notified=notified, emailed=emailed)


def _past_due(on: date) -> list[tuple[Case, str, date]]:
    cases = Case.objects.filter(inspector__isnull=False).select_related("inspector", "premises")
    notices = cases.filter(state="notice_issued", notice_due__lt=on)
    compounds = cases.filter(state="compounded", compound_due__lt=on)
    return [(case, "notice_past_due", case.notice_due) for case in notices if case.notice_due] + [
        (case, "compound_past_due", case.compound_due) for case in compounds if case.compound_due
    ]


def _email(case: Case, *, kind: str, due: date) -> int:
    inspector = case.inspector
    if not settings.EMAIL_BACKEND or inspector is None or not inspector.email:
        return 0
    what = _("notice") if kind == "notice_past_due" else _("compound")
    subject = _("Case past due: %(premises)s") % {"premises": case.premises.name}
    body = _("The %(what)s of case %(case)s at %(premises)s was due on %(due)s.") % {
        "what": what,
        "case": case.pk,
        "premises": case.premises.name,
        "due": due.isoformat(),
    }
    try:
        send_mail(subject, body, None, [inspector.email])
    except OSError:
        logger.warning("escalation email for case %s not sent (mail server unreachable)", case.pk)
        return 0
    return 1
