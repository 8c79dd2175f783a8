"""A supervisor moves cases in bulk."""

from datetime import date

import pytest
from django.utils import translation

from dispatch.assign import assign_open_premises
from dispatch.reassign import ReassignRefused, reassign_assignments
from nforce.models import AuditEvent
from tests.factories import AssignmentFactory, InspectorFactory, PremisesFactory

pytestmark = pytest.mark.django_db


def test_a_supervisor_moves_several_cases_at_once_and_the_next_run_keeps_them(klang, supervisor, today):
    source = InspectorFactory(areas=[klang])
    target = InspectorFactory(areas=[klang])
    cases = [AssignmentFactory(inspector=source, premises=PremisesFactory()) for _ in range(3)]
    moved = reassign_assignments(
        assignment_ids=[c.pk for c in cases], to_inspector_id=target.pk, by=supervisor, on=today
    )
    assert {a.inspector for a in moved} == {target}
    assert moved[0].reason_data["moved_by"] == supervisor.staff_number
    assign_open_premises(on=today)
    assert target.assignments.live().count() == 3
    assert AuditEvent.objects.filter(action="dispatch.moved_by_supervisor", actor=supervisor).count() == 3


def test_cases_cannot_go_to_an_inspector_who_does_not_serve_their_area(klang, far_area, supervisor, today):
    case = AssignmentFactory(inspector=InspectorFactory(areas=[klang]), premises=PremisesFactory())
    elsewhere = InspectorFactory(areas=[far_area])
    with pytest.raises(ReassignRefused) as refused:
        reassign_assignments(assignment_ids=[case.pk], to_inspector_id=elsewhere.pk, by=supervisor, on=today)
    assert "does not serve the area" in refused.value.messages[0]


def test_cases_cannot_push_an_inspector_above_capacity(klang, supervisor, today):
    source = InspectorFactory(areas=[klang])
    target = InspectorFactory(areas=[klang], capacity=1)
    cases = [AssignmentFactory(inspector=source, premises=PremisesFactory()) for _ in range(2)]
    with pytest.raises(ReassignRefused) as refused:
        reassign_assignments(
            assignment_ids=[c.pk for c in cases], to_inspector_id=target.pk, by=supervisor, on=today
        )
    assert "above their capacity of 1" in refused.value.messages[0]
    assert source.assignments.live().count() == 2


def test_cases_cannot_go_to_an_inspector_on_leave(klang, supervisor, today):
    case = AssignmentFactory(inspector=InspectorFactory(areas=[klang]), premises=PremisesFactory())
    away = InspectorFactory(areas=[klang], leave_from=today)
    with pytest.raises(ReassignRefused):
        reassign_assignments(assignment_ids=[case.pk], to_inspector_id=away.pk, by=supervisor, on=today)


def test_the_refusal_names_the_day_as_a_reader_writes_it(klang, supervisor):
    case = AssignmentFactory(inspector=InspectorFactory(areas=[klang]), premises=PremisesFactory())
    away = InspectorFactory(areas=[klang], leave_from=date(2025, 3, 1))
    with translation.override("ms"), pytest.raises(ReassignRefused) as refused:
        reassign_assignments(
            assignment_ids=[case.pk], to_inspector_id=away.pk, by=supervisor, on=date(2025, 3, 14)
        )
    assert refused.value.messages == ["Pemeriksa itu tidak tersedia pada 14 Mac 2025."]
