"""Recording what the inspector found on site."""

from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from detection.models import Premises
from dispatch.models import Assignment, OutcomeRecord
from dispatch.outcomes import OutcomeRefused, record_outcome
from nforce.models import AuditEvent
from tests.factories import AssignmentFactory, EmployerFactory, InspectorFactory, PremisesFactory

pytestmark = pytest.mark.django_db
HERE = Point(101.4451, 3.0450, srid=4326)


@pytest.fixture
def case(klang_inspector):
    return AssignmentFactory(inspector=klang_inspector)


def record(case, user, today, **fields):
    fields.setdefault("outcome", "registered")
    return record_outcome(assignment_id=case.pk, inspector=user, now=timezone.now(), on=today, **fields)


def test_registered_with_a_code_from_the_registry_closes_the_case_and_the_premises(case, inspector, today):
    employer = EmployerFactory(employer_code="A12345678901")
    done = record(
        case, inspector, today, employer_code="A12345678901", position=HERE, notes="Lesen di dinding"
    )
    assert (done.status, done.outcome, done.employer) == ("closed", "registered", employer)
    assert done.closed_by == inspector and done.visit_location == HERE and done.notes == "Lesen di dinding"
    done.premises.refresh_from_db()
    assert (done.premises.status, done.premises.registered_employer) == ("registered", employer)


def test_the_code_is_read_without_spaces_dashes_or_case(case, inspector, today):
    EmployerFactory(employer_code="A12345678901")
    assert (
        record(case, inspector, today, employer_code=" a1234-5678 901 ").employer.employer_code
        == "A12345678901"
    )


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Registered needs the new employer code."),
        ("A123", "An employer code has exactly 12 letters and digits; this one has 4."),
        ("Z99999999999", "No employer with code Z99999999999 in the registry."),
    ],
)
def test_registered_without_a_known_employer_code_is_refused_with_a_clear_message(
    case, inspector, today, code, message
):
    with pytest.raises(OutcomeRefused) as refused:
        record(case, inspector, today, employer_code=code)
    assert refused.value.field == "employer_code" and refused.value.message.startswith(message)
    case.refresh_from_db()
    assert case.status == Assignment.Status.OPEN


@pytest.mark.parametrize("outcome", ["ceased", "moved", "not_found"])
def test_outcomes_that_end_the_case_close_it_and_the_premises(case, inspector, today, outcome):
    done = record(case, inspector, today, outcome=outcome)
    done.premises.refresh_from_db()
    assert done.status == "closed" and done.premises.status == outcome and done.premises.closed_at


@pytest.mark.parametrize("outcome", ["notice_issued", "refused"])
def test_a_notice_or_a_refusal_keeps_the_case_for_a_follow_up(case, inspector, today, outcome):
    done = record(case, inspector, today, outcome=outcome)
    done.premises.refresh_from_db()
    assert done.status == "visited" and done.due_on == today + timedelta(days=14)
    assert done.premises.status == "open"


def test_another_inspectors_assignment_cannot_be_touched(case, today):
    stranger = InspectorFactory().user
    with pytest.raises(Assignment.DoesNotExist):
        record(case, stranger, today, outcome="refused")


def test_the_same_outcome_sent_twice_is_answered_the_same(case, inspector, today):
    EmployerFactory(employer_code="A12345678901")
    first = record(case, inspector, today, employer_code="A12345678901")
    again = record(case, inspector, today, employer_code="A12345678901")
    assert again.pk == first.pk and again.closed_at == first.closed_at
    assert AuditEvent.objects.filter(action="dispatch.outcome").count() == 1


def test_another_outcome_on_a_closed_case_is_a_conflict(case, inspector, today):
    record(case, inspector, today, outcome="ceased")
    with pytest.raises(OutcomeRefused) as refused:
        record(case, inspector, today, outcome="moved")
    assert refused.value.conflict


def test_the_outcome_is_audited_with_the_position(case, inspector, today):
    record(case, inspector, today, outcome="not_found", position=HERE)
    event = AuditEvent.objects.get(action="dispatch.outcome")
    assert event.actor == inspector and event.location == HERE
    assert event.query["outcome"] == "not_found"


def test_registered_on_a_premises_merged_meanwhile_registers_the_one_it_was_merged_into(
    case, inspector, today
):
    kept = PremisesFactory()
    Premises.objects.filter(pk=case.premises_id).update(status=Premises.Status.MERGED, merged_into=kept)
    employer = EmployerFactory(employer_code="A12345678901")
    done = record(case, inspector, today, employer_code="A12345678901")
    kept.refresh_from_db()
    done.premises.refresh_from_db()
    assert (kept.status, kept.registered_employer) == ("registered", employer)
    assert (done.status, done.premises.status) == ("closed", "merged")


def test_an_outcome_on_a_premises_excluded_meanwhile_leaves_it_excluded(case, inspector, today):
    Premises.objects.filter(pk=case.premises_id).update(status=Premises.Status.EXCLUDED)
    done = record(case, inspector, today, outcome="ceased")
    done.premises.refresh_from_db()
    assert (done.status, done.outcome, done.premises.status) == ("closed", "ceased", "excluded")


# --- replays: the same client_uuid again ------------------------------------------------------

UUID = "5f0c2a9e-2d1b-4c53-9d0a-7a3b1c2d4e5f"


def test_a_notice_sent_twice_with_one_uuid_is_recorded_once(case, inspector, today):
    first = record(case, inspector, today, outcome="notice_issued", notes="Notis 1", client_uuid=UUID)
    again = record(case, inspector, today, outcome="notice_issued", notes="Notis 1", client_uuid=UUID)
    case.refresh_from_db()
    assert case.notes == "Notis 1"  # today's code appends the note a second time
    assert OutcomeRecord.objects.filter(assignment=case).count() == 1
    assert AuditEvent.objects.filter(action="dispatch.outcome").count() == 1
    assert (again.status, again.due_on, again.visited_at) == (first.status, first.due_on, first.visited_at)


def test_a_replay_gets_the_first_answer_even_after_a_later_outcome(case, inspector, today):
    EmployerFactory(employer_code="A12345678901")
    record(case, inspector, today, outcome="refused", client_uuid=UUID)
    later = "0d8f6c1e-8b7a-4e0e-b1f0-0c1d2e3f4a5b"
    record(case, inspector, today, employer_code="A12345678901", client_uuid=later)
    replay = record(case, inspector, today, outcome="refused", client_uuid=UUID)
    assert (replay.status, replay.outcome, replay.closed_at) == ("visited", "refused", None)
    case.refresh_from_db()
    assert (case.status, case.outcome) == ("closed", "registered")


@pytest.mark.parametrize(
    "changed", [{"outcome": "refused"}, {"notes": "another note"}, {"employer_code": "B12345678901"}]
)
def test_one_uuid_with_another_body_is_a_conflict_and_changes_nothing(case, inspector, today, changed):
    EmployerFactory(employer_code="A12345678901")
    EmployerFactory(employer_code="B12345678901")
    sent = {"outcome": "registered", "employer_code": "A12345678901", "notes": "", "client_uuid": UUID}
    record(case, inspector, today, **sent)
    with pytest.raises(OutcomeRefused) as refused:
        record(case, inspector, today, **(sent | changed))
    assert refused.value.conflict and refused.value.field == "client_uuid"
    assert OutcomeRecord.objects.count() == 1


def test_one_uuid_on_another_assignment_is_a_conflict(case, inspector, klang_inspector, today):
    record(case, inspector, today, outcome="refused", client_uuid=UUID)
    other = AssignmentFactory(inspector=klang_inspector)
    with pytest.raises(OutcomeRefused) as refused:
        record(other, inspector, today, outcome="refused", client_uuid=UUID)
    assert refused.value.conflict
    other.refresh_from_db()
    assert other.status == "open"
