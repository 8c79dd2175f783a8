"""An inspector on a phone, in real Chromium: opens the case, issues the notice and the compound,
and gets both as PDF files to print or share."""

import pytest

from enforcement.findings import record_findings
from enforcement.models import Case
from tests.factories import DEFAULT_PASSWORD, KLANG, DetectionFactory, near

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STANDING = near(KLANG, north_km=0.05)


@pytest.fixture
def phone(phone_at):
    return phone_at(STANDING, accuracy=9)


def test_an_inspector_issues_the_notice_and_the_compound_and_gets_the_pdfs(phone, klang, case_inspector):
    detection = DetectionFactory(premises__name="Kedai Runcit Dua Beradik", workers_seen=2)
    case = record_findings(detection_id=detection.pk)
    Case.objects.filter(pk=case.pk).update(inspector=case_inspector)

    page = phone.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto("/accounts/login/?next=/cases/")
    page.fill("input[name=username]", case_inspector.staff_number)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.get_by_role("link", name="Kedai Runcit Dua Beradik").click()

    page.locator("#action-position").get_by_text("Position taken").wait_for()
    page.get_by_role("button", name="Issue notice to register").click()
    page.get_by_text("Issue notice to register: done.").wait_for()
    case.refresh_from_db()
    assert case.state == "notice_issued" and case.events.get(action="notice").location is not None
    notice = page.get_by_role("link", name="Notice (PDF): print or share")
    assert page.request.get(notice.get_attribute("href")).body().startswith(b"%PDF")

    page.locator("#action-position").get_by_text("Position taken").wait_for()
    page.get_by_label("Months the employer went unregistered").fill("3")
    page.get_by_role("button", name="Issue compound").click()
    page.get_by_text("Issue compound: done.").wait_for()
    case.refresh_from_db()
    assert case.compound_number in page.locator("main").inner_text()
    compound = page.get_by_role("link", name="Compound (PDF): print or share")
    assert page.request.get(compound.get_attribute("href")).body().startswith(b"%PDF")
    assert not errors


def test_a_notice_issued_with_no_signal_is_numbered_once_with_signal(phone, klang, case_inspector):
    detection = DetectionFactory(premises__name="Bengkel Bawah Tanah", workers_seen=2)
    case = record_findings(detection_id=detection.pk)
    Case.objects.filter(pk=case.pk).update(inspector=case_inspector)

    page = phone.new_page()
    page.goto("/accounts/login/?next=/cases/")
    page.fill("input[name=username]", case_inspector.staff_number)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.get_by_role("link", name="Bengkel Bawah Tanah").click()
    page.locator("#action-position").get_by_text("Position taken").wait_for()

    phone.set_offline(True)
    page.get_by_role("button", name="Issue notice to register").click()
    page.locator("#case-queued").get_by_text("number on sync").wait_for()
    case.refresh_from_db()
    assert case.state == "open" and not case.notice_number

    phone.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.locator("#case-queued").get_by_text("Received by the server").wait_for()
    case.refresh_from_db()
    assert case.state == "notice_issued" and case.notice_number
    assert case.notice_number in page.locator("#case-queued").inner_text()
    assert case.events.filter(action="notice").count() == 1
    page.evaluate("window.NforceOutbox.flush()")
    assert page.evaluate("window.NforceOutbox.count()") == 0
    assert case.events.filter(action="notice").count() == 1
