"""Operations: which cover a place and a moment, tagging detections with them, moving one."""

from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.db import IntegrityError
from django.utils import timezone

from detection.capture import CaptureRefused, record_detection
from detection.models import Operation
from detection.operations import (
    amnesty_covering,
    move_detection,
    operations_covering,
    running_operation_for,
)
from nforce.models import AuditEvent
from tests.factories import KLANG, AreaFactory, DetectionFactory, OperationFactory, UserFactory, near, square

FAR_AWAY = (103.8, 1.5)  # Johor Bahru: in Malaysia, far from the Klang area


@pytest.fixture
def klang(db):
    return AreaFactory(code="KLG-OPS", centre=KLANG)


def _point(lon_lat) -> Point:
    return Point(*lon_lat, srid=4326)


def test_an_operation_covers_points_inside_its_areas_while_it_runs(klang):
    operation = OperationFactory(areas=[klang])
    now = timezone.now()
    assert list(operations_covering(_point(KLANG), now)) == [operation]
    assert not operations_covering(_point(FAR_AWAY), now).exists()
    assert not operations_covering(_point(KLANG), operation.ends_at + timedelta(seconds=1)).exists()
    assert not operations_covering(_point(KLANG), operation.starts_at - timedelta(seconds=1)).exists()


def test_a_boundary_drawn_on_the_map_covers_like_an_area(db):
    operation = OperationFactory(areas=[], boundary=square(FAR_AWAY, half_km=1))
    assert list(operations_covering(_point(FAR_AWAY), timezone.now())) == [operation]
    assert not operations_covering(_point(KLANG), timezone.now()).exists()


def test_amnesty_covering_finds_only_amnesties(klang):
    OperationFactory(areas=[klang])
    assert amnesty_covering(_point(KLANG), timezone.now()) is None
    amnesty = OperationFactory(areas=[klang], kind=Operation.Kind.AMNESTY)
    assert amnesty_covering(_point(KLANG), timezone.now()) == amnesty


def test_the_running_operation_is_one_whose_team_the_officer_is_in(klang, officer, other_officer):
    operation = OperationFactory(areas=[klang], team=[officer])
    assert running_operation_for(officer, _point(KLANG), timezone.now()) == operation
    assert running_operation_for(other_officer, _point(KLANG), timezone.now()) is None


def test_where_two_overlap_the_one_started_last_wins(klang, officer):
    OperationFactory(areas=[klang], team=[officer], starts_at=timezone.now() - timedelta(days=3))
    local = OperationFactory(areas=[klang], team=[officer], starts_at=timezone.now() - timedelta(minutes=5))
    assert running_operation_for(officer, _point(KLANG), timezone.now()) == local


# --- tagging at capture (the same rule in SQL) ------------------------------------------------


def test_a_team_members_detection_inside_the_areas_is_tagged(klang, officer, submission):
    operation = OperationFactory(areas=[klang], team=[officer])
    detection = record_detection(officer=officer, submission=submission()).detection
    assert detection.operation == operation


def test_a_detection_outside_the_areas_or_by_someone_else_is_not_tagged(
    klang, officer, other_officer, submission
):
    OperationFactory(areas=[klang], team=[officer])
    outside = record_detection(officer=officer, submission=submission(position=FAR_AWAY)).detection
    by_another = record_detection(officer=other_officer, submission=submission()).detection
    assert outside.operation is None
    assert by_another.operation is None


def test_a_detection_before_the_operation_started_is_not_tagged(klang, officer, submission, minutes_ago):
    OperationFactory(areas=[klang], team=[officer], starts_at=minutes_ago(30))
    early = record_detection(officer=officer, submission=submission(observed_at=minutes_ago(45))).detection
    assert early.operation is None


def test_capture_and_running_operation_for_agree(klang, officer, submission):
    """capture reads the operation in its one SQL statement; the ORM rule must give the same."""
    OperationFactory(areas=[klang], team=[officer], starts_at=timezone.now() - timedelta(days=2))
    OperationFactory(areas=[], boundary=square(KLANG, 0.5), team=[officer])
    for position in (KLANG, near(KLANG, north_km=3), FAR_AWAY):
        sent = submission(position=position)
        detection = record_detection(officer=officer, submission=sent).detection
        expected = running_operation_for(officer, _point(position), sent.observed_at)
        assert detection.operation == expected


def test_any_staff_member_may_name_a_running_operation(officer, submission):
    elsewhere = OperationFactory(areas=[AreaFactory(centre=FAR_AWAY)])
    detection = record_detection(officer=officer, submission=submission(operation=elsewhere.pk)).detection
    assert detection.operation == elsewhere


@pytest.mark.parametrize("when", ["ended", "unknown"])
def test_an_operation_named_that_does_not_run_then_is_refused_naming_operation(officer, submission, when):
    ended = OperationFactory(starts_at=timezone.now() - timedelta(days=30))
    named = ended.pk if when == "ended" else ended.pk + 1000
    with pytest.raises(CaptureRefused) as refused:
        record_detection(officer=officer, submission=submission(operation=named))
    assert list(refused.value.errors) == ["operation"]


def test_moving_a_detection_to_another_operation_is_audited(klang, supervisor):
    first, second = OperationFactory(areas=[klang]), OperationFactory(areas=[klang])
    detection = DetectionFactory(operation=first)
    move_detection(detection=detection, to=second, by=supervisor)
    detection.refresh_from_db()
    assert detection.operation == second
    event = AuditEvent.objects.get(action="detection.operation_moved")
    assert event.actor == supervisor
    assert event.query == {"detection": detection.pk, "from": first.pk, "to": second.pk}


def test_an_operation_must_end_after_it_starts(db):
    now = timezone.now()
    with pytest.raises(IntegrityError):
        OperationFactory(starts_at=now, ends_at=now - timedelta(hours=1), office=UserFactory().home_office)
