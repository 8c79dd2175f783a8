"""The inspector's case pages (actions as forms) and the supervisor's office list."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from enforcement.models import CaseEvent
from nforce.models import AuditEvent
from nforce.roles import Role
from tests.factories import CaseFactory, OfficeFactory, UserFactory


def _signed_in(client, user):
    client.force_login(user)
    return client


def test_my_cases_lists_the_inspectors_cases(client, case, case_inspector):
    page = _signed_in(client, case_inspector).get(reverse("enforcement:mine"))
    assert page.status_code == 200 and case.premises.name in page.content.decode()
    assert AuditEvent.objects.filter(action="case.list", actor=case_inspector).exists()


def test_the_case_page_offers_the_allowed_actions_as_forms(client, case, case_inspector):
    page = _signed_in(client, case_inspector).get(reverse("enforcement:case", args=[case.pk]))
    html = page.content.decode()
    assert reverse("enforcement:act", args=[case.pk, "notice"]) in html
    assert reverse("enforcement:act", args=[case.pk, "record_payment"]) not in html
    assert AuditEvent.objects.filter(action="case.view", query__case=case.pk, result_count=1).exists()


def test_issuing_the_notice_from_the_page_numbers_it_and_links_the_pdf(client, case, case_inspector):
    signed_in = _signed_in(client, case_inspector)
    url = reverse("enforcement:act", args=[case.pk, "notice"])
    response = signed_in.post(url, {"latitude": "3.045", "longitude": "101.445"})
    assert response.status_code == 302
    page = signed_in.get(response["Location"]).content.decode()
    case.refresh_from_db()
    assert case.notice_number in page and reverse("enforcement:notice-pdf", args=[case.pk]) in page
    assert CaseEvent.objects.get(action="notice").location is not None


def test_a_payment_without_a_receipt_is_refused_on_the_form(client, case, case_inspector):
    case.state, case.compound_amount_rm = "compounded", 500
    case.save()
    response = _signed_in(client, case_inspector).post(
        reverse("enforcement:act", args=[case.pk, "record_payment"])
    )
    assert response.status_code == 422
    assert "receipt_number" in response.context["action_forms"][0][0].errors


def test_an_illegal_move_from_a_stale_page_is_a_409_naming_the_state(client, case, case_inspector):
    response = _signed_in(client, case_inspector).post(
        reverse("enforcement:act", args=[case.pk, "waive"]), {"reason": "amnesty"}
    )
    assert response.status_code == 409
    assert "open" in response.content.decode()


def test_another_inspectors_case_is_not_found_and_the_attempt_audited(client, case):
    stranger = UserFactory(roles=[Role.INSPECTOR])
    assert _signed_in(client, stranger).get(reverse("enforcement:case", args=[case.pk])).status_code == 404
    assert AuditEvent.objects.filter(action="case.view", actor=stranger, result_count=0).exists()


def test_the_office_list_puts_past_due_cases_first_as_needing_attention(client, case, office_supervisor):
    late = CaseFactory(
        office=case.office, state="notice_issued", notice_due=timezone.localdate() - timedelta(days=1)
    )
    CaseFactory(office=OfficeFactory(code="SHA"))  # another office's
    page = _signed_in(client, office_supervisor).get(reverse("enforcement:office"))
    assert [c.pk for c in page.context["cases"]] == [late.pk, case.pk]
    assert page.context["attention"] == 1
    only = _signed_in(client, office_supervisor).get(reverse("enforcement:office"), {"attention": "1"})
    assert [c.pk for c in only.context["cases"]] == [late.pk]


def test_the_notice_pdf_page_is_served_to_the_holder(client, case, case_inspector):
    signed_in = _signed_in(client, case_inspector)
    assert signed_in.get(reverse("enforcement:notice-pdf", args=[case.pk])).status_code == 404
    signed_in.post(reverse("enforcement:act", args=[case.pk, "notice"]))
    response = signed_in.get(reverse("enforcement:notice-pdf", args=[case.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
