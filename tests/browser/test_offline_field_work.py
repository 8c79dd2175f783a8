"""Field work with no signal (issue 18): an inspector's premises and outcomes, an officer's check
from the area pack. Phone profile, network cut with context.set_offline(True)."""

from datetime import date

import pytest
from django.urls import reverse

from detection.models import Detection
from dispatch.models import OutcomeRecord
from nforce.roles import Role
from tests.browser.conftest import service_worker_ready, wait_until
from tests.browser.test_detection_journeys import wait_until_kept_offline
from tests.factories import (
    KLANG,
    AreaFactory,
    AssignmentFactory,
    EmployerFactory,
    InspectorFactory,
    OfficeFactory,
    PremisesFactory,
    UserFactory,
    near,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_inspector_records_two_outcomes_offline_and_exactly_two_reach_the_server(
    phone, log_in, inspector, shoot
):
    me = InspectorFactory(user=inspector, areas=[AreaFactory(code="KLG-T", centre=KLANG)])
    cases = [
        AssignmentFactory(
            inspector=me, premises=PremisesFactory(name=name, location=near(KLANG, north_km=km))
        )
        for name, km in (("Kedai Runcit Ah Seng", 1), ("Bengkel Motor Ali", 2))
    ]
    log_in(phone, inspector)
    page = phone.new_page()
    page.goto(reverse("dispatch:mine"))
    service_worker_ready(page)
    page.wait_for_selector("body[data-premises-kept=yes]")
    wait_until_kept_offline(page, reverse("dispatch:kept"))

    phone.set_offline(True)
    page.goto(reverse("dispatch:mine"))  # no network: the kept twin, filled from the phone
    page.wait_for_selector("#kept-list li")
    assert page.inner_text("#kept-as-of").startswith("As of ")
    shoot(page, "offline-my-premises")
    for case in cases:
        page.click(f"#kept-list a[href='#a-{case.pk}']")
        assert page.inner_text("#kept-name") == case.premises.name
        page.check("#kept-outcome input[name=outcome][value=notice_issued]")
        page.fill("#kept-outcome [name=notes]", f"Notis {case.pk}")
        page.click("#kept-outcome button[type=submit]")
        page.wait_for_selector(f"#kept-list li[data-assignment='{case.pk}'] [data-waiting]")
    shoot(page, "two-waiting")

    page.reload()
    page.wait_for_selector("#kept-list li [data-waiting]")
    assert page.locator("#kept-list [data-waiting]").count() == 2
    assert page.inner_text("#kept-list [data-waiting] >> nth=0") == "Outcome waiting to be sent"
    assert OutcomeRecord.objects.count() == 0

    phone.set_offline(False)  # the `online` event sends them
    wait_until(page, lambda: OutcomeRecord.objects.count() == 2, seconds=20)
    page.wait_for_timeout(1500)  # a second send would land by now
    assert OutcomeRecord.objects.count() == 2
    for case in cases:
        case.refresh_from_db()
        assert (case.status, case.notes) == ("visited", f"Notis {case.pk}")


def test_an_officer_checks_an_employer_from_the_pack_offline_and_the_detection_arrives_online(
    phone, log_in, shoot
):
    office = OfficeFactory(code="KLG")
    AreaFactory(code="KLG-1", office=office, centre=KLANG)
    officer = UserFactory(roles=[Role.OFFICER], home_office=office, full_name="Aminah binti Yusof")
    EmployerFactory(
        employer_code="A12345678901",
        name="RESTORAN SELERA KAMPUNG SDN. BHD.",
        trading_name="Restoran Selera Kampung",
        last_paid_month=date.today().replace(day=1),
    )
    log_in(phone, officer)
    page = phone.new_page()
    page.goto(reverse("registry:check"))
    service_worker_ready(page)
    page.wait_for_selector("#pack-status[data-pack='1']")
    wait_until_kept_offline(page, reverse("registry:check"))

    phone.set_offline(True)
    page.reload()
    page.wait_for_selector("#pack-status[data-pack='1']")
    page.fill("#id_q", "a1234-5678 901")
    page.press("#id_q", "Enter")
    page.wait_for_selector("[data-offline-answer]")
    assert page.inner_text("[data-offline-answer]").startswith("Offline answer, registry as of ")
    assert "Restoran Selera Kampung" in page.inner_text("#results")
    shoot(page, "offline-answer")
    page.click("#results .record-check")
    page.wait_for_selector("[data-outbox-badge]:not([hidden])")

    page.fill("#id_q", "Z99999999999")
    page.press("#id_q", "Enter")
    page.wait_for_selector("[data-offline=yes]")
    assert "is not in the area pack" in page.inner_text("#results")
    assert Detection.objects.count() == 0

    phone.set_offline(False)
    wait_until(page, lambda: Detection.objects.count() == 1, seconds=20)
    detection = Detection.objects.get()
    assert (detection.employer.employer_code, detection.outcome) == (
        "A12345678901",
        "compliant",  # registered_contributing is its synonym on the wire
    )
    page.wait_for_selector("#queued-answers h3")  # the code not in the pack, asked of the server
    assert "Z99999999999" in page.inner_text("#queued-answers")
