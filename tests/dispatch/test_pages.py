"""The inspector's and the supervisor's pages."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from dispatch.models import Assignment
from tests.factories import (
    KLANG,
    AssignmentFactory,
    DetectionFactory,
    EmployerFactory,
    InspectorFactory,
    PremisesFactory,
    UserFactory,
    near,
)

pytestmark = pytest.mark.django_db


def test_my_premises_shows_the_map_data_and_the_list(client, klang_inspector):
    case = AssignmentFactory(inspector=klang_inspector, premises=PremisesFactory(name="Kedai Makan Ah Seng"))
    client.force_login(klang_inspector.user)
    page = client.get(reverse("dispatch:mine"))
    assert page.status_code == 200
    features = page.context["features"]["features"]
    assert [f["id"] for f in features] == [case.pk]
    assert b'id="premises-map"' in page.content and b'id="premises-data"' in page.content
    assert b"Kedai Makan Ah Seng" in page.content
    assert b"<script>" not in page.content  # data goes through json_script only (CSP)


def test_overdue_cases_are_marked_in_words_not_colour_only(client, klang_inspector):
    AssignmentFactory(inspector=klang_inspector, due_on=timezone.localdate() - timedelta(days=2))
    client.force_login(klang_inspector.user)
    assert b"Overdue: due" in client.get(reverse("dispatch:mine")).content


def test_the_list_is_sorted_from_where_the_inspector_stands(client, klang_inspector):
    north = AssignmentFactory(
        inspector=klang_inspector, premises=PremisesFactory(location=near(KLANG, north_km=4))
    )
    south = AssignmentFactory(
        inspector=klang_inspector, premises=PremisesFactory(location=near(KLANG, north_km=-4))
    )
    client.force_login(klang_inspector.user)
    here = near(KLANG, north_km=-3)
    for position in ({"latitude": here.y, "longitude": here.x}, {"lat": here.y, "lon": here.x}):
        page = client.get(reverse("dispatch:mine-list"), position)
        assert [a.pk for a in page.context["assignments"]] == [south.pk, north.pk]
        assert b"1.0 km away" in page.content


def test_the_list_without_a_usable_position_is_sorted_from_the_base(client, klang_inspector):
    AssignmentFactory(inspector=klang_inspector)
    client.force_login(klang_inspector.user)
    page = client.get(reverse("dispatch:mine-list"), {"latitude": "north", "longitude": "101.4"})
    assert page.status_code == 200 and len(page.context["assignments"]) == 1


def test_a_user_in_the_inspector_group_without_a_profile_is_told_what_to_do(client, inspector):
    client.force_login(inspector)
    assert b"not set up as an inspector yet" in client.get(reverse("dispatch:mine")).content


def test_officers_cannot_open_my_premises(client, officer):
    client.force_login(officer)
    assert client.get(reverse("dispatch:mine")).status_code == 403


def test_the_detail_shows_the_detections_behind_it_and_a_navigation_link(client, klang_inspector):
    case = AssignmentFactory(inspector=klang_inspector)
    DetectionFactory(premises=case.premises, notes="Enam pekerja asing di dapur")
    client.force_login(klang_inspector.user)
    page = client.get(reverse("dispatch:assignment", args=[case.pk]))
    assert b"Enam pekerja asing di dapur" in page.content
    assert b"https://www.google.com/maps/dir/?api=1&amp;destination=" in page.content
    assert b"geo:3.04" in page.content


def test_another_inspectors_assignment_page_is_not_found(client, klang_inspector):
    case = AssignmentFactory(inspector=InspectorFactory())
    client.force_login(klang_inspector.user)
    assert client.get(reverse("dispatch:assignment", args=[case.pk])).status_code == 404


def test_recording_registered_on_the_page_closes_the_case(client, klang_inspector):
    EmployerFactory(employer_code="C11112222333")
    case = AssignmentFactory(inspector=klang_inspector)
    client.force_login(klang_inspector.user)
    form = {
        "outcome": "registered",
        "employer_code": "C11112222333",
        "latitude": "3.0449",
        "longitude": "101.445",
    }
    response = client.post(reverse("dispatch:outcome", args=[case.pk]), form, follow=True)
    assert response.redirect_chain[-1][0] == reverse("dispatch:mine")
    assert b"The case is closed." in response.content
    case.refresh_from_db()
    assert case.status == Assignment.Status.CLOSED and case.employer.employer_code == "C11112222333"


def test_a_position_that_is_not_one_on_the_outcome_page_is_said_and_nothing_is_recorded(
    client, klang_inspector
):
    case = AssignmentFactory(inspector=klang_inspector)
    client.force_login(klang_inspector.user)
    form = {"outcome": "moved", "latitude": "3.04", "longitude": "east"}
    response = client.post(reverse("dispatch:outcome", args=[case.pk]), form)
    assert response.status_code == 422
    assert "Give both latitude and longitude, as numbers." in response.content.decode()
    case.refresh_from_db()
    assert case.status == Assignment.Status.OPEN


def test_half_a_position_on_the_outcome_page_is_no_position(client, klang_inspector):
    case = AssignmentFactory(inspector=klang_inspector)
    client.force_login(klang_inspector.user)
    client.post(reverse("dispatch:outcome", args=[case.pk]), {"outcome": "moved", "latitude": "3.04"})
    case.refresh_from_db()
    assert case.status == Assignment.Status.CLOSED and case.visit_location is None


def test_an_unknown_employer_code_on_the_page_is_shown_beside_the_field(client, klang_inspector):
    case = AssignmentFactory(inspector=klang_inspector)
    client.force_login(klang_inspector.user)
    response = client.post(
        reverse("dispatch:outcome", args=[case.pk]),
        {"outcome": "registered", "employer_code": "Z99999999999"},
    )
    assert response.status_code == 422
    assert (
        response.context["form"].errors["employer_code"][0].startswith("No employer with code Z99999999999")
    )


def test_the_supervisor_queue_says_why_each_premises_waits(client, supervisor, klang, far_area):
    for area in (klang, far_area):
        area.office = supervisor.home_office
        area.save()
    InspectorFactory(areas=[klang], capacity=0)
    PremisesFactory(name="Kedai Tiada Kawasan", location=near(KLANG, north_km=60))
    PremisesFactory(name="Kedai Kuantan", location=near((103.3260, 3.8077)))
    PremisesFactory(name="Kedai Klang Penuh")
    client.force_login(supervisor)
    page = client.get(reverse("dispatch:queue"))
    reasons = {entry.premises.name: entry.reason for entry in page.context["entries"]}
    assert reasons == {  # outside every area: no office's, for administrators only
        "Kedai Kuantan": "nobody_serves_area",
        "Kedai Klang Penuh": "all_at_capacity",
    }
    assert b"Every inspector of the area is at capacity" in page.content
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get(reverse("dispatch:queue"))
    assert {entry.premises.name: entry.reason for entry in page.context["entries"]}[
        "Kedai Tiada Kawasan"
    ] == ("no_area")


def test_the_supervisor_moves_cases_from_the_reassign_page(client, supervisor, klang):
    office = supervisor.home_office
    source = InspectorFactory(areas=[klang], user__home_office=office)
    target = InspectorFactory(areas=[klang], user__home_office=office)
    cases = [AssignmentFactory(inspector=source, premises=PremisesFactory()) for _ in range(2)]
    client.force_login(supervisor)
    url = reverse("dispatch:reassign")
    assert client.get(url, {"inspector": source.pk}).status_code == 200
    data = {"from_inspector": source.pk, "assignments": [c.pk for c in cases], "to_inspector": target.pk}
    response = client.post(url, data)
    assert response.status_code == 302
    assert target.assignments.live().count() == 2


def test_inspectors_cannot_see_the_queue(client, klang_inspector):
    client.force_login(klang_inspector.user)
    assert client.get(reverse("dispatch:queue")).status_code == 403


def test_a_supervisor_only_moves_cases_of_their_own_offices_inspectors(client, supervisor, klang):
    stranger = InspectorFactory(areas=[klang])  # another office
    AssignmentFactory(inspector=stranger, premises=PremisesFactory())
    client.force_login(supervisor)
    page = client.get(reverse("dispatch:reassign"), {"inspector": stranger.pk})
    assert list(page.context["form"].fields["assignments"].queryset) == []


def test_the_outcome_form_sent_twice_records_the_notice_once(client, klang_inspector):
    case = AssignmentFactory(inspector=klang_inspector)
    client.force_login(klang_inspector.user)
    shown = client.get(reverse("dispatch:assignment", args=[case.pk])).context["form"]
    form = {
        "outcome": "notice_issued",
        "notes": "Notis 8(1)",
        "client_uuid": str(shown.initial["client_uuid"]),
    }
    for _ in range(2):
        response = client.post(reverse("dispatch:outcome", args=[case.pk]), form)
        assert response.status_code == 302
    case.refresh_from_db()
    assert case.notes == "Notis 8(1)" and case.outcome_records.count() == 1


# --- dates for the reader (issue 20) ---------------------------------------------------------------

MALAY_MONTHS = ("Januari", "Februari", "Mac", "April", "Mei", "Jun", "Julai", "Ogos", "September", "Oktober")
MALAY_MONTHS += ("November", "Disember")


def _in_malay(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ms"
    return client


def test_the_due_date_is_written_out_in_malay_on_the_list_the_map_and_the_case(client, klang_inspector):
    case = AssignmentFactory(inspector=klang_inspector, due_on=date(2030, 3, 14))
    _in_malay(client).force_login(klang_inspector.user)
    page = client.get(reverse("dispatch:mine"))
    assert "Tarikh akhir 14 Mac 2030" in page.content.decode()
    assert "2030-03-14" not in page.content.decode().split('id="premises-data"')[0]
    assert page.context["features"]["features"][0]["properties"]["due_text"] == "14 Mac 2030"
    detail = client.get(reverse("dispatch:assignment", args=[case.pk]))
    assert "Tarikh akhir 14 Mac 2030" in detail.content.decode()


def test_the_follow_up_date_after_an_outcome_is_written_out_in_malay(client, klang_inspector):
    case = AssignmentFactory(inspector=klang_inspector)
    _in_malay(client).force_login(klang_inspector.user)
    form = {"outcome": "notice_issued", "latitude": "3.0449", "longitude": "101.445"}
    response = client.post(reverse("dispatch:outcome", args=[case.pk]), form, follow=True)
    case.refresh_from_db()
    due = case.due_on
    written = f"Buat susulan selewat-lewatnya {due.day} {MALAY_MONTHS[due.month - 1]} {due.year}."
    assert written in response.content.decode()
    assert due.isoformat() not in response.content.decode().split('id="premises-data"')[0]


def test_the_cases_to_move_show_their_due_date_written_out(client, supervisor, klang):
    source = InspectorFactory(areas=[klang], user__home_office=supervisor.home_office)
    premises = PremisesFactory(name="Kedai Besi Hock")
    AssignmentFactory(inspector=source, premises=premises, due_on=date(2030, 8, 2))
    _in_malay(client).force_login(supervisor)
    page = client.get(reverse("dispatch:reassign"), {"inspector": source.pk})
    assert "Kedai Besi Hock · KLG-T · tarikh akhir 2 Ogos 2030" in page.content.decode()
