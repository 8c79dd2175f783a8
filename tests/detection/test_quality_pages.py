"""The data-quality pages: the supervisor's queue and the decision form (htmx and plain)."""

import pytest
from django.urls import reverse

from detection.models import Detection, Premises, QualityDecision
from nforce.models import AuditEvent
from nforce.roles import Role
from tests.factories import KLANG, AreaFactory, DetectionFactory, PremisesFactory, UserFactory, near

pytestmark = pytest.mark.django_db
QUEUE = reverse("detection:quality")


@pytest.fixture
def signed_in(client, supervisor):
    client.force_login(supervisor)
    return client


@pytest.fixture
def poor(supervisor):
    AreaFactory(code="KLG-P", office=supervisor.home_office)
    return DetectionFactory(gps_poor=True, accuracy_m=300.0, premises_name="Bengkel Motor Jaya")


def _decision(detection: Detection) -> str:
    return reverse("detection:quality-decision", args=[detection.pk])


def test_the_queue_lists_the_office_s_doubtful_detections_and_is_audited(signed_in, poor):
    response = signed_in.get(QUEUE)
    assert response.status_code == 200
    assert "Bengkel Motor Jaya" in response.content.decode() and "poor GPS fix" in response.content.decode()
    assert AuditEvent.objects.get(action="quality.queue").result_count == 1


def test_the_queue_is_refused_to_an_officer(client, officer):
    client.force_login(officer)
    assert client.get(QUEUE).status_code == 403


def test_a_detection_of_another_office_is_not_found(client, poor):
    client.force_login(UserFactory(roles=[Role.SUPERVISOR]))
    assert client.get(_decision(poor)).status_code == 404
    assert client.post(_decision(poor), {"action": "reject", "reason": "x"}).status_code == 404


def test_a_rejection_is_recorded_and_the_supervisor_goes_back_to_the_queue(signed_in, poor, supervisor):
    response = signed_in.post(_decision(poor), {"action": "reject", "reason": "Fake position"})
    assert response.status_code == 302 and response["Location"] == QUEUE
    poor.refresh_from_db()
    assert poor.review == Detection.Review.REJECTED
    assert QualityDecision.objects.get().decided_by == supervisor


def test_a_decision_without_a_reason_names_the_field(signed_in, poor):
    response = signed_in.post(_decision(poor), {"action": "reject", "reason": ""})
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert not QualityDecision.objects.exists()


def test_a_merge_without_a_premises_to_merge_into_names_the_field(signed_in, poor):
    response = signed_in.post(_decision(poor), {"action": "merge", "reason": "Same shop"})
    assert response.status_code == 422
    assert "Choose the premises to merge into." in response.content.decode()


def test_a_merge_into_a_premises_out_of_reach_is_refused(signed_in, poor):
    far = PremisesFactory(location=near(KLANG, north_km=2))
    response = signed_in.post(_decision(poor), {"action": "merge", "reason": "x", "into": far.pk})
    assert response.status_code == 422
    assert Premises.objects.get(pk=poor.premises_id).status == Premises.Status.OPEN


def test_a_second_decision_is_a_conflict(signed_in, poor):
    signed_in.post(_decision(poor), {"action": "accept", "reason": "Fine"})
    response = signed_in.post(_decision(poor), {"action": "reject", "reason": "No"})
    assert response.status_code == 409
    assert "already decided" in response.content.decode()


def test_htmx_gets_the_form_then_the_decision_as_fragments(signed_in, poor):
    form = signed_in.get(_decision(poor), headers={"HX-Request": "true"})
    assert form.status_code == 200 and b"<html" not in form.content and b'name="reason"' in form.content
    done = signed_in.post(
        _decision(poor), {"action": "accept", "reason": "Fine"}, headers={"HX-Request": "true"}
    )
    assert done.status_code == 200 and b"Recorded: accepted." in done.content


def test_the_decision_page_speaks_malay(signed_in, poor):
    signed_in.cookies["django_language"] = "ms"
    response = signed_in.get(_decision(poor), HTTP_ACCEPT_LANGUAGE="ms")
    assert response.status_code == 200
    assert "Rekodkan keputusan" in response.content.decode()


def test_a_merged_premises_page_links_to_the_premises_it_was_merged_into(signed_in, poor):
    kept = PremisesFactory(name="Bengkel Motor Jaya Sdn")
    signed_in.post(_decision(poor), {"action": "merge", "reason": "Same workshop", "into": kept.pk})
    page = signed_in.get(reverse("detection:premises", args=[poor.premises_id])).content.decode()
    assert "merged into another premises" in page
    assert reverse("detection:premises", args=[kept.pk]) in page
