"""Dispatch routes a case's premises, and its "notice issued" outcome goes through the case."""

from django.utils import timezone

from dispatch.assign import assign_open_premises
from dispatch.outcomes import record_outcome
from enforcement.models import CaseEvent
from tests.factories import AssignmentFactory, CaseFactory, InspectorFactory


def test_the_dispatch_run_hands_the_case_to_the_inspector_of_the_premises(klang, case_inspector):
    InspectorFactory(user=case_inspector, areas=[klang])
    case = CaseFactory()
    assign_open_premises(on=timezone.localdate())
    case.refresh_from_db()
    assert case.inspector == case_inspector
    assert CaseEvent.objects.filter(case=case, action="hand_to").exists()


def test_notice_issued_on_an_assignment_issues_the_cases_numbered_notice(klang, case_inspector):
    case = CaseFactory()
    assignment = AssignmentFactory(premises=case.premises, inspector=InspectorFactory(user=case_inspector))
    record_outcome(
        assignment_id=assignment.pk,
        inspector=case_inspector,
        outcome="notice_issued",
        now=timezone.now(),
        on=timezone.localdate(),
    )
    case.refresh_from_db()
    assert case.state == "notice_issued" and case.notice_number.startswith("KLG/")
