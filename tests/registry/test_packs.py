"""Area packs: GET /api/v1/registry/employers/pack, the employers of an officer's areas, with deltas."""

import gzip
import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from nforce.models import AuditEvent
from registry.models import Employer
from tests.factories import (
    KLANG,
    AreaFactory,
    EmployerFactory,
    EmploymentFactory,
    OfficeFactory,
    OperationFactory,
    UserFactory,
    near,
    square,
)

pytestmark = pytest.mark.django_db
KUANTAN = (103.3260, 3.8077)
URL = "/api/v1/registry/employers/pack"


@pytest.fixture
def office():
    return OfficeFactory(code="KLG")


@pytest.fixture
def klang_area(office):
    return AreaFactory(code="KLG-1", office=office, centre=KLANG)


@pytest.fixture
def packer(office, klang_area):
    from nforce.roles import Role

    return UserFactory(roles=[Role.OFFICER], home_office=office)


def fetch(api_as, user, since: str = "") -> dict:
    response = api_as(user).get(URL, {"since": since} if since else {})
    assert response.status_code == 200, response.content
    return response.json()


def test_the_pack_holds_the_employers_of_the_office_areas_and_never_persons(api_as, packer):
    inside = EmployerFactory(
        employer_code="A12345678901",
        name="RESTORAN SELERA KAMPUNG SDN. BHD.",
        trading_name="",
        ssm_new="201901000005",
        ssm_old="1312525-A",
        last_paid_month=date(2026, 10, 1),
    )
    EmploymentFactory(employer=inside)
    EmployerFactory(location=near(KUANTAN))  # another office's ground
    pack = fetch(api_as, packer)
    assert pack["full"] is True and pack["total"] == 1 and [a["code"] for a in pack["areas"]] == ["KLG-1"]
    row = dict(zip(pack["columns"], pack["employers"][0], strict=True))
    assert (
        row["code"] == "A12345678901" and row["ssm_new"] == "201901000005" and row["ssm_old"] == "1312525-A"
    )
    assert row["keys"] == "RESTORAN SELERA KAMPUNG" and row["last_paid"] == "2026-10"
    assert row["status"] in {"registered_contributing", "registered_not_contributing"}
    assert "Pekerja" not in json.dumps(pack) and "bin Ujian" not in json.dumps(pack)


def test_a_sync_with_the_version_sends_only_what_changed(api_as, packer):
    first, second = EmployerFactory(), EmployerFactory()
    version = fetch(api_as, packer)["version"]
    assert fetch(api_as, packer, version)["employers"] == []
    Employer.objects.filter(pk=second.pk).update(ceased_on=date(2026, 11, 30))
    delta = fetch(api_as, packer, version)
    assert delta["full"] is False and [row[0] for row in delta["employers"]] == [second.employer_code]
    assert delta["employers"][0][5] == "ceased" and delta["total"] == 2
    assert first.employer_code not in json.dumps(delta)


def test_an_import_rewriting_a_row_unchanged_sends_nothing(api_as, packer):
    employer = EmployerFactory()
    version = fetch(api_as, packer)["version"]
    Employer.objects.filter(pk=employer.pk).update(name=employer.name)
    assert fetch(api_as, packer, version)["employers"] == []


def test_an_employer_that_moved_out_of_the_areas_is_named_as_removed(api_as, packer):
    moving = EmployerFactory()
    version = fetch(api_as, packer)["version"]
    Employer.objects.filter(pk=moving.pk).update(location=near(KUANTAN))
    delta = fetch(api_as, packer, version)
    assert delta["removed"] == [moving.employer_code] and delta["total"] == 0


def test_a_version_of_another_set_of_areas_gets_the_whole_pack(api_as, packer, office):
    EmployerFactory()
    version = fetch(api_as, packer)["version"]
    AreaFactory(code="KTN-1", office=office, centre=KUANTAN)
    EmployerFactory(location=near(KUANTAN))
    pack = fetch(api_as, packer, version)
    assert pack["full"] is True and pack["total"] == len(pack["employers"]) == 2


def test_a_version_of_another_day_gets_the_whole_pack(api_as, packer):
    EmployerFactory()
    version = fetch(api_as, packer)["version"]
    yesterday = version.replace(version.split(".")[1], "2020-01-01")
    assert fetch(api_as, packer, yesterday)["full"] is True


@pytest.mark.parametrize("since", ["garbage", "1.2026-13-45.abcdefabcdef.1", "1.2026-12-01.xyz.1"])
def test_a_version_not_made_here_is_a_problem_naming_since(api_as, packer, since):
    response = api_as(packer).get(URL, {"since": since})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "since"


def test_an_officer_without_an_office_gets_an_empty_pack(api_as):
    from nforce.roles import Role

    EmployerFactory()
    pack = fetch(api_as, UserFactory(roles=[Role.OFFICER], home_office=None))
    assert pack["areas"] == [] and pack["employers"] == []


def test_each_download_is_audited_with_the_areas_and_the_count(api_as, packer):
    EmployerFactory(), EmployerFactory()
    fetch(api_as, packer)
    event = AuditEvent.objects.get(action="registry.area_pack")
    assert event.actor == packer and event.query["areas"] == ["KLG-1"] and event.result_count == 2


def test_the_pack_is_gzipped_for_a_phone_that_accepts_it(client, packer):
    EmployerFactory()
    client.force_login(packer)
    response = client.get(reverse("registry-api:employer-pack"), HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["total"] == 1
    assert "no-store" in response["Cache-Control"]


# --- operations: an officer sent elsewhere takes that ground's employers ---------------------------


@pytest.fixture
def kuantan_area():
    return AreaFactory(code="KTN-1", office=OfficeFactory(code="KTN"), centre=KUANTAN)


def sent_to_kuantan(packer, kuantan_area, **when):
    return OperationFactory(office=kuantan_area.office, areas=[kuantan_area], team=[packer], **when)


def test_an_officer_on_an_operation_in_another_state_takes_its_employers_the_day_before(
    api_as, packer, kuantan_area
):
    EmployerFactory(employer_code="C0000000001K", location=near(KUANTAN))
    starts = timezone.now() + timedelta(hours=20)
    sent_to_kuantan(packer, kuantan_area, starts_at=starts, ends_at=starts + timedelta(days=3))
    pack = fetch(api_as, packer)
    assert [area["code"] for area in pack["areas"]] == ["KLG-1", "KTN-1"]
    assert [row[0] for row in pack["employers"]] == ["C0000000001K"]


def test_an_operation_over_a_drawn_boundary_adds_the_areas_it_crosses(api_as, packer, kuantan_area):
    drawn = square((KUANTAN[0], KUANTAN[1] + 0.03), half_km=2)
    OperationFactory(office=kuantan_area.office, areas=[], boundary=drawn, team=[packer])
    assert [area["code"] for area in fetch(api_as, packer)["areas"]] == ["KLG-1", "KTN-1"]


@pytest.mark.parametrize("when", ["ended", "next_week", "not_in_team"])
def test_operations_past_far_off_or_of_another_team_add_no_areas(api_as, packer, kuantan_area, when):
    now, day = timezone.now(), timedelta(days=1)
    operation = sent_to_kuantan(
        packer,
        kuantan_area,
        starts_at={"ended": now - 3 * day, "next_week": now + 7 * day}.get(when, now - day),
        ends_at={"ended": now - day, "next_week": now + 9 * day}.get(when, now + day),
    )
    if when == "not_in_team":
        operation.team.clear()
    assert [area["code"] for area in fetch(api_as, packer)["areas"]] == ["KLG-1"]
