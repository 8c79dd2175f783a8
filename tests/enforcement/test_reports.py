"""The enforcement report: figures by period and office, as JSON, page and CSV."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from enforcement.cases import act
from enforcement.findings import record_findings
from enforcement.reports import Scope, report
from nforce.roles import Role
from tests.factories import (
    DetectionFactory,
    DetectionWorkerFactory,
    EmployerFactory,
    EmploymentFactory,
    InsuredPersonFactory,
    OfficeFactory,
    OperationFactory,
    UserFactory,
)
from tests.pdf import pdf_text


def _week():
    today = timezone.localdate()
    return Scope(start=today - timedelta(days=6), end=today)


def _a_compounded_and_paid_case(inspector):
    detection = DetectionFactory(workers_seen=2)
    case = record_findings(detection_id=detection.pk)
    now = timezone.now()
    act(case, "notice", inspector, now, None)
    act(case, "compound", inspector, now, None)
    act(case, "record_payment", inspector, now, None, receipt_number="R-1")
    return case


def test_the_report_counts_premises_outcomes_compounds_and_payments(klang, case_inspector):
    _a_compounded_and_paid_case(case_inspector)
    DetectionFactory(subject="employer", outcome="registered_contributing", employer=EmployerFactory())
    figures = report(_week())
    assert figures["premises_inspected"] == 2
    assert figures["by_outcome"] == {"compliant": 1, "unregistered": 1}
    assert figures["non_compliant_percent"] == 50.0
    # s.4 RM500 and Act 800 s.14 RM500 (found today: Act 800 applies)
    assert figures["compounds"]["count"] == 1 and figures["compounds"]["amount_rm"] == "1000.00"
    assert figures["compounds"]["by_section"]["act4_s4"] == {"count": 1, "amount_rm": "500.00"}
    assert figures["compounds_paid_rm"] == "1000.00"


def test_another_offices_work_is_not_in_an_offices_report(klang, case_inspector):
    _a_compounded_and_paid_case(case_inspector)
    elsewhere = OfficeFactory(code="SHA")
    scope = Scope(start=_week().start, end=_week().end, office_id=elsewhere.pk)
    figures = report(scope)
    assert figures["premises_inspected"] == 0 and figures["compounds"]["count"] == 0


def test_the_api_gives_a_supervisor_their_own_offices_report(
    api_as, klang, case_inspector, office_supervisor
):
    _a_compounded_and_paid_case(case_inspector)
    body = api_as(office_supervisor).get("/api/v1/enforcement/report").json()
    assert body["compounds"]["count"] == 1
    lonely = UserFactory(roles=[Role.SUPERVISOR], home_office=None)
    assert api_as(lonely).get("/api/v1/enforcement/report").status_code == 400


def test_a_period_ending_before_it_starts_is_refused_naming_the_field(api_as, office_supervisor):
    response = api_as(office_supervisor).get(
        "/api/v1/enforcement/report", {"from": "2026-12-02", "to": "2026-12-01"}
    )
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "from"


def test_the_page_and_the_csv_show_the_same_figures(client, klang, case_inspector, office_supervisor):
    _a_compounded_and_paid_case(case_inspector)
    client.force_login(office_supervisor)
    page = client.get(reverse("enforcement:report"))
    assert page.status_code == 200 and page.context["figures"]["compounds"]["count"] == 1
    csv = client.get(reverse("enforcement:report-csv")).content.decode()
    assert "compounds.by_section.act4_s4.count,1" in csv
    assert "compounds_paid_rm,1000.00" in csv


def test_an_inverted_period_on_the_page_is_a_form_error(client, office_supervisor):
    client.force_login(office_supervisor)
    page = client.get(reverse("enforcement:report"), {"start": "2026-12-02", "end": "2026-12-01"})
    assert page.status_code == 422 and "start" in page.context["form"].errors


def test_an_administrator_reads_any_office(api_as, klang, case_inspector):
    _a_compounded_and_paid_case(case_inspector)
    admin = UserFactory(is_staff=True, is_superuser=True)
    body = api_as(admin).get("/api/v1/enforcement/report", {"office": "klg"}).json()
    assert body["compounds"]["count"] == 1
    assert api_as(admin).get("/api/v1/enforcement/report", {"office": "NOPE"}).status_code == 400


def test_the_pdf_says_the_figures_in_malay_then_english(client, klang, case_inspector, office_supervisor):
    _a_compounded_and_paid_case(case_inspector)
    client.force_login(office_supervisor)
    response = client.get(reverse("enforcement:report-pdf"))
    text = pdf_text(response.content)
    assert text.index("Laporan penguatkuasaan") < text.index("Enforcement report")
    assert "RM1000.00" in text and "Akta 4 s.4" in text and "Act 4 s.4" in text


# --- an operation's report -------------------------------------------------------------------------
def _operation_with_work(klang, inspector):
    """An operation of the Klang office: two premises checked in it (one unregistered, compounded,
    paid, registered later; one compliant), and a check outside it that must not count."""
    operation = OperationFactory(office=klang.office, areas=[klang])
    detection = DetectionFactory(workers_seen=2, operation=operation)
    DetectionWorkerFactory(detection=detection, registered=False, foreign=True)
    case = record_findings(detection_id=detection.pk)
    now = timezone.now()
    act(case, "notice", inspector, now, None)
    act(case, "compound", inspector, now, None)
    act(case, "record_payment", inspector, now, None, receipt_number="R-OPS-1")
    case.refresh_from_db()
    case.registered_at = now
    case.employer = EmployerFactory(registered_on=timezone.localdate())
    case.save()
    EmploymentFactory(
        employer=case.employer,
        person=InsuredPersonFactory(id_number="A98765432", nationality="NP"),
        started_on=timezone.localdate(),
    )
    DetectionFactory(outcome="compliant", operation=operation)
    record_findings(detection_id=DetectionFactory(workers_seen=5).pk)  # outside the operation
    return operation, case


def test_a_case_carries_the_operation_of_its_first_finding(klang, case_inspector, api_as):
    operation, case = _operation_with_work(klang, case_inspector)
    assert case.operation == operation
    case.inspector = case_inspector
    case.save()
    assert api_as(case_inspector).get(f"/api/v1/cases/{case.pk}").json()["operation_code"] == operation.code


def test_the_operation_report_counts_its_detections_and_their_cases_only(
    api_as, klang, case_inspector, office_supervisor
):
    operation, _case = _operation_with_work(klang, case_inspector)
    response = api_as(office_supervisor).get(f"/api/v1/operations/{operation.pk}/report")
    assert response.status_code == 200
    body = response.json()
    assert body["operation"] == operation.code
    assert body["premises_inspected"] == 2
    assert body["by_outcome"] == {"compliant": 1, "unregistered": 1}
    assert body["non_compliant_percent"] == 50.0
    # s.4 RM500, s.5 1 worker RM500; the only worker listed is foreign: no Act 800 s.14 / s.16
    assert body["compounds"]["count"] == 1 and body["compounds"]["amount_rm"] == "1000.00"
    assert set(body["compounds"]["by_section"]) == {"act4_s4", "act4_s5", "act800_s14", "act800_s16"}
    assert body["compounds"]["by_section"]["act4_s5"] == {"count": 1, "amount_rm": "500.00"}
    assert body["compounds"]["by_section"]["act800_s16"] == {"count": 0, "amount_rm": "0.00"}
    assert body["compounds_paid_rm"] == "1000.00"
    assert body["compliance_orders"] == 0 and body["referred_for_prosecution"] == 0
    assert body["employers_registered"] == 1
    assert body["employees_registered"] == {"local": 0, "foreign": 1}


def test_an_operation_report_is_scoped_to_the_supervisors_office_or_national(
    api_as, klang, case_inspector, office_supervisor
):
    other = OperationFactory(office=OfficeFactory(code="SHA"))
    national = OperationFactory(office=None)
    supervisor = api_as(office_supervisor)
    assert supervisor.get(f"/api/v1/operations/{other.pk}/report").status_code == 404
    assert supervisor.get(f"/api/v1/operations/{national.pk}/report").status_code == 200
    admin = UserFactory(is_superuser=True, roles=[Role.SUPERVISOR])
    assert api_as(admin).get(f"/api/v1/operations/{other.pk}/report").status_code == 200
    assert api_as(case_inspector).get(f"/api/v1/operations/{national.pk}/report").status_code == 403


def test_the_page_and_csv_take_an_operation(client, klang, case_inspector, office_supervisor):
    operation, _case = _operation_with_work(klang, case_inspector)
    client.force_login(office_supervisor)
    page = client.get(reverse("enforcement:report"), {"operation": operation.pk})
    assert page.status_code == 200 and page.context["figures"]["operation"] == operation.code
    assert page.context["figures"]["premises_inspected"] == 2
    csv = client.get(reverse("enforcement:report-csv"), {"operation": operation.pk}).content.decode()
    assert f"operation,{operation.code}" in csv and "premises_inspected,2" in csv
    listed = client.get(reverse("detection:operations")).content.decode()
    assert f"{reverse('enforcement:report')}?operation={operation.pk}" in listed


def _compounded(operation, inspector, *, months: int, registered_first: bool = False):
    case = record_findings(detection_id=DetectionFactory(workers_seen=2, operation=operation).pk)
    now = timezone.now()
    act(case, "notice", inspector, now, None)
    if registered_first:  # within the notice period: the compound is reduced by 75%
        case.refresh_from_db()
        case.registered_at = now
        case.save()
    act(case, "compound", inspector, now, None, months_unregistered=months)
    return case


def test_compounds_by_section_are_summed_after_each_compounds_reduction_in_few_queries(
    klang, case_inspector, django_assert_num_queries
):
    operation = OperationFactory(office=klang.office, areas=[klang])
    # s.4 and Act 800 s.14 at 13 months: RM1,500 each, reduced by 75% (registered in time)
    _compounded(operation, case_inspector, months=13, registered_first=True)
    paid = _compounded(operation, case_inspector, months=0)  # RM500 each, in full
    act(paid, "record_payment", case_inspector, timezone.now(), None, receipt_number="R-2")
    referred = _compounded(operation, case_inspector, months=30)  # RM2,000 each
    act(referred, "refer_prosecution", case_inspector, timezone.now(), None)
    scope = Scope(
        start=timezone.localdate(), end=timezone.localdate(), operation_id=operation.pk, operation_code="X"
    )
    with django_assert_num_queries(6):  # the compounds, payments and referrals in one of them
        figures = report(scope)
    compounds = figures["compounds"]
    assert compounds["count"] == 3 and compounds["amount_rm"] == "5750.00"  # 750 + 1,000 + 4,000
    assert compounds["by_section"]["act4_s4"] == {"count": 3, "amount_rm": "2875.00"}  # 375 + 500 + 2,000
    assert compounds["by_section"]["act800_s14"] == {"count": 3, "amount_rm": "2875.00"}
    assert compounds["by_section"]["act4_s5"] == {"count": 0, "amount_rm": "0.00"}
    assert figures["compounds_paid_rm"] == "1000.00" and figures["referred_for_prosecution"] == 1
