"""Chromium itself says whether Nforce can be installed on a phone's home screen."""

import pytest
from django.urls import reverse

from tests.browser.conftest import service_worker_ready

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chromium_reports_no_installability_errors(persistent_phone, officer, log_in):
    context = persistent_phone()
    log_in(context, officer)
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(reverse("home"))
    service_worker_ready(page)
    devtools = context.new_cdp_session(page)
    manifest = devtools.send("Page.getAppManifest")
    assert manifest["errors"] == []
    assert manifest["url"].endswith("/manifest.webmanifest")
    assert devtools.send("Page.getInstallabilityErrors")["installabilityErrors"] == []


def test_an_incognito_context_cannot_tell_which_is_why_the_check_above_is_persistent(phone, officer, log_in):
    log_in(phone, officer)
    page = phone.new_page()
    page.goto(reverse("home"))
    errors = phone.new_cdp_session(page).send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [error["errorId"] for error in errors] == ["in-incognito"]
