"""The pages: calculator, a person's eligibility (ID by POST), an employer's workers."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from eligibility.rules import Kind
from eligibility.verdicts import WORKERS_PER_PAGE
from nforce.models import AuditEvent
from tests.factories import EmployerFactory, worker_with_record

pytestmark = pytest.mark.django_db

CALCULATOR = reverse("eligibility:calculator")
PERSON = reverse("eligibility:person")
EMPLOYER = reverse("eligibility:employer")


def calculator_post(*periods, **fields):
    data = {
        "scheme": "invalidity",
        "on": "2025-01-15",
        "date_of_birth": "1980-05-10",
        "periods-TOTAL_FORMS": str(max(len(periods), 1)),
        "periods-INITIAL_FORMS": "0",
        "periods-MIN_NUM_FORMS": "0",
        "periods-MAX_NUM_FORMS": "60",
        "periods-0-category": "1",  # an empty row still sends its select's value, as a browser does
    }
    for row, (first, last, wage) in enumerate(periods):
        data |= {
            f"periods-{row}-first_month": first,
            f"periods-{row}-last_month": last,
            f"periods-{row}-wage": wage,
            f"periods-{row}-category": "1",
        }
    return data | fields


def inline_scripts(html: str) -> list[str]:
    return [tag for tag in re.findall(r"<script[^>]*>", html) if "src=" not in tag]


def test_the_calculator_page_is_where_the_navigation_points(client, officer):
    client.force_login(officer)
    page = client.get(CALCULATOR)
    assert page.status_code == 200
    assert b"Calculator: enter the record by hand" in page.content
    assert inline_scripts(page.content.decode()) == []


def test_the_calculator_asks_anonymous_users_to_log_in(client):
    assert client.get(CALCULATOR).status_code == 302


def test_the_calculator_gives_the_e1_verdict_in_words_with_the_month_grid(client, officer):
    client.force_login(officer)
    page = client.post(CALCULATOR, calculator_post(("2005-01", "2024-12", "3000")))
    assert page.status_code == 200
    result = page.context["result"]
    assert result["verdict"].kind is Kind.FULL
    assert result["pension"] == "RM1,917.50"
    html = page.content.decode()
    assert "Qualifies for the Invalidity Pension at the full rate: RM1,917.50 a month." in html
    assert [row.year for row in result["grid"]][:1] == [2005]
    assert html.count('class="paid in-window"') == 40
    assert "month of the notice or death" in html
    assert inline_scripts(html) == []


def test_overlapping_periods_are_refused_on_the_period_that_repeats_a_month(client, officer):
    client.force_login(officer)
    page = client.post(
        CALCULATOR, calculator_post(("2020-01", "2020-12", "2000"), ("2020-06", "2021-06", "2000"))
    )
    assert page.status_code == 422
    assert page.context["periods"].forms[1].non_field_errors() == [
        "2020-06: This month appears more than once. Give one line per month, with the total wage."
    ]
    assert "result" not in page.context


def test_a_month_before_birth_is_refused(client, officer):
    client.force_login(officer)
    page = client.post(CALCULATOR, calculator_post(("1979-01", "1980-12", "2000")))
    assert page.status_code == 422
    assert "before the date of birth" in page.context["periods"].forms[0].non_field_errors()[0]


def test_a_future_notice_date_is_refused(client, officer):
    client.force_login(officer)
    future = date(timezone.localdate().year + 1, 1, 1).isoformat()
    page = client.post(CALCULATOR, calculator_post(("2005-01", "2024-12", "3000"), on=future))
    assert page.status_code == 422
    assert page.context["form"].errors["on"] == ["This date is in the future."]


def test_the_calculator_shares_a_pensioners_survivors_pension(client, officer):
    client.force_login(officer)
    data = calculator_post(
        scheme="survivors",
        on="2025-06-01",
        receiving_pension="1917.50",
        widows="1",
        children="2",
        parents="0",
    )
    page = client.post(CALCULATOR, data)
    assert page.status_code == 200
    assert [amount for _, amount in page.context["result"]["shares"]] == ["RM821.78", "RM547.86", "RM547.86"]


def test_the_calculator_shows_the_average_rounded_and_says_the_pension_uses_the_exact_one(client, officer):
    client.force_login(officer)
    data = calculator_post(
        ("2019-01", "2020-11", "1200"), ("2020-12", "", "1000"), on="2021-01-15", date_of_birth="1965-01-01"
    )
    result = client.post(CALCULATOR, data).context["result"]
    assert (result["average_wage"], result["pension"]) == ("RM1,141.67", "RM570.83")
    assert any(
        "(shown rounded; the pension is worked out from the exact figure" in r for r in result["reasons"]
    )


def test_an_htmx_request_gets_only_the_panel(client, officer):
    client.force_login(officer)
    page = client.post(CALCULATOR, calculator_post(("2005-01", "2024-12", "3000")), HTTP_HX_REQUEST="true")
    html = page.content.decode()
    assert html.lstrip().startswith('<div id="eligibility-panel">')
    assert "<html" not in html


def test_a_person_is_checked_by_posting_the_id_and_the_lookup_is_audited(client, officer):
    worker_with_record(
        first="2005-01", last="2024-12", wage_sen=300_000, id_number="800510105431", name="Ali bin Abu"
    )
    client.force_login(officer)
    page = client.post(PERSON, {"id_number": "800510-10-5431", "notice_date": "2025-01-15"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ali bin Abu" in html
    assert "RM1,917.50" in html
    assert "800510105431" not in html.replace('value="800510105431"', "")
    assert (
        AuditEvent.objects.filter(action="eligibility.invalidity", actor=officer, result_count=1).count() == 1
    )


def test_a_person_check_without_a_date_is_as_of_today(client, officer):
    worker_with_record(first="2015-01", last="2016-12", wage_sen=200_000, id_number="880909105555")
    client.force_login(officer)
    page = client.post(PERSON, {"id_number": "880909105555"})
    assert page.context["result"]["verdict"].on == timezone.localdate()


def test_a_death_date_turns_the_check_into_a_survivors_pension(client, officer):
    worker_with_record(
        first="2015-07",
        last="2025-02",
        wage_sen=420_000,
        id_number="850707145553",
        date_of_birth=date(1985, 7, 7),
    )
    client.force_login(officer)
    page = client.post(PERSON, {"id_number": "850707145553", "death_date": "2025-03-10", "widows": "1"})
    assert page.context["result"]["full_rate"] == "RM2,365.50"
    assert page.context["result"]["shares"][0][1] == "RM1,419.30"


def test_an_unknown_id_number_is_told_on_the_form(client, officer):
    client.force_login(officer)
    page = client.post(PERSON, {"id_number": "900101145555"})
    assert page.status_code == 404
    assert page.context["form"].errors["id_number"] == ["No insured person has this ID number."]


def test_an_unknown_passport_number_is_to_be_checked_not_called_unregistered(client, officer):
    client.force_login(officer)
    page = client.post(PERSON, {"id_number": "B1234567"})
    assert page.status_code == 404
    assert page.context["form"].errors["id_number"] == [
        "No record for this number: check it against the passport."
    ]


def test_the_person_page_asks_for_the_id_in_a_form_not_the_url(client, officer):
    client.force_login(officer)
    page = client.get(PERSON)
    assert b'name="id_number"' in page.content
    assert b'method="post"' in page.content


def test_an_employers_current_workers_are_listed_with_their_verdicts(client, officer):
    employer = EmployerFactory(employer_code="EMP000000001")
    worker_with_record(employer=employer, first="2005-01", last="2024-12", wage_sen=300_000, name="Ah Kow")
    worker_with_record(employer=employer, first="2024-01", last="2024-06", wage_sen=300_000, name="Bala")
    client.force_login(officer)
    page = client.post(EMPLOYER, {"employer_code": "emp000000001"})
    assert page.status_code == 200
    rows = page.context["rows"]
    assert [row["name"] for row in rows] == ["Ah Kow", "Bala"]
    assert AuditEvent.objects.get(action="eligibility.employer").result_count == 2


def test_a_big_employer_s_workers_are_paged_and_the_page_says_each_one_is_a_lookup(client, officer):
    employer = EmployerFactory(employer_code="EMP000000002")
    for _ in range(WORKERS_PER_PAGE + 1):
        worker_with_record(employer=employer, first="2015-01", last="2024-12", wage_sen=300_000)
    client.force_login(officer)
    first = client.post(EMPLOYER, {"employer_code": "EMP000000002"})
    assert len(first.context["rows"]) == WORKERS_PER_PAGE
    page = first.content.decode()
    assert f"{WORKERS_PER_PAGE + 1} current workers" in page and "Page 1 of 2" in page
    assert "counts as one person lookup" in page
    assert '<input type="hidden" name="page" value="2">' in page
    second = client.post(EMPLOYER, {"employer_code": "EMP000000002", "page": "2"})
    assert len(second.context["rows"]) == 1 and "Page 2 of 2" in second.content.decode()
    assert AuditEvent.objects.filter(action="eligibility.worker").count() == WORKERS_PER_PAGE + 1


def test_an_unknown_employer_code_is_told_on_the_form(client, officer):
    client.force_login(officer)
    page = client.post(EMPLOYER, {"employer_code": "ZZZZZZZZZZZZ"})
    assert page.context["form"].errors["employer_code"] == ["No employer has this code."]


def test_the_employer_page_reads_a_code_written_with_dashes(client, officer):
    EmployerFactory(employer_code="EMP000000001")
    client.force_login(officer)
    page = client.post(EMPLOYER, {"employer_code": "EMP-0000-0000-1"})
    assert page.status_code == 200 and page.context["check"].employer.employer_code == "EMP000000001"


def test_a_malformed_employer_code_on_the_page_gets_the_registry_s_words(client, officer):
    client.force_login(officer)
    page = client.post(EMPLOYER, {"employer_code": "EMP-1"})
    assert page.status_code == 422
    expected = "An employer code has exactly 12 letters and digits; this one has 4."
    assert page.context["form"].errors["employer_code"] == [expected]
