"""The case API: mine, one case, actions (201, 400, 404, 409), replays, documents, scope, audit."""

import uuid

import pytest

from enforcement.models import CaseEvent
from nforce.models import AuditEvent
from nforce.roles import Role
from tests.factories import CaseFactory, OfficeFactory, UserFactory
from tests.pdf import pdf_text


def _post(client, case, **body):
    return client.post(f"/api/v1/cases/{case.pk}/actions", body, format="json")


def test_mine_lists_the_inspectors_cases_with_their_id(api_as, case, case_inspector):
    CaseFactory()  # someone else's
    body = api_as(case_inspector).get("/api/v1/cases/mine").json()
    assert [item["id"] for item in body["cases"]] == [case.pk]
    item = body["cases"][0]
    contract = {"id", "state", "premises_id", "notice_number", "compound_number", "compound_amount_rm"}
    assert contract <= set(item)
    assert item["allowed_actions"] == ["notice", "close"]


def test_a_case_read_is_audited(api_as, case, case_inspector):
    api_as(case_inspector).get(f"/api/v1/cases/{case.pk}")
    assert AuditEvent.objects.filter(action="case.view", actor=case_inspector, query__case=case.pk).exists()


def test_notice_then_compound_answer_201_with_the_case(api_as, case, case_inspector):
    client = api_as(case_inspector)
    noticed = _post(client, case, action="notice", latitude=3.045, longitude=101.445)
    assert noticed.status_code == 201
    assert noticed.json()["state"] == "notice_issued" and noticed.json()["notice_number"].startswith("KLG/")
    compounded = _post(client, case, action="compound", months_unregistered=13)
    assert compounded.status_code == 201
    assert compounded.json()["compound_amount_rm"] == "4500.00"
    assert CaseEvent.objects.get(action="notice").location is not None


def test_an_illegal_move_is_a_409_naming_the_current_state(api_as, case, case_inspector):
    response = _post(api_as(case_inspector), case, action="record_payment", receipt_number="R1")
    assert response.status_code == 409
    body = response.json()
    assert body["state"] == "open" and body["errors"][0]["field"] == "action"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"action": "sell"}, "action"),
        ({}, "action"),
        ({"action": "notice", "latitude": 95, "longitude": 101}, "latitude"),
        ({"action": "notice", "client_uuid": "not-a-uuid"}, "client_uuid"),
        ({"action": "compound", "months_unregistered": -1}, "months_unregistered"),
        ({"action": "notice", "receipt_number": "R1"}, "receipt_number"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api_as, case, case_inspector, body, field):
    response = _post(api_as(case_inspector), case, **body)
    assert response.status_code == 400
    assert field in [error["field"] for error in response.json()["errors"]]


def test_a_replayed_action_answers_the_same_case_once(api_as, case, case_inspector):
    client, key = api_as(case_inspector), str(uuid.uuid4())
    first = _post(client, case, action="notice", client_uuid=key)
    again = _post(client, case, action="notice", client_uuid=key)
    assert again.status_code == 201 and again.json()["notice_number"] == first.json()["notice_number"]
    assert CaseEvent.objects.filter(action="notice").count() == 1
    # The phone's outbox deletes its entry only when the answer names its client_uuid.
    assert first.json()["client_uuid"] == again.json()["client_uuid"] == key


def test_an_action_kept_on_the_phone_by_another_inspector_is_refused(api_as, case, case_inspector):
    client = api_as(case_inspector)
    response = client.post(
        f"/api/v1/cases/{case.pk}/actions",
        {"action": "notice", "client_uuid": str(uuid.uuid4())},
        format="json",
        headers={"X-Nforce-Officer": str(case_inspector.pk + 1)},
    )
    assert response.status_code == 403
    assert not CaseEvent.objects.filter(action="notice").exists()


def test_another_inspectors_case_is_not_found(api_as, case):
    stranger = UserFactory(roles=[Role.INSPECTOR])
    assert api_as(stranger).get(f"/api/v1/cases/{case.pk}").status_code == 404
    assert _post(api_as(stranger), case, action="notice").status_code == 404


def test_a_supervisor_sees_and_acts_on_the_cases_of_their_office_only(api_as, case, office_supervisor):
    other = UserFactory(roles=[Role.SUPERVISOR], home_office=OfficeFactory(code="SHA"))
    assert api_as(office_supervisor).get(f"/api/v1/cases/{case.pk}").status_code == 200
    assert api_as(other).get(f"/api/v1/cases/{case.pk}").status_code == 404
    assert _post(api_as(office_supervisor), case, action="notice").status_code == 201


def test_an_officer_may_not_use_the_case_api(api_as, case, officer):
    assert api_as(officer).get(f"/api/v1/cases/{case.pk}").status_code == 403


def test_the_notice_pdf_says_it_in_malay_first_then_english(api_as, case, case_inspector):
    client = api_as(case_inspector)
    assert client.get(f"/api/v1/cases/{case.pk}/notice.pdf").status_code == 404
    notice = _post(client, case, action="notice", latitude=3.04512, longitude=101.44534).json()
    response = client.get(f"/api/v1/cases/{case.pk}/notice.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, layout=True)
    assert text.count(notice["notice_number"]) == 2
    assert text.index("Notis supaya mendaftar") < text.index("Notice to register")
    expected = (case.premises.name, "Rajesh a/l Kumar", "3.04512, 101.44534", notice["notice_due"], "s.4")
    assert all(part in text for part in expected), text
    assert AuditEvent.objects.filter(action="case.notice_pdf", query__case=case.pk).exists()


def test_the_compound_pdf_carries_the_amount_and_the_due_date(api_as, case, case_inspector):
    client = api_as(case_inspector)
    _post(client, case, action="notice")
    compound = _post(client, case, action="compound").json()
    text = pdf_text(client.get(f"/api/v1/cases/{case.pk}/compound.pdf").content, layout=True)
    assert compound["compound_number"] in text and "RM1500.00" in text and compound["compound_due"] in text
    assert text.index("Tawaran kompaun") < text.index("Compound offer")
