"""POST /api/v1/eligibility/invalidity and /survivors, by person and by hand."""

from datetime import date

import pytest
from django.utils import timezone

from eligibility.months import Month
from nforce.audit import identifier_hash
from nforce.models import AuditEvent
from tests.factories import worker_with_record

pytestmark = pytest.mark.django_db

INVALIDITY = "/api/v1/eligibility/invalidity"
SURVIVORS = "/api/v1/eligibility/survivors"


def months(first: str, last: str, wage: str = "3000.00", category: int = 1) -> list[dict]:
    return [
        {"month": str(month), "wage": wage, "category": category}
        for month in Month.parse(first).through(Month.parse(last))
    ]


E1_CALCULATOR = {
    "date_of_birth": "1980-05-10",
    "notice_date": "2025-01-15",
    "first_payable_month": "2005-01",
    "contributions": months("2005-01", "2024-12"),
}


def errors_of(response) -> dict[str, str]:
    return {error["field"]: error["message"] for error in response.json()["errors"]}


def test_calculator_mode_gives_the_e1_full_pension_with_its_numbers(api_as, officer):
    response = api_as(officer).post(INVALIDITY, E1_CALCULATOR, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["verdict"] == "full"
    assert (body["rate_percent"], body["average_monthly_wage"], body["monthly_pension"]) == (
        "65.00",
        "2950.00",
        "1917.50",
    )
    assert body["window"] == {"first": "2021-09", "last": "2024-12", "months_paid": 40}
    assert (body["n_months"], body["c_months"], body["shortfall_months"]) == (240, 240, None)
    assert {"window", "two_thirds", "one_third", "rate_full", "average_wage", "medical_board"} <= {
        reason["code"] for reason in body["reasons"]
    }
    assert all(reason["message"] for reason in body["reasons"])


def test_the_average_wage_is_shown_rounded_and_the_pension_paid_from_the_exact_one(api_as, officer):
    payload = {
        "date_of_birth": "1965-01-01",
        "notice_date": "2021-01-15",
        "contributions": months("2019-01", "2020-11", "1200.00") + months("2020-12", "2020-12", "1000.00"),
    }
    body = api_as(officer).post(INVALIDITY, payload, format="json").json()
    assert (body["average_monthly_wage"], body["monthly_pension"]) == ("1141.67", "570.83")
    pension = next(reason for reason in body["reasons"] if reason["code"] == "pension")
    assert pension["values"]["rounded"] is True
    assert "exact average wage" in pension["message"]


def test_calculator_mode_tells_the_shortfall_of_a_grant_case(api_as, officer):
    payload = {
        "date_of_birth": "1985-01-01",
        "notice_date": "2025-01-10",
        "contributions": months("2021-09", "2023-07"),
    }
    body = api_as(officer).post(INVALIDITY, payload, format="json").json()
    assert (body["verdict"], body["shortfall_months"], body["monthly_pension"]) == ("not_qualified", 1, None)
    assert "Invalidity Grant" in body["summary"]


def test_reasons_are_worded_in_malay_when_asked(api_as, officer):
    response = api_as(officer).post(INVALIDITY, E1_CALCULATOR, format="json", HTTP_ACCEPT_LANGUAGE="ms")
    assert response.status_code == 200
    assert response["Content-Language"] == "ms"


def test_person_mode_reads_the_record_and_audits_the_lookup_without_the_id(api_as, officer):
    person = worker_with_record(first="2005-01", last="2024-12", wage_sen=300_000, id_number="800510105431")
    response = api_as(officer).post(
        INVALIDITY, {"id_number": "800510-10-5431", "notice_date": "2025-01-15"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["monthly_pension"] == "1917.50"
    event = AuditEvent.objects.get(action="eligibility.invalidity")
    assert event.subject_hash == identifier_hash(person.id_number)
    assert event.actor == officer
    assert person.id_number not in str(event.query)


def test_an_unknown_id_number_is_a_404_naming_the_field_and_is_audited(api_as, officer):
    response = api_as(officer).post(
        INVALIDITY, {"id_number": "900101145555", "notice_date": "2025-01-15"}, format="json"
    )
    assert response.status_code == 404
    assert errors_of(response) == {"id_number": "No insured person has this ID number."}
    assert AuditEvent.objects.get(action="eligibility.invalidity").result_count == 0


def test_person_mode_refuses_a_record_typed_by_hand_as_well(api_as, officer):
    response = api_as(officer).post(
        INVALIDITY,
        {"id_number": "800510105431", "notice_date": "2025-01-15", "contributions": []},
        format="json",
    )
    assert response.status_code == 400
    assert "contributions" in errors_of(response)


def test_survivors_by_person_with_a_widow_pays_her_three_fifths(api_as, officer):
    worker_with_record(
        first="2015-07",
        last="2025-02",
        wage_sen=420_000,
        id_number="850707145553",
        date_of_birth=date(1985, 7, 7),
    )
    payload = {"id_number": "850707145553", "death_date": "2025-03-10", "dependants": [{"relation": "widow"}]}
    body = api_as(officer).post(SURVIVORS, payload, format="json").json()
    assert (body["verdict"], body["rate_percent"], body["full_rate"]) == ("full", "57.00", "2365.50")
    assert body["shares"] == [{"relation": "widow", "monthly_amount": "1419.30"}]


def test_survivors_of_a_pensioner_by_hand_share_the_pension_pro_rata(api_as, officer):
    payload = {
        "date_of_birth": "1980-05-10",
        "death_date": "2025-06-01",
        "contributions": [],
        "receiving_invalidity_pension": "1917.50",
        "dependants": [{"relation": "widow"}, {"relation": "child"}, {"relation": "child"}],
    }
    body = api_as(officer).post(SURVIVORS, payload, format="json").json()
    assert body["full_rate"] == "1917.50"
    assert [share["monthly_amount"] for share in body["shares"]] == ["821.78", "547.86", "547.86"]


def test_death_before_birth_by_person_is_a_400_naming_death_date(api_as, officer):
    worker_with_record(
        first="2015-07",
        last="2016-02",
        wage_sen=420_000,
        id_number="950707145553",
        date_of_birth=date(1995, 7, 7),
    )
    response = api_as(officer).post(
        SURVIVORS, {"id_number": "950707145553", "death_date": "1990-01-01"}, format="json"
    )
    assert response.status_code == 400
    assert list(errors_of(response)) == ["death_date"]


def _future() -> str:
    return (timezone.localdate().replace(day=1) + __import__("datetime").timedelta(days=40)).isoformat()


@pytest.mark.parametrize(
    ("url", "change", "field"),
    [
        (INVALIDITY, {"notice_date": "future"}, "notice_date"),
        (INVALIDITY, {"date_of_birth": "future"}, "date_of_birth"),
        (INVALIDITY, {"notice_date": "1979-01-01"}, "notice_date"),
        (INVALIDITY, {"notice_date": "15/01/2025"}, "notice_date"),
        (INVALIDITY, {"contributions": [{"month": "1979-12", "wage": "100.00"}]}, "contributions[0].month"),
        (INVALIDITY, {"contributions": [{"month": "2024-13", "wage": "100.00"}]}, "contributions[0].month"),
        (INVALIDITY, {"contributions": [{"month": "2024-1", "wage": "100.00"}]}, "contributions[0].month"),
        (INVALIDITY, {"contributions": [{"month": "2024-01", "wage": "-1.00"}]}, "contributions[0].wage"),
        (INVALIDITY, {"contributions": [{"month": "2024-01", "wage": "1.005"}]}, "contributions[0].wage"),
        (
            INVALIDITY,
            {"contributions": [{"month": "2024-01", "wage": "1", "category": 3}]},
            "contributions[0].category",
        ),
        (
            INVALIDITY,
            {"contributions": [{"month": "2024-01", "wage": "1"}, {"month": "2024-01", "wage": "2"}]},
            "contributions[1].month",
        ),
        (INVALIDITY, {"contributions": [{"month": "future", "wage": "1"}]}, "contributions[0].month"),
        (
            INVALIDITY,
            {"first_payable_month": "2024-06", "contributions": [{"month": "2024-01", "wage": "1"}]},
            "first_payable_month",
        ),
        (INVALIDITY, {"id_number": "80-05"}, "id_number"),
        (INVALIDITY, {"date_of_birth": None}, "date_of_birth"),
        (SURVIVORS, {"death_date": "1979-01-01"}, "death_date"),
        (
            SURVIVORS,
            {"death_date": "2024-06-15", "contributions": [{"month": "2024-07", "wage": "1"}]},
            "contributions[0].month",
        ),
        (SURVIVORS, {"receiving_invalidity_pension": "-5.00"}, "receiving_invalidity_pension"),
        (SURVIVORS, {"dependants": [{"relation": "cousin"}]}, "dependants[0].relation"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api_as, officer, url, change, field):
    payload = {"date_of_birth": "1980-05-10", "contributions": []}
    payload["notice_date" if url == INVALIDITY else "death_date"] = "2025-01-15"
    payload |= change
    if payload.get("notice_date") == "future":
        payload["notice_date"] = _future()
    if payload.get("date_of_birth") == "future":
        payload["date_of_birth"] = _future()
    if payload["contributions"] and payload["contributions"][0]["month"] == "future":
        payload["contributions"][0]["month"] = _future()[:7]
    if payload.get("date_of_birth") is None:
        del payload["date_of_birth"]
    if "id_number" in payload:
        del payload["date_of_birth"], payload["contributions"]
    response = api_as(officer).post(url, payload, format="json")
    assert response.status_code == 400, response.json()
    assert field in errors_of(response), response.json()


def test_anonymous_callers_are_refused(client):
    assert client.post(INVALIDITY, E1_CALCULATOR, content_type="application/json").status_code in (401, 403)


def test_a_user_without_a_role_is_refused(api_as, db):
    from tests.factories import UserFactory

    assert api_as(UserFactory()).post(INVALIDITY, E1_CALCULATOR, format="json").status_code == 403
