"""A supervisor works the data-quality queue on a phone, in real Chromium: htmx loads the form
in place, a merge is refused until its premises is chosen, then recorded."""

import pytest

from detection.models import Detection, Premises, QualityDecision
from tests.factories import KLANG, AreaFactory, DetectionFactory, PremisesFactory, near

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supervisor_merges_a_doubtful_sighting_into_the_shop_next_door(phone, supervisor, log_in):
    AreaFactory(code="KLG-Q", office=supervisor.home_office)
    kept = PremisesFactory(name="Restoran Selera Kampung")
    twin = PremisesFactory(name="Restoran Selera Kampong", location=near(KLANG, north_km=0.06))
    doubtful = DetectionFactory(premises=twin, gps_poor=True, accuracy_m=220.0)
    log_in(phone, supervisor)
    page = phone.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto("/detection/quality/")
    item = page.locator(f"#item-{doubtful.pk}")
    assert "poor GPS fix" in item.inner_text()

    item.get_by_role("link", name="Decide").click()
    item.get_by_label("premises merged").check()  # htmx put the form in place: same page
    assert page.url.endswith("/detection/quality/")
    item.get_by_label("Why").fill("Same stall: the second officer stood across the road")
    item.get_by_role("button", name="Record the decision").click()
    item.get_by_text("Choose the premises to merge into.").first.wait_for()

    item.get_by_label("Merge its premises into").select_option(str(kept.pk))
    item.get_by_label("Why").fill("Same stall: the second officer stood across the road")
    item.get_by_role("button", name="Record the decision").click()
    item.get_by_text("Recorded: premises merged.").wait_for()

    twin.refresh_from_db()
    assert (twin.status, twin.merged_into_id) == (Premises.Status.MERGED, kept.pk)
    assert Detection.objects.get(pk=doubtful.pk).premises_id == kept.pk
    assert QualityDecision.objects.get().decided_by == supervisor
    assert not [e for e in errors if "Content Security Policy" in e]
