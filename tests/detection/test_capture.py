from datetime import date, timedelta

import pytest
from django.db import transaction

from detection.capture import CaptureConflict, CaptureRefused, record_detection
from detection.models import Detection, Premises
from detection.signals import premises_stored
from nforce.audit import identifier_hash
from nforce.models import AuditEvent
from registry.models import Employer, InsuredPerson
from tests.detection.conftest import moved
from tests.factories import KLANG, AreaFactory, PremisesFactory, box

MYKAD = "800510-14-5671"


@pytest.fixture
def employer(db):
    return Employer.objects.create(
        employer_code="A10000000001", name="Restoran Selera Sdn Bhd", registered_on=date(2010, 1, 1)
    )


@pytest.fixture
def worker(db):
    return InsuredPerson.objects.create(
        id_number="800510145671",
        name="Ali bin Abu",
        date_of_birth=date(1980, 5, 10),
        gender="M",
        registered_on=date(2000, 1, 1),
    )


@pytest.fixture
def stored_premises_ids():
    """The premises ids announced by premises_stored, as dispatch will receive them."""
    received = []

    def receiver(sender, premises_id, created, **kwargs):
        received.append((premises_id, created))

    premises_stored.connect(receiver)
    yield received
    premises_stored.disconnect(receiver)


def test_an_unregistered_premises_is_stored_with_its_area_resolved_once(officer, klang_area, submission):
    recorded = record_detection(officer=officer, submission=submission())
    detection = recorded.detection
    assert recorded.created
    assert detection.premises.name == "Restoran Selera Kampung"
    assert detection.premises.name_key == "RESTORAN SELERA KAMPUNG"
    assert detection.premises.area == klang_area
    assert detection.area == klang_area
    assert detection.premises.detection_count == 1
    assert detection.premises_match == "new premises"
    assert detection.subject == Detection.Subject.PREMISES


def test_where_areas_overlap_the_detection_and_its_premises_go_to_the_smallest(
    officer, klang_area, submission
):
    town = AreaFactory(code="KLG-T", boundary=box(101.44, 3.04, 101.45, 3.05))  # inside Klang 1
    detection = record_detection(officer=officer, submission=submission()).detection
    assert detection.area == town
    assert detection.premises.area == town


def test_replaying_the_same_submission_returns_the_stored_record_and_creates_nothing(officer, submission):
    sent = submission()
    first = record_detection(officer=officer, submission=sent)
    again = record_detection(officer=officer, submission=sent)
    assert not again.created
    assert again.detection.pk == first.detection.pk
    assert Detection.objects.count() == 1
    assert Premises.objects.get().detection_count == 1


def test_a_replay_after_the_audit_key_rotated_is_still_a_replay(officer, submission, settings):
    sent = submission()
    first = record_detection(officer=officer, submission=sent)
    old_key = settings.AUDIT_HASH_KEY
    settings.AUDIT_HASH_KEY_ID, settings.AUDIT_HASH_KEY = "k2", "a-new-key-of-the-audit-log-0123456789"
    settings.AUDIT_HASH_KEYS = {"k2": settings.AUDIT_HASH_KEY, "k1": old_key}
    again = record_detection(officer=officer, submission=sent)
    assert not again.created and again.detection.pk == first.detection.pk


def test_the_same_uuid_with_another_body_is_a_conflict(officer, submission):
    sent = submission()
    record_detection(officer=officer, submission=sent)
    with pytest.raises(CaptureConflict):
        record_detection(officer=officer, submission=submission(client_uuid=sent.client_uuid, workers_seen=9))
    assert Detection.objects.count() == 1


def test_the_same_uuid_sent_by_another_officer_is_a_conflict(officer, other_officer, submission):
    sent = submission()
    record_detection(officer=officer, submission=sent)
    with pytest.raises(CaptureConflict):
        record_detection(officer=other_officer, submission=sent)


def test_a_position_outside_malaysia_is_refused_naming_latitude_and_longitude(officer, submission):
    with pytest.raises(CaptureRefused) as refused:
        record_detection(officer=officer, submission=submission(position=(103.85, 1.29)))  # Singapore
    assert set(refused.value.errors) == {"latitude", "longitude"}
    assert "outside Malaysia" in refused.value.errors["latitude"]
    assert not Detection.objects.exists()


def test_a_fix_worse_than_100_m_is_stored_and_marked_poor(officer, submission):
    detection = record_detection(officer=officer, submission=submission(accuracy_m=250.0)).detection
    assert detection.gps_poor
    assert detection.accuracy_m == 250.0


def test_an_accuracy_of_exactly_0_m_is_flagged(officer, submission):
    detection = record_detection(officer=officer, submission=submission(accuracy_m=0.0)).detection
    assert detection.trust_flags == ["accuracy_zero"]
    assert not detection.gps_poor


def test_the_same_coordinates_as_the_officers_previous_detection_an_hour_later_are_flagged(
    officer, submission, minutes_ago
):
    record_detection(officer=officer, submission=submission(observed_at=minutes_ago(61)))
    detection = record_detection(officer=officer, submission=submission(premises_name="Kedai Lain")).detection
    assert detection.trust_flags == ["repeated_position"]


def test_an_impossible_speed_between_the_officers_consecutive_detections_is_flagged(
    officer, submission, minutes_ago
):
    record_detection(officer=officer, submission=submission(observed_at=minutes_ago(10)))
    kuala_lumpur = (101.6869, 3.1390)  # 28 km in 10 minutes: 170 km/h... and then some
    far = record_detection(
        officer=officer, submission=submission(position=kuala_lumpur, observed_at=minutes_ago(5))
    )
    assert far.detection.trust_flags == ["impossible_speed"]


def test_another_officers_detections_do_not_count_as_previous(
    officer, other_officer, submission, minutes_ago
):
    record_detection(officer=other_officer, submission=submission(observed_at=minutes_ago(60)))
    detection = record_detection(officer=officer, submission=submission()).detection
    assert detection.trust_flags == []


def test_two_officers_20_m_apart_with_slightly_different_spellings_make_one_premises_and_two_detections(
    officer, other_officer, submission, stored_premises_ids, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = record_detection(
            officer=officer, submission=submission(premises_name="Restoran Selera Kampung")
        )
    twenty_m_east = moved(*KLANG, east_m=20)
    with django_capture_on_commit_callbacks(execute=True):
        second = record_detection(
            officer=other_officer,
            submission=submission(premises_name="Restoran Selera Kampong", position=twenty_m_east),
        )
    premises = Premises.objects.get()
    assert premises.detection_count == 2
    assert set(premises.detections.values_list("officer", flat=True)) == {officer.pk, other_officer.pk}
    assert second.detection.premises_id == first.detection.premises_id
    assert second.detection.premises_match == "joined: 20 m, name 0.67"
    assert stored_premises_ids == [(premises.pk, True), (premises.pk, False)]


def test_a_neighbour_with_another_name_on_the_same_row_is_another_premises(officer, submission):
    record_detection(officer=officer, submission=submission(premises_name="Kedai Runcit Ah Seng"))
    next_door = moved(*KLANG, east_m=8)
    record_detection(
        officer=officer, submission=submission(premises_name="Kedai Runcit Lim", position=next_door)
    )
    assert Premises.objects.count() == 2


def test_a_similar_name_60_m_away_is_another_premises(officer, submission):
    record_detection(officer=officer, submission=submission())
    record_detection(officer=officer, submission=submission(position=moved(*KLANG, north_m=60)))
    assert Premises.objects.count() == 2


def test_the_same_registration_number_joins_whatever_the_signboard_says(officer, other_officer, submission):
    record_detection(officer=officer, submission=submission(business_registration_no="201901000005"))
    later = submission(
        premises_name="Kafe Bunga Raya",
        business_registration_no="2019-01-000005",
        position=moved(*KLANG, east_m=30),
    )
    joined = record_detection(officer=other_officer, submission=later).detection
    assert Premises.objects.count() == 1
    assert joined.premises_match == "joined: 30 m, same registration no."
    assert joined.premises.ssm_new == "201901000005"


def test_a_premises_no_longer_open_is_not_joined(officer, submission):
    PremisesFactory(name="Restoran Selera Kampung", status=Premises.Status.CEASED)
    record_detection(officer=officer, submission=submission())
    assert Premises.objects.filter(status=Premises.Status.OPEN).count() == 1
    assert Premises.objects.count() == 2


def test_joining_keeps_the_first_sighting_and_takes_the_newest_worker_count(officer, submission, minutes_ago):
    first = record_detection(
        officer=officer, submission=submission(observed_at=minutes_ago(30), workers_seen=3)
    )
    record_detection(
        officer=officer, submission=submission(observed_at=minutes_ago(5), workers_seen=6, address="Lot 5")
    )
    premises = Premises.objects.get()
    assert premises.first_detected_at == first.detection.observed_at
    assert premises.last_detected_at > premises.first_detected_at
    assert premises.workers_seen == 6
    assert premises.address == "Lot 5"


def test_premises_are_announced_only_after_the_transaction_commits(
    officer, submission, stored_premises_ids, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        record_detection(officer=officer, submission=submission())
        raise RuntimeError("rolled back")
    assert callbacks == []
    assert stored_premises_ids == []


def test_a_failing_signal_receiver_does_not_fail_the_detection(
    officer, submission, django_capture_on_commit_callbacks
):
    def broken(**kwargs):
        raise ConnectionError("broker down")

    premises_stored.connect(broken)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            record_detection(officer=officer, submission=submission())
    finally:
        premises_stored.disconnect(broken)
    assert Detection.objects.count() == 1


def test_a_registered_employer_is_linked_by_its_code(officer, employer, submission):
    checked = submission(outcome="registered_contributing", employer_code="a1000000 0001", premises_name="")
    detection = record_detection(officer=officer, submission=checked).detection
    assert detection.employer == employer
    assert detection.subject == Detection.Subject.EMPLOYER
    assert detection.premises is None


def test_registered_with_an_unknown_employer_code_is_refused_naming_employer_code(officer, db, submission):
    with pytest.raises(CaptureRefused) as refused:
        record_detection(
            officer=officer,
            submission=submission(outcome="registered_contributing", employer_code="B99999999999"),
        )
    assert list(refused.value.errors) == ["employer_code"]


def test_registered_without_an_employer_code_or_id_is_refused_naming_employer_code(officer, submission):
    with pytest.raises(CaptureRefused) as refused:
        record_detection(officer=officer, submission=submission(outcome="ceased"))
    assert list(refused.value.errors) == ["employer_code"]


def test_unregistered_without_a_signboard_name_is_refused_naming_premises_name(officer, submission):
    with pytest.raises(CaptureRefused) as refused:
        record_detection(officer=officer, submission=submission(premises_name=""))
    assert list(refused.value.errors) == ["premises_name"]


def test_a_worker_is_linked_by_id_number_and_audited_as_a_keyed_hash_only(officer, worker, submission):
    checked = submission(outcome="registered_contributing", id_number=MYKAD, premises_name="")
    detection = record_detection(officer=officer, submission=checked).detection
    assert detection.person == worker
    assert detection.subject == Detection.Subject.PERSON
    event = AuditEvent.objects.get(action="detection.person")
    assert event.subject_hash == identifier_hash("800510145671")
    assert event.result_count == 1
    assert "800510" not in str(event.query)
    assert "800510" not in detection.payload_hash


def test_an_unknown_id_number_is_stored_unlinked_and_audited_not_refused(officer, submission):
    checked = submission(
        outcome="unregistered", id_number="900101-10-1235", premises_name="Kedai Runcit Ah Seng"
    )
    detection = record_detection(officer=officer, submission=checked).detection
    assert detection.person is None
    assert detection.premises is not None  # the worker was found at an unregistered shop
    assert AuditEvent.objects.get(action="detection.person").result_count == 0


def test_a_malformed_id_number_is_refused_naming_id_number(officer, submission):
    with pytest.raises(CaptureRefused) as refused:
        record_detection(officer=officer, submission=submission(id_number="801310-14-5671"))  # month 13
    assert list(refused.value.errors) == ["id_number"]
    assert not AuditEvent.objects.filter(action="detection.person").exists()


@pytest.mark.parametrize("ahead_minutes", [6, 60, 60 * 25])
def test_a_phone_clock_more_than_5_minutes_ahead_is_refused_naming_observed_at(
    officer, submission, minutes_ago, ahead_minutes
):
    with pytest.raises(CaptureRefused) as refused:
        record_detection(officer=officer, submission=submission(observed_at=minutes_ago(-ahead_minutes)))
    assert list(refused.value.errors) == ["observed_at"]


def test_a_phone_clock_a_few_minutes_ahead_is_stored(officer, submission, minutes_ago):
    assert record_detection(officer=officer, submission=submission(observed_at=minutes_ago(-4))).created


def test_a_detection_days_old_from_an_offline_phone_is_stored(officer, submission, minutes_ago):
    old = submission(observed_at=minutes_ago(0) - timedelta(days=3))
    assert record_detection(officer=officer, submission=old).created


def test_a_registered_employer_is_recorded_in_two_round_trips(
    officer, employer, submission, django_assert_num_queries
):
    checked = submission(outcome="registered_contributing", employer_code="A10000000001", premises_name="")
    # The facts (employer, person, area, previous fix) in one read, then the insert; the test's
    # savepoint and its release stand where a request has its BEGIN and COMMIT.
    with django_assert_num_queries(4) as captured:
        record_detection(officer=officer, submission=checked)
    assert captured[1]["sql"].lstrip().startswith("SELECT")
    assert captured[2]["sql"].startswith('INSERT INTO "detection_detection"')


def test_a_new_premises_is_recorded_in_five_round_trips(officer, submission, django_assert_num_queries):
    # Facts, the lock of the one grid cell, the search nearby, the premises, the detection.
    with django_assert_num_queries(7):
        record_detection(officer=officer, submission=submission())


def test_a_replay_gets_the_stored_record_even_when_its_checks_would_now_refuse_it(
    officer, employer, submission
):
    sent = submission(outcome="registered_contributing", employer_code="A10000000001", premises_name="")
    first = record_detection(officer=officer, submission=sent)
    employer.delete()  # "registered" now names no employer
    again = record_detection(officer=officer, submission=sent)
    assert not again.created
    assert again.detection.pk == first.detection.pk


def test_the_same_uuid_with_another_body_that_would_be_refused_is_a_conflict(officer, submission):
    sent = submission()
    record_detection(officer=officer, submission=sent)
    with pytest.raises(CaptureConflict):
        record_detection(
            officer=officer, submission=submission(client_uuid=sent.client_uuid, premises_name="")
        )
