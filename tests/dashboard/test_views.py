import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dashboard.presenting import NOTHING
from tests.factories import UserFactory

PERIOD = {"from": "2025-03-10", "to": "2025-03-16"}


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_dashboard_shows_each_figure_with_the_previous_one_and_the_change(client, world):
    client.force_login(world.supervisor)
    page = client.get(reverse("dashboard"), PERIOD)
    cards = {card.name: card for card, _link, _before in page.context["page"].cards}
    assert (cards["checks"].current, cards["checks"].previous, cards["checks"].change) == (
        "7",
        "2",
        "+250.0%",
    )
    assert (cards["workers_covered"].previous, cards["workers_covered"].change) == ("0", NOTHING)
    assert cards["median_days_to_registration"].current == "16.0"
    assert b"10 March 2025 to 16 March 2025, compared with 3 March 2025 to 9 March 2025" in page.content


def test_each_figure_links_to_the_records_behind_it_with_the_same_filters(client, world):
    client.force_login(world.supervisor)
    page = client.get(reverse("dashboard"), {**PERIOD, "area": "KLG-1"})
    links = {card.name: link for card, link, _before in page.context["page"].cards}
    listed = client.get(links["premises_visited"])
    assert listed.status_code == 200
    assert listed.context["page"].paginator.count == 3  # P1 twice, E1 once, all in KLG-1


def test_the_enforcement_figures_open_the_enforcement_report_of_the_same_period(client, world):
    client.force_login(world.supervisor)
    page = client.get(reverse("dashboard"), {**PERIOD, "area": "KLG-1"})
    link = page.context["page"].enforcement_report
    assert 'href="{}"'.format(link.replace("&", "&amp;")) in page.content.decode()
    report = client.get(link)
    assert report.status_code == 200
    form = report.context["form"]
    assert (str(form.cleaned_data["start"]), str(form.cleaned_data["end"])) == (PERIOD["from"], PERIOD["to"])


def test_the_dashboard_reads_in_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    client.force_login(world.supervisor)
    client.get(reverse("dashboard"), PERIOD)  # warms the session and the role cache of the client
    # session, user, groups, scope, 4 figures, 3 table, 1 series, areas for the select
    with django_assert_num_queries(13):
        client.get(reverse("dashboard"), {**PERIOD, "by": "officer"})


def test_officers_and_inspectors_may_not_open_the_dashboard(client, world):
    client.force_login(world.amin)
    assert client.get(reverse("dashboard")).status_code == 403


def test_an_area_of_another_office_is_not_found_on_any_dashboard_page(client, world):
    client.force_login(world.supervisor)
    for url in (
        reverse("dashboard"),
        reverse("dashboard:records", args=["checks"]),
        reverse("dashboard:export", args=["area", "csv"]),
        reverse("dashboard:map"),
    ):
        assert client.get(url, {**PERIOD, "area": "SAB-1"}).status_code == 404, url


def test_the_officer_filter_names_no_one_outside_the_supervisor_s_office(client, world):
    client.force_login(world.supervisor)
    for name in ("dashboard", "dashboard:map"):
        assert (
            client.get(reverse(name), {**PERIOD, "officer": world.sab_supervisor.staff_number}).status_code
            == 404
        )
    assert client.get(reverse("dashboard"), {**PERIOD, "officer": world.ravi.staff_number}).status_code == 200


def test_a_period_that_ends_before_it_starts_is_refused_with_the_field_named(client, world):
    client.force_login(world.supervisor)
    page = client.get(reverse("dashboard"), {"from": "2025-03-16", "to": "2025-03-10"})
    assert page.status_code == 400
    assert "to" in page.context["form"].errors


def test_without_dates_the_dashboard_shows_last_week(client, world):
    client.force_login(world.supervisor)
    page = client.get(reverse("dashboard"))
    period = page.context["page"].comparison.period
    assert (period.start.weekday(), period.days) == (0, 7)


def test_the_table_by_officer_sorts_on_the_server(client, world):
    client.force_login(world.supervisor)
    page = client.get(reverse("dashboard"), {**PERIOD, "by": "officer", "sort": "-checks"})
    names = [row[0].text for row in page.context["page"].rows]
    assert names[:2] == ["Amin bin Ali (KLG0001)", "Siti binti Omar (KLG0002)"]
    header = next(h for h in page.context["page"].headers if h.label == "Checks made")
    assert header.sorted == "descending" and "sort=checks" in header.link


def test_the_table_by_area_as_csv_has_the_figures_of_each_area(client, world):
    client.force_login(world.supervisor)
    rows = _csv(client.get(reverse("dashboard:export", args=["area", "csv"]), PERIOD))
    assert rows[0][:3] == ["Area", "Checks made", "Premises visited"]
    by_area = {row[0]: row[1:] for row in rows[1:]}
    assert by_area == {
        "Klang Utara (KLG-1)": ["6", "3", "1", "1", "1", "2", "3", "16.0", "0"],
        "Klang Selatan (KLG-2)": ["1", "1", "1", "1", "0", "0", "0", "", "0"],
    }


def test_the_checks_list_as_csv_holds_every_check_of_the_period(client, world):
    client.force_login(world.supervisor)
    rows = _csv(
        client.get(reverse("dashboard:records-export", args=["checks", "csv"]), {**PERIOD, "area": "KLG-2"})
    )
    assert rows == [
        ["Observed at", "Officer", "Area", "What was checked", "Outcome", "Premises or employer"],
        [
            "2025-03-13 10:00",
            "Siti binti Omar (KLG0002)",
            "KLG-2",
            "premises",
            "unregistered",
            "Bengkel Motor Jaya",
        ],
    ]


def test_a_signboard_that_looks_like_a_formula_is_exported_as_text(client, world):
    client.force_login(world.supervisor)
    period = {"from": "2025-03-03", "to": "2025-03-09"}
    rows = _csv(client.get(reverse("dashboard:records-export", args=["unregistered_found", "csv"]), period))
    assert '\'=HYPERLINK("x")' in [row[1] for row in rows]


def test_the_registrations_as_xlsx_have_typed_dates_and_numbers(client, world):
    client.force_login(world.supervisor)
    response = client.get(reverse("dashboard:records-export", args=["registrations_won", "xlsx"]), PERIOD)
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Registered on"
    assert [(row[1], row[5], row[6]) for row in rows[1:]] == [
        ("Kilang Papan Maju", 22, 2),
        ("Kedai Jahit Aminah", 10, 1),
    ]
    assert rows[1][0].isoformat().startswith("2025-03-14")


def test_the_series_export_has_one_row_per_day_of_the_period(client, world):
    client.force_login(world.supervisor)
    rows = _csv(client.get(reverse("dashboard:export", args=["series", "csv"]), PERIOD))
    assert [row[0] for row in rows[1:]] == [f"2025-03-{day}" for day in range(10, 17)]
    assert sum(int(row[1]) for row in rows[1:]) == 7


def test_the_map_data_holds_the_premises_still_unregistered_as_geojson(client, world):
    client.force_login(world.supervisor)
    data = client.get(reverse("dashboard:map"), PERIOD).json()
    assert sorted(f["properties"]["name"] for f in data["features"]) == [
        "Bengkel Motor Jaya",
        "Kedai Runcit Ah Seng",
    ]
    assert data["features"][0]["geometry"]["coordinates"] == [101.42, 3.02]
    assert data["truncated"] is False


@pytest.mark.parametrize(
    "kind",
    [
        "checks",
        "premises_visited",
        "unregistered_found",
        "assignments_open",
        "assignments_overdue",
        "registrations_won",
        "workers_covered",
        "median_days_to_registration",
    ],
)
def test_every_records_list_opens(client, world, kind):
    client.force_login(world.supervisor)
    assert client.get(reverse("dashboard:records", args=[kind]), PERIOD).status_code == 200


def test_a_records_list_reads_in_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    client.force_login(world.supervisor)
    url = reverse("dashboard:records", args=["checks"])
    client.get(url, PERIOD)
    # session, user, groups, scope, count, page, audit, areas for the select
    with django_assert_num_queries(8):
        client.get(url, PERIOD)


def test_a_supervisor_without_an_office_sees_nothing(client, world):
    lost = UserFactory(home_office=None, roles=["supervisor"])
    client.force_login(lost)
    page = client.get(reverse("dashboard"), PERIOD)
    assert page.context["page"].comparison.current.checks == 0


def test_the_dashboard_is_offered_in_malay(client, world):
    client.force_login(world.supervisor)
    client.cookies["django_language"] = "ms"
    page = client.get(reverse("dashboard"), PERIOD)
    assert page.status_code == 200 and page.context["LANGUAGE_CODE"] == "ms"
