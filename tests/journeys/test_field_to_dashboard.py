"""The whole mission on three phones, in English and in Bahasa Malaysia.

An officer checks a registered employer, then an unregistered shop, and records the shop with a
photo; the dispatch job runs in a real Celery worker; the inspector finds the shop on the map and
records it registered; the supervisor's dashboard counts one more registration and its CSV export
lists it. Every page passes axe-core (no serious or critical violation) and is photographed into
test-artifacts/journeys/<lang>/field-to-dashboard-*.png.
"""

import csv
import io

import pytest
from django.utils import timezone

from detection.models import Detection, Premises
from dispatch.models import Assignment
from dispatch.tasks import assign_open_premises_task
from tests.browser.conftest import wait_until
from tests.factories import EmployerFactory

from .conftest import Journey, send_the_record_with_a_photo, write_report

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

SHOP = "Kedai Runcit Bintang Timur"
NEW_CODE = "B2600000777K"  # the code the shop gets when it registers
REFRESH_ATTEMPTS = 40


# --- the officer -----------------------------------------------------------------------------


def officer_checks_a_registered_employer(journey: Journey, page, name: str) -> None:
    journey.page_done(page, "officer-home")
    page.click(f".mainnav a:text-is('{journey.t('Check')}')")
    page.wait_for_selector("#check-form")
    assert page.inner_text("main h1") == journey.t("Check an employer or a worker")
    page.wait_for_function("() => document.querySelector('#check-form input[name=latitude]').value !== ''")
    page.fill("#id_q", "selera kampung")
    page.wait_for_selector("#results .result")
    card = page.locator("#results .result").filter(has_text=name)
    assert card.locator(".badge").inner_text() == journey.t("Registered, contributing")
    card.locator("button.record-check").click()
    page.wait_for_selector(f"button.record-check:text-is('{journey.t('Check recorded.')}')")
    wait_until(page, lambda: Detection.objects.filter(employer__employer_code="B9900000001S").exists())
    journey.page_done(page, "officer-check-registered")


def officer_checks_an_unregistered_shop(journey: Journey, page) -> None:
    page.fill("#id_q", SHOP)
    page.wait_for_selector(f"#results strong:text-is('{journey.t('No registered business found.')}')")
    journey.page_done(page, "officer-check-not-found")
    page.click(f"a:text-is('{journey.t('Not in the list? Record unregistered premises')}')")
    page.wait_for_selector("#record-form")
    assert page.inner_text("main h1") == journey.t("Record unregistered premises")


def officer_records_the_shop_with_a_photo(journey: Journey, page) -> Premises:
    page.wait_for_selector("#position-status[data-state=good]")
    if page.input_value("#id_premises_name") != SHOP:  # the check page's name is not carried over
        page.fill("#id_premises_name", SHOP)
    page.fill("#id_kind", journey.t("grocery shop"))
    page.fill("#id_workers_seen", "3")
    detection = send_the_record_with_a_photo(journey, page, SHOP)
    assert detection.photo, "the signboard photo did not reach the office"
    assert detection.premises.area.code == "KLG-1"
    return detection.premises


# --- the dispatch job --------------------------------------------------------------------------


def dispatch_runs_in_the_worker(page, premises: Premises) -> Assignment:
    """Storing the premises enqueued a dispatch run (dispatch.receivers); the worker places it."""
    wait_until(page, lambda: Assignment.objects.filter(premises=premises).exists(), seconds=60)
    assignment = Assignment.objects.select_related("inspector__user").get(premises=premises)
    assert assignment.inspector.user.staff_number == "INS001"
    assert assignment.reason_data["area"] == "KLG-1"
    # The scheduled run (beat) comes by later and finds nothing left to place.
    summary = assign_open_premises_task.delay().get(timeout=60)
    assert (summary["created"], summary["moved"]) == (0, 0), summary
    return assignment


# --- the inspector -----------------------------------------------------------------------------


def inspector_finds_the_shop_on_the_map(journey: Journey, page) -> None:
    journey.page_done(page, "inspector-home")
    page.click(f".mainnav a:text-is('{journey.t('My premises')}')")
    assert page.inner_text("main h1") == journey.t("My premises")
    page.wait_for_selector("#premises-map .leaflet-marker-icon, #premises-map path.leaflet-interactive")
    assert page.locator("#premises-results > li").count() == 1
    assert page.inner_text("#premises-results h3") == SHOP
    journey.page_done(page, "inspector-map")


def inspector_records_it_registered(journey: Journey, page) -> None:
    page.click(f"#premises-results h3 a:text-is('{SHOP}')")
    page.wait_for_selector("#outcome-form")
    assert page.inner_text("main h1") == SHOP
    assert page.locator("main img[src*='/media/']").count() == 1  # the officer's photo
    assert page.inner_text("#outcome").strip() == journey.t("Record outcome")
    page.wait_for_function("() => document.querySelector('#outcome-form input[name=latitude]').value !== ''")
    journey.page_done(page, "inspector-case")
    page.check("#outcome-form input[name=outcome][value=registered]")
    page.fill("#outcome-form input[name=employer_code]", NEW_CODE)
    page.click("#outcome-form button[type=submit]")
    page.wait_for_selector(".messages .message")
    assert SHOP in page.inner_text(".messages")
    assert page.inner_text("#premises-results").strip() == journey.t("Nothing assigned to you now.")
    journey.page_done(page, "inspector-recorded")


# --- the supervisor ----------------------------------------------------------------------------


def registrations_today(journey: Journey, page) -> int:
    page.goto("/dashboard/")
    page.click(f".dash-presets a:text-is('{journey.t('Today')}')")
    page.wait_for_url("**from=**")
    return int(page.inner_text("[data-kpi=registrations_won] .dash-kpi-value").strip())


def supervisor_sees_one_more(journey: Journey, page, before: int) -> None:
    """The worker refreshes the rollups a few seconds after the commit (debounced): reload until."""
    counted = []
    for _ in range(REFRESH_ATTEMPTS):
        counted.append(registrations_today(journey, page))
        if counted[-1] == before + 1:
            break
        page.wait_for_timeout(500)
    assert counted[-1] == before + 1, f"registrations today, reload after reload: {counted}"
    assert page.inner_text("main h1") == journey.t("What enforcement achieved")
    journey.page_done(page, "supervisor-dashboard")


def supervisor_exports_the_registrations(journey: Journey, page) -> None:
    page.click("[data-kpi=registrations_won] > a")
    page.wait_for_selector(".dash-table")
    assert SHOP in page.inner_text(".dash-table tbody")
    journey.page_done(page, "supervisor-registrations")
    with page.expect_download() as download:
        page.click(".dash-exports a:text-is('CSV')")
    content = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert len(rows) == 2, rows  # the header and the one registration
    assert SHOP in rows[1]
    assert NEW_CODE in rows[1]
    assert download.value.suggested_filename.endswith(".csv")


# --- the journey -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ms"])
def test_a_shop_found_by_an_officer_is_registered_by_an_inspector_and_counted(
    lang, klang, new_phone, artefacts, celery_worker_process
):
    journey = Journey(lang=lang, camera=artefacts(lang, "field-to-dashboard"))
    supervisor = journey.open_as(new_phone(), klang.supervisor, klang.password, next_url="/dashboard/")
    before = registrations_today(journey, supervisor)

    officer = journey.open_as(new_phone(), klang.officer, klang.password, step="login")
    officer_checks_a_registered_employer(journey, officer, klang.registered_name)
    officer_checks_an_unregistered_shop(journey, officer)
    premises = officer_records_the_shop_with_a_photo(journey, officer)

    dispatch_runs_in_the_worker(officer, premises)
    # Meanwhile the shop registers with PERKESO; the nightly import brings its new code.
    EmployerFactory(
        employer_code=NEW_CODE, name=f"{SHOP.upper()} ENTERPRISE", registered_on=timezone.localdate()
    )

    inspector = journey.open_as(new_phone(), klang.inspector, klang.password)
    inspector_finds_the_shop_on_the_map(journey, inspector)
    inspector_records_it_registered(journey, inspector)
    premises.refresh_from_db()
    assert premises.status == Premises.Status.REGISTERED
    assert premises.registered_employer.employer_code == NEW_CODE

    supervisor_sees_one_more(journey, supervisor, before)
    supervisor_exports_the_registrations(journey, supervisor)
    write_report(f"axe-{lang}.json", journey.axe)
