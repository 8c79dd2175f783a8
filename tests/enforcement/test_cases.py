"""act(): every move numbered, dated, positioned and audited; illegal ones refused; replays idempotent."""

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest

from detection.models import Operation
from enforcement.cases import ActionRefused, IllegalMove, act, hand_to
from enforcement.models import CaseEvent
from enforcement.signals import case_changed
from nforce.models import AuditEvent
from tests.factories import KLANG, AreaFactory, OperationFactory, UserFactory, at, near

HERE = near(KLANG, north_km=0.01)
DAY = date(2026, 12, 1)
JOHOR_BAHRU = (103.8, 1.5)


def _act(case, action, user, when=None, **fields):
    return act(case, action, user, when or at(DAY), HERE, **fields)


def test_a_notice_gets_the_next_number_of_the_office_and_a_thirty_day_due_date(case, case_inspector):
    done = _act(case, "notice", case_inspector)
    assert (done.state, done.notice_number) == ("notice_issued", "KLG/2026/00001")
    assert done.notice_due == date(2026, 12, 31)


def test_every_move_records_who_when_where_and_is_audited(case, case_inspector):
    _act(case, "notice", case_inspector)
    event = CaseEvent.objects.get(case=case, action="notice")
    assert (event.actor, event.from_state, event.to_state) == (case_inspector, "open", "notice_issued")
    assert event.location.equals_exact(HERE, 1e-9)
    audited = AuditEvent.objects.get(action="case.notice")
    assert audited.query["case"] == case.pk and audited.actor == case_inspector
    assert audited.location is not None


def test_a_compound_is_assessed_from_the_schedule(case, case_inspector):
    _act(case, "notice", case_inspector)
    done = _act(case, "compound", case_inspector, when=at(DAY + timedelta(days=40)))
    # s.4 RM500 + s.5 2 workers x RM500, under a year unregistered, not registered in time
    assert done.compound_amount_rm == Decimal("1500.00")
    assert done.compound_number == "KLG/2027/00001"  # numbered in the year it is issued
    assert done.compound_due == date(2027, 2, 9)


def test_registering_within_the_notice_period_reduces_the_compound_by_75_percent(case, case_inspector):
    _act(case, "notice", case_inspector)
    case.refresh_from_db()
    case.registered_at = at(DAY + timedelta(days=10))
    case.save()
    done = _act(case, "compound", case_inspector, when=at(DAY + timedelta(days=12)), months_unregistered=13)
    assert done.compound_amount_rm == Decimal("1125.00")  # (1500 + 2 x 1500) x 25%


def test_an_illegal_move_names_the_current_state_and_changes_nothing(case, case_inspector):
    with pytest.raises(IllegalMove) as refused:
        _act(case, "record_payment", case_inspector)
    assert refused.value.current == "open"
    case.refresh_from_db()
    assert case.state == "open" and not CaseEvent.objects.filter(case=case).exists()


def _amnesty(areas, when):
    return OperationFactory(
        code="OPS-PUTIH-2026",
        kind=Operation.Kind.AMNESTY,
        areas=areas,
        starts_at=when - timedelta(days=1),
        ends_at=when + timedelta(days=30),
    )


def test_a_compound_in_an_amnesty_over_the_premises_is_refused_with_its_code(case, case_inspector, klang):
    _act(case, "notice", case_inspector)
    _amnesty([klang], at(DAY))
    with pytest.raises(ActionRefused) as refused:
        _act(case, "compound", case_inspector)
    assert "OPS-PUTIH-2026" in refused.value.message and refused.value.conflict
    case.refresh_from_db()
    assert case.state == "notice_issued" and case.compound_number == ""


def test_an_amnesty_elsewhere_does_not_stop_the_compound(case, case_inspector):
    _act(case, "notice", case_inspector)
    _amnesty([AreaFactory(code="JB-T", centre=JOHOR_BAHRU)], at(DAY))
    assert _act(case, "compound", case_inspector).state == "compounded"


def test_payment_needs_a_receipt_and_the_full_amount(case, case_inspector):
    _act(case, "notice", case_inspector)
    _act(case, "compound", case_inspector)
    with pytest.raises(ActionRefused) as refused:
        _act(case, "record_payment", case_inspector)
    assert refused.value.field == "receipt_number"
    with pytest.raises(ActionRefused) as refused:
        _act(case, "record_payment", case_inspector, receipt_number="R-1", amount_rm="10")
    assert refused.value.field == "amount_rm"
    done = _act(case, "record_payment", case_inspector, receipt_number="R-1")
    assert done.state == "paid" and done.paid_rm == Decimal("1500.00")


def test_waiving_needs_a_reason_of_the_list(case, case_inspector):
    _act(case, "notice", case_inspector)
    with pytest.raises(ActionRefused) as refused:
        _act(case, "waive", case_inspector, reason="friend")
    assert refused.value.field == "reason"
    assert _act(case, "waive", case_inspector, reason="amnesty").state == "waived"


def test_an_unexpected_field_is_named(case, case_inspector):
    with pytest.raises(ActionRefused) as refused:
        _act(case, "notice", case_inspector, amount_rm="5")
    assert refused.value.field == "amount_rm"


def test_closing_an_unregistered_case_needs_another_reason(case, case_inspector):
    with pytest.raises(ActionRefused):
        _act(case, "close", case_inspector)
    done = _act(case, "close", case_inspector, reason="not_liable")
    assert done.state == "closed" and done.closed_at is not None
    assert not case.findings.filter(resolved_at__isnull=True).exists()


def test_a_replayed_client_uuid_changes_nothing(case, case_inspector):
    key = uuid.uuid4()
    first = _act(case, "notice", case_inspector, client_uuid=key)
    again = _act(case, "notice", case_inspector, client_uuid=key)
    assert again.notice_number == first.notice_number
    assert CaseEvent.objects.filter(case=case, action="notice").count() == 1


def test_a_client_uuid_reused_for_another_action_is_a_conflict(case, case_inspector):
    key = uuid.uuid4()
    _act(case, "notice", case_inspector, client_uuid=key)
    with pytest.raises(ActionRefused) as refused:
        _act(case, "compound", case_inspector, client_uuid=key)
    assert refused.value.conflict and refused.value.field == "client_uuid"


def test_a_case_without_an_office_cannot_be_numbered(case, case_inspector):
    case.office = None
    case.save()
    with pytest.raises(ActionRefused):
        _act(case, "notice", case_inspector)


def test_hand_to_records_the_holder_and_sends_case_changed(case, django_capture_on_commit_callbacks):
    other = UserFactory(roles=["inspector"])
    sent = []
    case_changed.connect(lambda **kw: sent.append(kw["action"]), weak=False, dispatch_uid="test-hand")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            hand_to(case, other)
    finally:
        case_changed.disconnect(dispatch_uid="test-hand")
    case.refresh_from_db()
    assert case.inspector == other and sent == ["hand_to"]
    assert CaseEvent.objects.filter(case=case, action="hand_to").exists()
