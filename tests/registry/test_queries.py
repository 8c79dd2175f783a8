import logging
from datetime import date

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from django.urls import reverse

from nforce.audit import identifier_hash
from nforce.models import AuditEvent
from registry.models import ContributionYear, Employer, Employment, InsuredPerson
from registry.names import name_key
from registry.queries import (
    Match,
    check_person,
    employer_by_code,
    employers_by_registration_no,
    employers_matching,
    employers_near,
)
from registry.standing import StandingCode

TODAY = date(2026, 11, 29)
KLANG = Point(101.4450, 3.0449, srid=4326)


def _metres_east(point: Point, metres: float) -> Point:
    return Point(point.x + metres / 111_320, point.y, srid=4326)


def make_employer(code: str, name: str, *, trading_name: str = "", at: Point = KLANG, **extra) -> Employer:
    defaults = {
        "registered_on": date(2015, 3, 1),
        "last_paid_month": date(2026, 10, 1),
        "address": "Jalan Meru",
        "postcode": "41050",
        "state": "Selangor",
    }
    return Employer.objects.create(
        employer_code=code,
        name=name,
        trading_name=trading_name,
        name_key=name_key(name),
        trading_name_key=name_key(trading_name) if trading_name else "",
        location=at,
        **{**defaults, **extra},
    )


def make_person(id_number: str = "850707145553", **extra) -> InsuredPerson:
    defaults = {
        "name": "Ahmad bin Ali",
        "date_of_birth": date(1985, 7, 7),
        "gender": "M",
        "registered_on": date(2015, 7, 1),
    }
    return InsuredPerson.objects.create(id_number=id_number, **{**defaults, **extra})


def pay(person: InsuredPerson, employer: Employer, year: int, months: range, wage_sen: int = 420_000) -> None:
    wages = [wage_sen if m + 1 in months else None for m in range(12)]
    ContributionYear.objects.create(person=person, employer=employer, year=year, category=1, wages_sen=wages)


@pytest.fixture
def selera(db):
    return make_employer(
        "E12345678901",
        "Restoran Selera Kampung Sdn Bhd",
        trading_name="Selera Kampung",
        ssm_new="201901000005",
        ssm_old="1312525-A",
        business_registration_no="201901000005 (1312525-A)",
    )


def test_exact_code_finds_the_employer_and_says_so(selera):
    [found] = employer_by_code("E12345678901", on=TODAY)
    assert found.employer == selera
    assert found.match == Match.EMPLOYER_CODE
    assert found.standing.code == StandingCode.CONTRIBUTING


def test_either_ssm_format_finds_the_employer(selera):
    assert [r.employer for r in employers_by_registration_no(new="201901000005", old=None, on=TODAY)] == [
        selera
    ]
    assert [r.employer for r in employers_by_registration_no(new=None, old="1312525-A", on=TODAY)] == [selera]


def test_a_misspelt_signboard_name_finds_the_registered_business(selera):
    make_employer("E00000000002", "Bengkel Motor Ah Seng")
    results = employers_matching("restoran slera kampong", on=TODAY)
    assert results[0].employer == selera
    assert results[0].match == Match.NAME
    assert 0.3 <= results[0].score < 1


def test_word_order_does_not_hide_a_business(selera):
    results = employers_matching("Kampung Selera Restoran", on=TODAY)
    assert results[0].employer == selera


def test_a_twelve_letter_signboard_is_searched_as_a_name_when_no_code_matches(api_as, officer, db):
    shop = make_employer("E00000000011", "Keong Kuantan Sdn Bhd")
    response = api_as(officer).post(
        reverse("registry-api:employer-search"), {"q": "Keont Kuantan"}, format="json"
    )
    assert [r["employer_code"] for r in response.json()["results"]] == [shop.employer_code]
    assert response.json()["results"][0]["match"] == "name"


def test_company_words_alone_are_too_short_to_search(selera):
    assert employers_matching("Sdn Bhd", on=TODAY) == []


def test_near_me_lists_nearest_first_within_the_radius(db):
    far = make_employer("E00000000003", "Kedai Runcit Jauh", at=_metres_east(KLANG, 900))
    close = make_employer("E00000000004", "Kedai Runcit Dekat", at=_metres_east(KLANG, 50))
    middle = make_employer("E00000000005", "Dobi Tengah", at=_metres_east(KLANG, 300))
    results = employers_near(point=KLANG, radius_m=500, on=TODAY)
    assert [r.employer for r in results] == [close, middle]
    assert 45 < results[0].distance_m < 55
    assert far not in [r.employer for r in results]


def test_a_name_near_me_puts_the_nearby_business_first(db):
    elsewhere = make_employer("E00000000006", "Kedai Runcit Maju", at=Point(103.75, 1.46, srid=4326))
    nearby = make_employer("E00000000007", "Kedai Runcit Maju", at=_metres_east(KLANG, 120))
    results = employers_matching("kedai runcit maju", on=TODAY, near=KLANG, radius_m=500)
    assert [r.employer for r in results] == [nearby, elsewhere]
    assert results[0].distance_m < 130 and results[1].distance_m > 100_000


def test_an_employer_with_nothing_paid_for_months_says_how_many(db):
    make_employer("E00000000008", "Dobi Bersih", last_paid_month=date(2026, 4, 1))
    [found] = employer_by_code("E00000000008", on=TODAY)
    assert found.standing.code == StandingCode.NOT_CONTRIBUTING
    assert found.standing.months_without == 6  # May to October


def test_a_ceased_employer_is_ceased_whatever_it_paid(db):
    make_employer("E00000000009", "Kedai Lama", ceased_on=date(2020, 6, 30))
    [found] = employer_by_code("E00000000009", on=TODAY)
    assert found.standing.code == StandingCode.CEASED


def test_person_check_gives_employer_last_paid_month_and_months_paid(selera, django_assert_num_queries):
    person = make_person()
    Employment.objects.create(person=person, employer=selera, started_on=date(2015, 7, 1))
    pay(person, selera, 2025, range(1, 13))
    pay(person, selera, 2026, range(1, 8))
    with django_assert_num_queries(1):
        check = check_person("850707145553", on=TODAY)
    assert check.registered
    assert [e.employer_code for e in check.employers] == ["E12345678901"]
    assert check.last_paid_month == date(2026, 7, 1)
    assert check.months_paid_last_12 == 9  # Nov 2025 .. Jul 2026
    assert not check.contributing


def test_a_month_paid_by_two_employers_counts_once(selera):
    other = make_employer("E00000000010", "Kedai Kedua")
    person = make_person()
    pay(person, selera, 2026, range(1, 11))
    pay(person, other, 2026, range(5, 11))
    assert check_person(person.id_number, on=TODAY).months_paid_last_12 == 10


def test_an_unknown_id_is_not_registered(db):
    check = check_person("900101105555", on=TODAY)
    assert (check.registered, check.finding) == (False, "not_registered")


def test_an_unknown_passport_number_is_no_record_not_unregistered(db):
    """A passport number has no check: a mistyped one must not start an enforcement case."""
    check = check_person("B1234567", on=TODAY)
    assert (check.registered, check.finding) == (False, "no_record")


def test_the_check_page_asks_to_check_an_unknown_passport_and_offers_no_record_of_it(client, officer, db):
    client.force_login(officer)
    page = client.post(reverse("registry:check-results"), {"q": "B1234567"}).content.decode()
    assert "No record for this number: check it against the passport." in page
    assert "Not registered" not in page
    assert "record-check" not in page


def test_the_api_says_no_record_for_an_unknown_passport(api_as, officer, db):
    body = (
        api_as(officer)
        .post(reverse("registry-api:person-check"), {"id_number": "B1234567"}, format="json")
        .json()
    )
    assert (body["registered"], body["finding"]) == (False, "no_record")
    assert body["status_text"] == "No record for this number: check it against the passport."


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("890A31-17-1224", "A MyKad number has only digits"),
        ("770305-00", "A MyKad number has 12 digits; this one has 8."),
    ],
)
def test_the_check_page_refuses_what_is_written_as_a_mykad_with_the_mykad_message(
    client, officer, db, typed, message
):
    client.force_login(officer)
    response = client.post(reverse("registry:check-results"), {"q": typed})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not AuditEvent.objects.exists()


def test_name_search_uses_the_trigram_index(selera):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT id FROM registry_employer ORDER BY name_key <-> 'SELERA' LIMIT 20")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "employer_name_trgm" in plan


def test_person_record_is_read_by_primary_key_range(db):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT year, wages_sen FROM registry_contributionyear WHERE person_id = 1")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "registry_contributionyear_pkey" in plan


# --- API ---------------------------------------------------------------------------------------


def test_api_search_by_name_returns_the_contract_fields(api_as, officer, selera):
    response = api_as(officer).post(
        reverse("registry-api:employer-search"),
        {"q": "Selera Kampung", "lat": 3.0449, "lon": 101.4452},
        format="json",
    )
    assert response.status_code == 200
    [result] = response.json()["results"]
    for key in (
        "employer_code",
        "business_registration_no",
        "name",
        "status",
        "contributing",
        "last_paid_month",
        "match",
        "score",
        "distance_m",
        "lat",
        "lon",
    ):
        assert key in result
    assert result["employer_code"] == "E12345678901"
    assert result["status"] == "registered_contributing"
    assert result["last_paid_month"] == "2026-10"
    assert result["match"] == "name"
    assert result["distance_m"] < 50


def test_api_search_by_old_ssm_without_dash(api_as, officer, selera):
    response = api_as(officer).post(reverse("registry-api:employer-search"), {"q": "1312525A"}, format="json")
    assert [r["match"] for r in response.json()["results"]] == ["registration_no"]


def test_api_search_needs_something_to_search_for(api_as, officer, db):
    response = api_as(officer).post(reverse("registry-api:employer-search"), {}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "q"


def test_api_search_refuses_a_position_outside_malaysia(api_as, officer, db):
    response = api_as(officer).post(
        reverse("registry-api:employer-search"), {"lat": 51.5, "lon": -0.12}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "lat"


def test_api_search_reads_latitude_and_longitude_as_well_as_lat_and_lon(api_as, officer, selera):
    url = reverse("registry-api:employer-search")
    short = api_as(officer).post(url, {"lat": 3.0449, "lon": 101.4452}, format="json").json()
    spelled = api_as(officer).post(url, {"latitude": 3.0449, "longitude": 101.4452}, format="json").json()
    assert short == spelled and [r["employer_code"] for r in spelled["results"]] == ["E12345678901"]


def test_api_search_names_the_missing_coordinate(api_as, officer, db):
    response = api_as(officer).post(reverse("registry-api:employer-search"), {"lat": 3.04}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "lon", "message": "Give both latitude and longitude, or neither."}
    ]


def test_every_employer_lookup_is_audited_with_position(api_as, officer, selera):
    api_as(officer).post(
        reverse("registry-api:employer-search"),
        {"q": "E12345678901", "lat": 3.04, "lon": 101.44},
        format="json",
    )
    event = AuditEvent.objects.get(action="employer.search")
    assert event.actor == officer
    assert event.result_count == 1
    assert event.query["q"] == "E###########"  # 6+ digits in a row may be an ID: never kept as typed
    assert event.query["employers"] == [selera.pk]
    assert event.location is not None


def test_api_person_check_answers_without_name_or_birth_date(api_as, officer, selera):
    person = make_person()
    Employment.objects.create(person=person, employer=selera, started_on=date(2015, 7, 1))
    response = api_as(officer).post(
        reverse("registry-api:person-check"), {"id_number": "850707-14-5553"}, format="json"
    )
    body = response.json()
    assert response.status_code == 200
    assert body["registered"] is True
    assert body["employers"][0]["employer_code"] == "E12345678901"
    assert "Ahmad" not in response.content.decode()
    assert "1985" not in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]


def test_api_person_check_rejects_a_malformed_id_naming_the_field(api_as, officer, db):
    response = api_as(officer).post(
        reverse("registry-api:person-check"), {"id_number": "851332-14-5553"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "id_number"


def test_person_checks_are_audited_with_a_hash_never_the_id(api_as, officer, db, caplog):
    caplog.set_level(logging.DEBUG)
    api_as(officer).post(reverse("registry-api:person-check"), {"id_number": "900101105555"}, format="json")
    event = AuditEvent.objects.get(action="person.check")
    assert event.subject_hash == identifier_hash("900101105555")
    assert event.result_count == 0
    assert "900101105555" not in str(event.query)
    assert "900101105555" not in caplog.text


def test_a_mykad_typed_in_the_employer_box_is_audited_as_a_hash(api_as, officer, db):
    api_as(officer).post(reverse("registry-api:employer-search"), {"q": "900101-10-5555"}, format="json")
    event = AuditEvent.objects.get(action="employer.search")
    assert "q" not in event.query
    assert event.subject_hash == identifier_hash("900101105555")


def test_api_lookups_need_a_role(api_as, db):
    from tests.factories import UserFactory

    response = api_as(UserFactory()).post(
        reverse("registry-api:employer-search"), {"q": "abc"}, format="json"
    )
    assert response.status_code == 403


# --- page ----------------------------------------------------------------------------------------


def test_check_page_shows_results_as_the_officer_types(client, officer, selera):
    client.force_login(officer)
    assert client.get(reverse("registry:check")).status_code == 200
    response = client.post(reverse("registry:check-results"), {"q": "selera kampung"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "Selera Kampung" in page
    assert "Registered, contributing" in page
    assert "E12345678901" in page


def test_a_mykad_in_the_check_box_gives_the_worker_check(client, officer, selera):
    make_person()
    client.force_login(officer)
    response = client.post(reverse("registry:check-results"), {"q": "850707-14-5553"})
    page = response.content.decode()
    assert "Months paid in the last 12" in page
    assert "Ahmad" not in page


def test_check_page_explains_a_bad_id_number(client, officer, db):
    client.force_login(officer)
    response = client.post(reverse("registry:person-result"), {"id_number": "12345"})
    assert response.status_code == 422
    assert "error" in response.content.decode()


@pytest.mark.parametrize(
    "position", [{"latitude": "3.0449", "longitude": "101.4452"}, {"lat": "3.0449", "lon": "101.4452"}]
)
def test_near_me_on_the_check_page_reads_either_spelling(client, officer, selera, position):
    client.force_login(officer)
    response = client.post(reverse("registry:check-results"), position)
    assert response.status_code == 200 and "E12345678901" in response.content.decode()
    assert AuditEvent.objects.get(action="employer.search").location is not None


def test_a_position_outside_malaysia_on_the_check_page_is_said_without_a_field_label(client, officer, db):
    client.force_login(officer)
    response = client.post(reverse("registry:check-results"), {"q": "kedai", "lat": "51.5", "lon": "-0.12"})
    assert response.status_code == 422
    assert "<p>This position is outside Malaysia.</p>" in response.content.decode()


def test_the_check_page_has_the_hidden_position_inputs_its_script_fills(client, officer, db):
    client.force_login(officer)
    page = client.get(reverse("registry:check")).content.decode()
    assert page.count('name="latitude"') == 2 and page.count('name="longitude"') == 2


def test_check_page_in_malay(client, officer, selera):
    client.force_login(officer)
    client.post(reverse("set_language"), {"language": "ms", "next": "/"})
    page = client.post(reverse("registry:check-results"), {"q": "E12345678901"}).content.decode()
    assert "Berdaftar, mencarum" in page


def test_person_check_names_current_employers_newest_first_by_the_name_on_their_signboard(selera):
    person = make_person("A12345678", nationality="NP")
    older = make_employer("E00000000031", "Ladang Sawit Murni Sdn Bhd")
    Employment.objects.create(person=person, employer=older, started_on=date(2020, 1, 1))
    Employment.objects.create(person=person, employer=selera, started_on=date(2024, 5, 1))
    former = make_employer("E00000000032", "Bengkel Lama")
    Employment.objects.create(
        person=person, employer=former, started_on=date(2018, 1, 1), ended_on=date(2019, 12, 31)
    )
    check = check_person("A12345678", on=TODAY)
    assert [(e.employer_code, e.name, e.since) for e in check.employers] == [
        ("E12345678901", "Selera Kampung", date(2024, 5, 1)),
        ("E00000000031", "Ladang Sawit Murni Sdn Bhd", date(2020, 1, 1)),
    ]
    assert check.foreign_worker and check.last_paid_month is None and not check.contributing
