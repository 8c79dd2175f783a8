"""Every check counts: a lookup with a position is a "checked" detection, completed by the tap."""

from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from detection.capture import record_detection
from detection.counting import count_lookup
from detection.models import Detection
from detection.signals import detection_recorded
from registry.queries import check_person_in_field, search_employers
from tests.factories import KLANG, EmployerFactory, InsuredPersonFactory, near

CHECKED = Detection.Outcome.CHECKED
HERE = Point(*KLANG, srid=4326)


@pytest.fixture
def shop(db):
    return EmployerFactory(employer_code="A10000000001")


def search(officer, *, q="A10000000001", near_point=HERE):
    return search_employers(actor=officer, q=q, near=near_point, radius_m=500, on=timezone.localdate())


def test_a_lookup_with_a_position_is_counted_as_a_checked_detection(officer, shop):
    outcome = search(officer)
    detection = Detection.objects.get()
    assert outcome.check_id == detection.pk
    assert (detection.outcome, detection.subject, detection.officer) == (CHECKED, "employer", officer)
    assert detection.employer is None  # a lookup confirms no business: the tap does


def test_a_lookup_without_a_position_is_not_counted(officer, shop):
    assert search(officer, near_point=None).check_id is None
    assert not Detection.objects.exists()


def test_typing_letter_by_letter_at_one_shop_is_one_check(officer, shop):
    ids = {search(officer, q=q).check_id for q in ("Res", "Resto", "Restoran Sel")}
    assert len(ids) == 1
    assert Detection.objects.count() == 1


def test_a_lookup_at_the_next_shop_is_another_check(officer, shop):
    search(officer)
    search(officer, near_point=near(KLANG, north_km=0.2))
    assert Detection.objects.filter(outcome=CHECKED).count() == 2


def test_a_person_check_is_counted_with_the_person_linked(officer):
    person = InsuredPersonFactory()
    check = check_person_in_field(
        actor=officer, id_number=person.id_number, near=HERE, on=timezone.localdate()
    )
    detection = Detection.objects.get(pk=check.check_id)
    assert (detection.subject, detection.person) == ("person", person)


def test_the_tap_completes_the_same_record(officer, shop, submission):
    check_id = search(officer).check_id
    sent = submission(
        outcome="compliant", employer_code=shop.employer_code, premises_name="", check_id=check_id
    )
    recorded = record_detection(officer=officer, submission=sent)
    assert recorded.detection.pk == check_id
    assert Detection.objects.count() == 1
    detection = Detection.objects.get()
    assert (detection.outcome, detection.employer, detection.client_uuid) == (
        "compliant",
        shop,
        sent.client_uuid,
    )
    assert detection.trust_flags == []  # the same position as the lookup is no "repeated position"


def test_a_tap_without_the_id_completes_the_latest_check_made_just_before_close_by(officer, shop, submission):
    check_id = search(officer).check_id
    sent = submission(outcome="compliant", employer_code=shop.employer_code, premises_name="")
    assert record_detection(officer=officer, submission=sent).detection.pk == check_id


def test_a_tap_far_away_or_much_later_is_a_detection_of_its_own(officer, shop, submission):
    search(officer)
    # The lookup was made half an hour before the tap (a phone's clock ahead is refused).
    Detection.objects.filter(outcome=CHECKED).update(observed_at=timezone.now() - timedelta(minutes=30))
    later = submission(
        outcome="compliant",
        employer_code=shop.employer_code,
        premises_name="",
        observed_at=timezone.now(),
    )
    far = submission(outcome="unregistered", position=near(KLANG, north_km=2).coords)
    record_detection(officer=officer, submission=later)
    record_detection(officer=officer, submission=far)
    assert Detection.objects.count() == 3
    assert Detection.objects.filter(outcome=CHECKED).count() == 1


def test_another_officers_check_is_never_completed(officer, other_officer, shop, submission):
    check_id = search(officer).check_id
    sent = submission(
        outcome="compliant", employer_code=shop.employer_code, premises_name="", check_id=check_id
    )
    assert record_detection(officer=other_officer, submission=sent).detection.pk != check_id
    assert Detection.objects.get(pk=check_id).outcome == CHECKED


def test_a_replay_of_the_completing_tap_makes_nothing_new(officer, shop, submission):
    check_id = search(officer).check_id
    sent = submission(
        outcome="compliant", employer_code=shop.employer_code, premises_name="", check_id=check_id
    )
    record_detection(officer=officer, submission=sent)
    again = record_detection(officer=officer, submission=sent)
    assert not again.created and again.detection.pk == check_id
    assert Detection.objects.count() == 1


def test_detection_recorded_is_sent_on_commit_for_findings_not_for_checks(
    officer, shop, submission, django_capture_on_commit_callbacks
):
    heard = []

    def listener(sender, detection_id, **kwargs):
        heard.append(detection_id)

    detection_recorded.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            count_lookup(actor=officer, subject="employer", location=HERE, at=timezone.now())
        assert heard == []
        with django_capture_on_commit_callbacks(execute=True):
            recorded = record_detection(officer=officer, submission=submission())
        assert heard == [recorded.detection.pk]
    finally:
        detection_recorded.disconnect(listener)


@pytest.mark.parametrize("sent", ["registered_contributing", "compliant"])
def test_registered_contributing_is_stored_as_compliant(api_as, officer, shop, body, sent):
    response = api_as(officer).post(
        "/api/v1/detections",
        body(outcome=sent, employer_code=shop.employer_code, premises_name=""),
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["outcome"] == "compliant"
    assert Detection.objects.get().outcome == "compliant"


def test_checked_cannot_be_sent_as_an_outcome(api_as, officer, body):
    response = api_as(officer).post("/api/v1/detections", body(outcome="checked"), format="json")
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["outcome"]
