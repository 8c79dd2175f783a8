"""Escalation: past-due notices and compounds notify the inspector once, by email too."""

from datetime import date

from django.core import mail

from enforcement.escalation import escalate_past_due
from enforcement.models import Notification
from enforcement.tasks import escalate_past_due_cases_task

DAY = date(2026, 12, 1)


def test_a_past_due_notice_notifies_the_inspector_once_and_emails_them(case, case_inspector):
    case_inspector.email = "rajesh@perkeso.example"
    case_inspector.save()
    case.state, case.notice_due = "notice_issued", date(2026, 11, 30)
    case.save()
    assert escalate_past_due(on=DAY).as_dict() == {"notified": 1, "emailed": 1}
    assert escalate_past_due(on=DAY).as_dict() == {"notified": 0, "emailed": 0}
    assert Notification.objects.get().kind == "notice_past_due"
    assert len(mail.outbox) == 1 and case.premises.name in mail.outbox[0].subject


def test_a_compound_due_today_is_not_yet_past_due(case):
    case.state, case.compound_due = "compounded", DAY
    case.save()
    assert escalate_past_due(on=DAY).notified == 0


def test_the_task_runs_the_escalation(case):
    assert escalate_past_due_cases_task() == {"notified": 0, "emailed": 0}
