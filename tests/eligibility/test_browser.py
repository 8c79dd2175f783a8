"""The calculator in a real Chromium at phone width: what-if entry, verdict, no overflow, axe."""

import os

import pytest
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from tests.browser.conftest import chromium, playwright_sync  # noqa: F401 - fixtures used here

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("ELIGIBILITY_SCREENSHOTS")  # a directory, to look at the pages by eye


@pytest.fixture
def phone(chromium, live_server, client, officer):  # noqa: F811 - the imported fixture
    client.force_login(officer)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context = chromium.new_context(viewport={"width": 360, "height": 740}, locale="en")
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    yield context.new_page()
    context.close()


def test_an_officer_works_out_a_pension_by_hand_on_a_phone(phone, live_server):
    phone.goto(live_server.url + reverse("eligibility:calculator"))
    phone.fill("#id_on", "2025-01-15")
    phone.fill("#id_date_of_birth", "1980-05-10")
    phone.fill("#id_periods-0-first_month", "2005-01")
    phone.fill("#id_periods-0-last_month", "2024-12")
    phone.fill("#id_periods-0-wage", "3000")
    phone.click("button[data-add-period]")
    assert phone.locator(".period").count() == 3
    phone.click("button.primary")
    phone.wait_for_selector(".verdict-headline")
    assert "RM1,917.50" in phone.inner_text(".verdict-headline")
    assert phone.evaluate("document.activeElement.id") == "verdict-heading"
    if SHOTS:
        phone.screenshot(path=f"{SHOTS}/calculator-360.png", full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.add_script_tag(url=live_server.url + static("vendor/axe-core/axe.min.js"))  # CSP: 'self' only
    violations = phone.evaluate("axe.run().then(r => r.violations.map(v => v.id + ': ' + v.nodes.length))")
    assert violations == []


def test_an_officer_reads_out_a_survivors_pension_from_a_persons_record(phone, live_server):
    from datetime import date

    from tests.factories import worker_with_record

    worker_with_record(
        first="2015-07",
        last="2025-02",
        wage_sen=420_000,
        id_number="850707145553",
        date_of_birth=date(1985, 7, 7),
    )
    phone.goto(live_server.url + reverse("eligibility:person"))
    phone.fill("#id_id_number", "850707-14-5553")
    phone.fill("#id_death_date", "2025-03-10")
    phone.click("details.survivors summary")
    phone.fill("#id_widows", "1")
    phone.fill("#id_children", "2")
    phone.click("button.primary")
    phone.wait_for_selector(".verdict-headline")
    assert "RM2,365.50" in phone.inner_text(".verdict-headline")
    assert "850707145553" not in phone.url
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    if SHOTS:
        phone.screenshot(path=f"{SHOTS}/person-360.png", full_page=True)
    phone.add_script_tag(url=live_server.url + static("vendor/axe-core/axe.min.js"))
    assert phone.evaluate("axe.run().then(r => r.violations.map(v => v.id + ': ' + v.nodes.length))") == []


def test_an_officer_checks_all_workers_of_an_employer_on_a_phone(phone, live_server):
    from tests.factories import EmployerFactory, worker_with_record

    employer = EmployerFactory(employer_code="EMP000000002")
    for first in ("2005-01", "2023-01", "2015-01"):
        worker_with_record(employer=employer, first=first, last="2024-12", wage_sen=250_000)
    phone.goto(live_server.url + reverse("eligibility:employer"))
    phone.fill("#id_employer_code", "EMP000000002")
    phone.click("button.primary")
    phone.wait_for_selector("#verdict-heading")
    assert phone.locator("tbody tr").count() == 3
    if SHOTS:
        phone.screenshot(path=f"{SHOTS}/employer-360.png", full_page=True)
    phone.add_script_tag(url=live_server.url + static("vendor/axe-core/axe.min.js"))
    assert phone.evaluate("axe.run().then(r => r.violations.map(v => v.id + ': ' + v.nodes.length))") == []
