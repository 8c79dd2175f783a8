"""The supervisor's Monday on a phone: open the dashboard, change the period, download the CSV."""

import csv
import io

import pytest

from tests.factories import DEFAULT_PASSWORD

from .world import build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def live_world(transactional_db, eager_rollups):
    # Committed for real: the live server's thread reads it, and the rollups follow each commit.
    return build_world()


def _log_in(page, base: str, staff_number: str) -> None:
    page.goto(f"{base}/accounts/login/?next=/dashboard/")
    page.fill("#id_username", staff_number)
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base}/dashboard/")


def _figure(page, name: str) -> str:
    return page.inner_text(f"[data-kpi={name}] .dash-kpi-value").strip()


def test_a_supervisor_changes_the_period_and_downloads_the_table_on_a_phone(live_world, phone):
    page, base = phone
    _log_in(page, base, live_world.supervisor.staff_number)

    page.fill("#id_from", "2025-03-10")
    page.fill("#id_to", "2025-03-16")
    page.click("form.dash-filters button[type=submit]")
    page.wait_for_url("**from=2025-03-10**")
    assert _figure(page, "checks") == "7"
    assert _figure(page, "registrations_won") == "2"
    assert "+250.0%" in page.inner_text("[data-kpi=checks] .dash-change")

    page.click("a[rel=prev]")  # one week earlier
    page.wait_for_url("**from=2025-03-03**")
    assert _figure(page, "checks") == "2"

    with page.expect_download() as download:
        page.click("#breakdown .dash-exports a:text('CSV')")
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))  # noqa: SIM115
    assert rows[0][:2] == ["Area", "Checks made"]
    assert {row[0]: row[1] for row in rows[1:]} == {"Klang Utara (KLG-1)": "2", "Klang Selatan (KLG-2)": "0"}
    assert download.value.suggested_filename == "nforce-by-area-2025-03-03-2025-03-09.csv"


def test_the_dashboard_fits_a_phone_draws_its_chart_and_map_and_passes_axe(live_world, phone):
    page, base = phone
    _log_in(page, base, live_world.supervisor.staff_number)
    page.goto(f"{base}/dashboard/?from=2025-03-10&to=2025-03-16")
    page.wait_for_selector("#dash-map .leaflet-marker-icon, #dash-map .marker-cluster")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.evaluate("!!window.Chart && !!Chart.getChart(document.getElementById('series-chart'))")
    assert (
        page.evaluate(
            "getComputedStyle(document.querySelector('.dash-kpis')).gridTemplateColumns.split(' ').length"
        )
        == 2
    )
