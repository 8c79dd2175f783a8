"""The data-quality queue and a supervisor's decisions on it (real PostGIS)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from detection.models import Detection, Premises, QualityDecision
from detection.quality import (
    SPLIT_OFF,
    DecisionRefused,
    Reason,
    decide,
    detections_to_review,
    merge_candidates,
    premises_reviewable_by,
    reasons_of,
    reviewable_by,
)
from nforce.models import AuditEvent
from nforce.roles import Role
from tests.factories import KLANG, AreaFactory, DetectionFactory, PremisesFactory, UserFactory, near

pytestmark = pytest.mark.django_db


@pytest.fixture
def klang(supervisor):
    """An area of the supervisor's office around Klang."""
    return AreaFactory(code="KLG-Q", office=supervisor.home_office)


def _poor_fix(**fields) -> Detection:
    return DetectionFactory(gps_poor=True, accuracy_m=240.0, **fields)


def _joined(premises: Premises, **fields) -> Detection:
    """A second sighting joined to `premises` by the likeness of names alone."""
    Premises.objects.filter(pk=premises.pk).update(detection_count=2)
    return DetectionFactory(premises=premises, premises_match="joined: 31 m, name 0.52", **fields)


def _decide(supervisor, detection, action, reason="Seen on the photo", **fields):
    return decide(
        detection_id=detection.pk,
        action=action,
        reason=reason,
        by=supervisor,
        among=reviewable_by(supervisor),
        **fields,
    )


def test_a_poor_fix_a_trust_flag_and_a_join_by_name_put_a_detection_in_the_queue(supervisor, klang):
    poor = _poor_fix()
    flagged = DetectionFactory(trust_flags=["accuracy_zero"], accuracy_m=0)
    joined = _joined(PremisesFactory())
    DetectionFactory()  # a good fix, no flag, a new premises: nothing to look at
    DetectionFactory(premises_match="joined: 4 m, same registration no.")
    queue = detections_to_review(among=reviewable_by(supervisor))
    assert set(queue) == {poor, flagged, joined}
    assert reasons_of(poor) == [Reason.POOR_FIX] and reasons_of(joined) == [Reason.JOINED_BY_NAME]
    assert list(detections_to_review(among=reviewable_by(supervisor), reason="trust_flag")) == [flagged]


def test_a_supervisor_reviews_only_the_detections_of_their_own_office(supervisor, klang):
    other_office = UserFactory(roles=[Role.SUPERVISOR])
    mine = _poor_fix()
    assert list(detections_to_review(among=reviewable_by(other_office))) == []
    assert list(detections_to_review(among=reviewable_by(supervisor))) == [mine]
    with pytest.raises(Detection.DoesNotExist):
        _decide(other_office, mine, "reject")


def test_an_administrator_reviews_every_office(klang):
    admin = UserFactory(is_superuser=True, is_staff=True)
    mine = _poor_fix()
    assert list(detections_to_review(among=reviewable_by(admin))) == [mine]


def test_accepting_keeps_the_detection_counted_and_takes_it_out_of_the_queue(supervisor, klang, changed):
    poor = _poor_fix()
    decided = _decide(
        supervisor, poor, "accept", reason="Under a flyover: the fix is poor, the shop is there"
    )
    poor.refresh_from_db()
    assert poor.review == Detection.Review.ACCEPTED
    assert list(detections_to_review(among=reviewable_by(supervisor))) == []
    kept = QualityDecision.objects.get()
    assert (kept.action, kept.decided_by, kept.detection) == ("accept", supervisor, poor)
    assert kept.reason.startswith("Under a flyover") and decided.changed_premises == ()
    assert changed == []


def test_rejecting_the_only_check_of_a_premises_excludes_the_premises_and_is_audited(
    supervisor, klang, changed, django_capture_on_commit_callbacks
):
    fake = _poor_fix()
    with django_capture_on_commit_callbacks(execute=True):
        _decide(supervisor, fake, "reject", reason="Same position as the office: not made in the field")
    fake.refresh_from_db()
    fake.premises.refresh_from_db()
    assert fake.review == Detection.Review.REJECTED
    assert fake.premises.status == Premises.Status.EXCLUDED and fake.premises.closed_at is not None
    event = AuditEvent.objects.get(action="quality.reject")
    assert event.actor == supervisor and event.query["detection"] == fake.pk
    assert changed == [([fake.premises.pk], "excluded")]


def test_rejecting_one_of_two_checks_recounts_the_premises_from_the_other(supervisor, klang):
    shop = PremisesFactory()
    first = DetectionFactory(premises=shop, observed_at=timezone.now() - timedelta(days=3))
    later = _poor_fix(premises=shop)
    Premises.objects.filter(pk=shop.pk).update(detection_count=2)
    _decide(supervisor, later, "reject")
    shop.refresh_from_db()
    assert shop.status == Premises.Status.OPEN
    assert (shop.detection_count, shop.last_detected_at) == (1, first.observed_at)


def test_a_decision_needs_a_reason_and_is_made_once(supervisor, klang):
    poor = _poor_fix()
    with pytest.raises(DecisionRefused) as refused:
        _decide(supervisor, poor, "reject", reason="  ")
    assert refused.value.field == "reason"
    _decide(supervisor, poor, "accept")
    with pytest.raises(DecisionRefused) as again:
        _decide(supervisor, poor, "reject")
    assert again.value.conflict
    assert QualityDecision.objects.count() == 1


def test_merging_moves_every_detection_into_the_kept_premises(
    supervisor, klang, changed, django_capture_on_commit_callbacks
):
    kept = PremisesFactory(
        name="Selera Kampung", address="", first_detected_at=timezone.now() - timedelta(days=9)
    )
    DetectionFactory(premises=kept, observed_at=kept.first_detected_at)
    twin = PremisesFactory(
        name="Selera Kampong", address="Lot 7, Jalan Meru", location=near(KLANG, north_km=0.08)
    )
    doubtful = _poor_fix(premises=twin)
    assert kept in merge_candidates(twin, among=premises_reviewable_by(supervisor))
    with django_capture_on_commit_callbacks(execute=True):
        decided = _decide(supervisor, doubtful, "merge", into=kept, reason="Same stall, two spellings")
    kept.refresh_from_db()
    twin.refresh_from_db()
    assert (twin.status, twin.merged_into) == (Premises.Status.MERGED, kept)
    assert kept.detections.count() == 2 and doubtful in kept.detections.all()
    assert not twin.detections.exists()
    assert kept.detection_count == 2 and kept.address == "Lot 7, Jalan Meru"
    assert decided.decision.other_premises == twin
    assert changed == [(sorted([kept.pk, twin.pk]), "merged")]


def test_premises_too_far_apart_or_not_open_are_not_merged(supervisor, klang):
    far = PremisesFactory(location=near(KLANG, north_km=1))
    ceased_shop = PremisesFactory(location=near(KLANG, north_km=0.05))
    Premises.objects.filter(pk=ceased_shop.pk).update(status=Premises.Status.CEASED)
    doubtful = _poor_fix(premises=PremisesFactory())
    with pytest.raises(DecisionRefused) as too_far:
        _decide(supervisor, doubtful, "merge", into=far)
    assert too_far.value.field == "into"
    with pytest.raises(DecisionRefused):
        _decide(supervisor, doubtful, "merge", into=ceased_shop)
    assert far not in merge_candidates(doubtful.premises, among=premises_reviewable_by(supervisor))
    doubtful.refresh_from_db()
    assert doubtful.review == "" and doubtful.premises.status == Premises.Status.OPEN


def test_splitting_opens_a_premises_of_its_own_and_recounts_the_old(
    supervisor, klang, changed, django_capture_on_commit_callbacks
):
    shop = PremisesFactory(name="Kedai Runcit Ah Seng")
    DetectionFactory(premises=shop, observed_at=timezone.now() - timedelta(days=2))
    other = _joined(shop, premises_name="Kedai Runcit Lim", location=near(KLANG, east_km=0.03))
    with django_capture_on_commit_callbacks(execute=True):
        decided = _decide(supervisor, other, "split", reason="Two shops side by side")
    other.refresh_from_db()
    shop.refresh_from_db()
    opened = other.premises
    assert opened != shop and opened.name == "Kedai Runcit Lim" and opened.area == klang
    assert (opened.created_by, opened.detection_count, other.premises_match) == (other.officer, 1, SPLIT_OFF)
    assert shop.detection_count == 1
    assert decided.decision.other_premises == opened
    assert changed == [(sorted([shop.pk, opened.pk]), "split")]


def test_the_only_detection_of_a_premises_cannot_be_split(supervisor, klang):
    alone = _poor_fix()
    with pytest.raises(DecisionRefused) as refused:
        _decide(supervisor, alone, "split")
    assert refused.value.field == "action"
    assert Premises.objects.count() == 1
