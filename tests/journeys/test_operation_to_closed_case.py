"""An operation's find, from the shop to the closed case, on three phones, in English and Malay.

SUP001's detection operation runs over Klang (KLG-1) with OFF001 and INS001 in its team. The
officer sees it on the check and record pages and records an unregistered motor workshop with
its signboard photo and two workers found on site (MyKad numbers the registry does not have): the
detection counts for the operation and opens a case (s.4, and s.5 for the two workers). The
dispatch run, in a real Celery worker, hands the case to INS001, who issues the notice and the
compound, prints both (their text read with pdftotext) and records the payment. The registry
import (`import_registry`) brings the business and its two workers; reconciliation, in the worker
as beat runs it, closes the case. The supervisor's operation report counts it all, on the page
and in GET /api/v1/operations/{id}/report. Every page passes axe-core (no serious or critical
violation) and is photographed into test-artifacts/journeys/<lang>/operation-to-closed-case-*.png.
"""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from detection.models import Detection, Operation
from detection.operations import day_of, plan_operation
from detection.planning import read_plan
from enforcement.models import Case, CaseEvent, Section
from enforcement.tasks import reconcile_cases_task
from tests.browser.conftest import wait_until
from tests.factories import ensure_compound_schedule
from tests.pdf import pdf_text

from .conftest import Journey, send_the_record_with_a_photo, write_report

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

NAME = "operation-to-closed-case"
OPERATION = "OPS-KLANG-SELATAN"
SHOP = "Bengkel Motor Jaya Abadi"
NEW_CODE = "B2600000888J"  # the employer code the workshop gets when it registers
RECEIPT = "KLG-R-2026-004417"
# Two Malaysians working there, not in the registry yet: (MyKad as typed, name, born, gender).
WORKERS = (
    ("900214-10-5327", "Ahmad bin Salleh", "1990-02-14", "M"),
    ("930825-08-6122", "Siti Aminah binti Yusof", "1993-08-25", "F"),
)


# --- the supervisor's operation ------------------------------------------------------------------


def supervisor_plans_the_operation(klang) -> Operation:
    """Started two days ago, for a week, over KLG-1: planned as the planning page plans it."""
    now = timezone.now()
    plan = read_plan(
        user=klang.supervisor,
        office=klang.supervisor.home_office,
        code=OPERATION,
        name="Operasi Klang Selatan",
        kind=Operation.Kind.DETECTION,
        starts_at=now - timedelta(days=2),
        ends_at=now + timedelta(days=5),
        area_codes=["KLG-1"],
        staff_numbers=[klang.officer.staff_number, klang.inspector.staff_number],
    )
    assert not plan.errors, plan.errors
    return plan_operation(by=klang.supervisor, **plan.values)


def running_badge(journey: Journey, operation: Operation) -> str:
    day = day_of(operation, timezone.now())
    return journey.t("Operation %(code)s · day %(day)s") % {"code": operation.code, "day": day}


# --- the officer ---------------------------------------------------------------------------------


def officer_finds_the_workshop_unregistered(journey: Journey, page, operation: Operation) -> None:
    journey.page_done(page, "officer-home")
    page.click(f".mainnav a:text-is('{journey.t('Check')}')")
    page.wait_for_selector("#check-form")
    assert page.inner_text("#running-operation") == running_badge(journey, operation)
    page.wait_for_function("() => document.querySelector('#check-form input[name=latitude]').value !== ''")
    page.fill("#id_q", SHOP)
    page.wait_for_selector(f"#results strong:text-is('{journey.t('No registered business found.')}')")
    journey.page_done(page, "officer-check-not-found")
    page.click(f"a:text-is('{journey.t('Not in the list? Record unregistered premises')}')")
    page.wait_for_selector("#record-form")


def officer_records_it_with_two_workers(journey: Journey, page, operation: Operation) -> Detection:
    assert page.inner_text("#running-operation") == running_badge(journey, operation)
    assert page.inner_text("label[for=id_workers_found]") == journey.t("Workers found on site (optional)")
    page.wait_for_selector("#position-status[data-state=good]")
    journey.page_done(page, "officer-record")
    page.fill("#id_premises_name", SHOP)
    page.fill("#id_kind", journey.t("motor workshop"))
    page.fill("#id_workers_seen", "2")
    page.fill("#id_workers_found", "\n".join(f"{number}, {name}" for number, name, *_ in WORKERS))
    detection = send_the_record_with_a_photo(journey, page, SHOP)
    assert detection.operation_id == operation.pk, "the detection does not count for the operation"
    assert detection.photo, "the signboard photo did not reach the office"
    assert detection.premises.area.code == "KLG-1"
    assert sorted(detection.workers.values_list("registered", "foreign")) == [(False, False)] * 2
    return detection


def the_detection_opened_a_case(page, detection: Detection, operation: Operation) -> Case:
    wait_until(page, lambda: Case.objects.filter(premises=detection.premises).exists())
    case = Case.objects.get(premises=detection.premises)
    assert (case.state, case.operation_id) == ("open", operation.pk)
    findings = {f.section: (f.workers, f.foreign_workers) for f in case.findings.all()}
    assert Section.ACT4_S4 in findings, findings
    assert findings[Section.ACT4_S5] == (2, 0), findings  # the two workers, both Malaysian
    return case


def dispatch_hands_the_case_to_the_inspector(page, case: Case, inspector) -> None:
    """Storing the premises enqueued a dispatch run (dispatch.receivers); the worker places the
    premises and its case follows it to the inspector of KLG-1."""
    wait_until(page, lambda: Case.objects.filter(pk=case.pk, inspector=inspector).exists(), seconds=60)
    assert CaseEvent.objects.filter(case=case, action="hand_to").exists()


# --- the inspector -------------------------------------------------------------------------------


def inspector_opens_the_case(journey: Journey, page) -> None:
    journey.page_done(page, "inspector-home")
    page.click(f".mainnav a:text-is('{journey.t('My cases')}')")
    assert page.inner_text("main h1") == journey.t("My cases")
    card = page.locator("main .results > li")
    assert card.count() == 1
    assert card.locator(".badge").inner_text() == journey.t("open")
    journey.page_done(page, "inspector-my-cases")
    card.locator(f"h2 a:text-is('{SHOP}')").click()
    page.wait_for_selector("form[data-action=notice]")
    assert page.inner_text("main h1") == SHOP
    findings = page.locator("main ul.results").first.inner_text()
    assert journey.t("Act 4 s.4: employer not registered") in findings
    assert journey.t("Act 4 s.5: employee not registered") in findings
    journey.page_done(page, "inspector-case")


def inspector_acts(journey: Journey, page, action: str, label: str, step: str, **fields: str) -> None:
    """One action form of the case page, sent once the phone's position is in it."""
    form = f"form[data-action={action}]"
    page.wait_for_function(
        f"() => document.querySelector('{form} input[name=latitude]').value !== ''", timeout=20_000
    )
    for name, value in fields.items():
        page.fill(f"{form} [name={name}]", value)
    button = page.locator(f"{form} button[type=submit]")
    assert button.inner_text() == journey.t(label)
    button.click()
    done = journey.t("%(action)s: done.") % {"action": journey.t(label)}
    page.wait_for_selector(f".messages .message:text-is('{done}')")
    journey.page_done(page, step)


def printed(page, link_text: str) -> str:
    """The PDF behind the link, fetched with the phone's session, as text."""
    link = page.locator(f"main a:text-is('{link_text}')")
    response = page.request.get(link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    return " ".join(pdf_text(response.body()).split())


def inspector_issues_prints_and_is_paid(journey: Journey, page, case: Case) -> None:
    inspector_acts(journey, page, "notice", "Issue notice to register", "inspector-notice-issued")
    case.refresh_from_db()
    notice = printed(page, journey.t("Notice (PDF): print or share"))
    assert case.notice_number in notice and SHOP in notice, notice
    inspector_acts(
        journey,
        page,
        "compound",
        "Issue compound",
        "inspector-compound-issued",
        months_unregistered="3",
    )
    case.refresh_from_db()
    assert case.state == "compounded" and case.compound_amount_rm > 0
    compound = printed(page, journey.t("Compound (PDF): print or share"))
    assert case.compound_number in compound and SHOP in compound, compound
    assert f"RM{case.compound_amount_rm}" in compound
    inspector_acts(
        journey, page, "record_payment", "Record payment", "inspector-paid", receipt_number=RECEIPT
    )
    case.refresh_from_db()
    assert (case.state, case.paid_rm) == ("paid", case.compound_amount_rm)


# --- the registry import and reconciliation ------------------------------------------------------


def the_registry_import_brings_the_business(folder: Path, detection: Detection) -> None:
    """The core system's nightly extract: the workshop registered today where it stands, under the
    name on its signboard (matched by name and position), with its two workers employed."""
    today = timezone.localdate().isoformat()
    where = detection.premises.location
    files = {
        "employers.csv": [
            "employer_code,business_registration_no,name,trading_name,address,postcode,state,"
            "msic_code,registered_on,ceased_on,latitude,longitude",
            f'{NEW_CODE},,JAYA ABADI MOTOR ENTERPRISE,{SHOP},"No. 7, Jalan Kapar, Klang",41400,'
            f"Selangor,45200,{today},,{where.y:.6f},{where.x:.6f}",
        ],
        "persons.csv": [
            "id_number,name,date_of_birth,gender,nationality,registered_on",
            *(f"{number},{name},{born},{gender},MY,{today}" for number, name, born, gender in WORKERS),
        ],
        "employments.csv": [
            "id_number,employer_code,started_on,ended_on",
            *(f"{number},{NEW_CODE},{today}," for number, *_ in WORKERS),
        ],
    }
    folder.mkdir()
    for name, lines in files.items():
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_registry", str(folder), stdout=out)
    assert "employers.csv: 1 rows, 1 inserted" in out.getvalue(), out.getvalue()
    assert "employments.csv: 2 rows, 2 inserted" in out.getvalue(), out.getvalue()


def reconciliation_closes_the_case(case: Case) -> None:
    """The beat's job, run by the worker."""
    summary = reconcile_cases_task.delay().get(timeout=60)
    assert summary == {"registered": 1, "workers_registered": 2, "closed": 1}, summary
    case.refresh_from_db()
    assert case.state == "closed" and case.employer.employer_code == NEW_CODE
    assert case.days_to_registration is not None


def the_case_page_says_closed(journey: Journey, page) -> None:
    page.reload()
    page.wait_for_selector("main h1")
    assert page.inner_text("main .card .badge") == journey.t("closed")
    assert page.locator("form[data-case-action]").count() == 0  # nothing left to do
    assert NEW_CODE in page.inner_text("main dl.facts")
    # Both workers found on site, now on the registry under the workshop, one by one.
    badges = page.locator("#case-workers .badge").all_inner_texts()
    assert len(badges) == 2 and all(journey.t("awaiting registration") != badge for badge in badges)
    journey.page_done(page, "inspector-case-closed")


# --- the supervisor ------------------------------------------------------------------------------


def report_facts(page) -> dict[str, str]:
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll("main dl.facts dt")]
             .map(dt => [dt.textContent.trim(), dt.nextElementSibling.textContent.trim()]))"""
    )


def supervisor_reads_the_operation_report(journey: Journey, page, operation: Operation, case: Case) -> None:
    journey.page_done(page, "supervisor-home")
    page.click(f".mainnav a:text-is('{journey.t('Operations')}')")
    assert page.inner_text("main h1") == journey.t("Operations")
    journey.page_done(page, "supervisor-operations")
    entry = page.locator("main .results > li").filter(has=page.locator(f"h2:text-is('{OPERATION}')"))
    entry.locator(f"a:text-is('{journey.t('Report')}')").click()
    page.wait_for_selector("main dl.facts")
    assert page.inner_text("main h1") == journey.t("Enforcement report")
    amount = f"RM{case.compound_amount_rm}"
    facts = report_facts(page)
    assert facts[journey.t("Premises inspected")] == "1", facts
    assert facts[journey.t("Compounds issued")] == f"1 · {amount}", facts
    assert facts[journey.t("Compounds paid")] == amount, facts
    assert facts[journey.t("Employers registered")] == "1", facts
    assert facts[journey.t("Employees registered (local / foreign)")] == "2 / 0", facts
    journey.page_done(page, "supervisor-operation-report")
    supervisor_reads_the_report_figures(page, operation, case)


def supervisor_reads_the_report_figures(page, operation: Operation, case: Case) -> None:
    """The same report as JSON, with the supervisor's session."""
    response = page.request.get(f"/api/v1/operations/{operation.pk}/report")
    assert response.status == 200, response.text()
    figures = response.json()
    amount = str(case.compound_amount_rm)
    assert figures["operation"] == OPERATION
    assert (figures["premises_inspected"], figures["by_outcome"]) == (1, {"unregistered": 1})
    assert figures["non_compliant_percent"] == 100.0
    assert (figures["compounds"]["count"], figures["compounds"]["amount_rm"]) == (1, amount)
    assert figures["compounds"]["by_section"]["act4_s5"]["count"] == 1
    assert figures["compounds_paid_rm"] == amount
    assert figures["employers_registered"] == 1
    assert figures["employees_registered"] == {"local": 2, "foreign": 0}


# --- the journey ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ms"])
def test_a_workshop_found_in_an_operation_is_compounded_registers_and_is_reported(
    lang, klang, new_phone, artefacts, celery_worker_process, tmp_path
):
    ensure_compound_schedule()
    journey = Journey(lang=lang, camera=artefacts(lang, NAME))
    operation = supervisor_plans_the_operation(klang)

    officer = journey.open_as(new_phone(), klang.officer, klang.password, step="login")
    officer_finds_the_workshop_unregistered(journey, officer, operation)
    detection = officer_records_it_with_two_workers(journey, officer, operation)
    case = the_detection_opened_a_case(officer, detection, operation)
    dispatch_hands_the_case_to_the_inspector(officer, case, klang.inspector)

    inspector = journey.open_as(new_phone(), klang.inspector, klang.password)
    inspector_opens_the_case(journey, inspector)
    inspector_issues_prints_and_is_paid(journey, inspector, case)

    the_registry_import_brings_the_business(tmp_path / "extract", detection)
    reconciliation_closes_the_case(case)
    the_case_page_says_closed(journey, inspector)

    supervisor = journey.open_as(new_phone(), klang.supervisor, klang.password)
    supervisor_reads_the_operation_report(journey, supervisor, operation, case)
    write_report(f"axe-{NAME}-{lang}.json", journey.axe)
