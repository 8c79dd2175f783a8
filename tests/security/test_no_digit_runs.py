"""No run of six or more digits typed into a lookup is kept as typed: not in the audit log, not in
a log line, not in any URL an answer carries (links, form actions, htmx attributes, redirects).

A mistyped or partial ID number (a bad date, a digit missing) is not recognised as one and falls
through to other readings (employer code, signboard name): it must be masked there too.
"""

import json
import re
from urllib.parse import unquote_plus

import pytest
from django.test import Client
from django.urls import reverse

from nforce.models import AuditEvent
from tests.factories import EmployerFactory
from tests.security.test_no_ids_in_logs import every_log  # noqa: F401 - the fixture

TYPED = (
    "851315145123",  # 12 digits, month 13: read as an employer code
    "85131514512",  # 11 digits: a MyKad missing one
    "8513 1514 5123",  # grouped by spaces
    "Kedai 851315145123",  # inside a signboard name
    "851315-14-512",  # MyKad dashes, a digit short
)
LOOKUPS = (  # (URL name, field, API?, more of the body)
    ("registry:check-results", "q", False, {}),
    ("registry-api:employer-search", "q", True, {}),
    ("registry:person-result", "id_number", False, {}),
    ("registry-api:person-check", "id_number", True, {}),
    ("eligibility:employer", "employer_code", False, {}),
    ("eligibility-api:employer", "employer_code", True, {}),
    ("eligibility:person", "id_number", False, {"notice_date": "2025-01-15"}),
    ("eligibility-api:invalidity", "id_number", True, {"notice_date": "2025-01-15"}),
)
SEPARATORS = re.compile(r"[\s.,/_-]+")
ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*["']([^"']*)["']""")
URL_HEADERS = ("Location", "HX-Redirect", "HX-Location", "HX-Push-Url", "HX-Replace-Url", "Content-Location")


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


FORBIDDEN = {digits(text) for text in TYPED}


def holds_a_typed_number(text: str) -> bool:
    bare = SEPARATORS.sub("", unquote_plus(text))
    return any(number in bare for number in FORBIDDEN)


def urls_in(response) -> list[str]:
    found = [response[header] for header in URL_HEADERS if response.has_header(header)]
    body = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        found += [value for value in _strings(json.loads(body or "null")) if value.startswith(("/", "http"))]
    else:
        found += [value for _name, value in ATTRIBUTE.findall(body) if value.startswith(("/", "?", "http"))]
    return found


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return [value] if isinstance(value, str) else []


def ask(client: Client, name: str, field: str, api: bool, more: dict, typed: str):
    body = {field: typed, **more}
    if api:
        return client.post(reverse(name), body, content_type="application/json")
    return client.post(reverse(name), body)


def test_typed_digit_runs_stay_out_of_the_audit_log_the_logs_and_every_url(every_log, officer):  # noqa: F811
    EmployerFactory(employer_code="B9900000001S", name="Kedai Runcit Maju")
    client = Client()
    client.force_login(officer)
    answers = [ask(client, *lookup, typed) for typed in TYPED for lookup in LOOKUPS]
    assert not [r.status_code for r in answers if r.status_code >= 500]
    urls = [url for answer in answers for url in urls_in(answer)]
    assert any("?name=Kedai" in url for url in urls), "the 'Not in the list?' link was not offered"
    assert not [url for url in urls if holds_a_typed_number(url)]
    rows = [json.dumps(row, default=str) for row in AuditEvent.objects.values()]
    assert len(rows) >= len(TYPED), "the lookups were not audited at all"
    assert not [row for row in rows if holds_a_typed_number(row)]
    assert not [line for line in every_log.lines if holds_a_typed_number(line)]


@pytest.mark.parametrize(
    ("typed", "audited"),
    [
        ("Kedai 851315145123", "Kedai ############"),
        ("Lot 8513-1514 Jalan 5", "Lot ####-#### Jalan 5"),
        ("Kedai 12345", "Kedai 12345"),  # five digits: a house number, kept
    ],
)
def test_a_search_keeps_its_words_and_masks_its_long_numbers(api_as, officer, typed, audited):
    api_as(officer).post(reverse("registry-api:employer-search"), {"q": typed}, format="json")
    assert AuditEvent.objects.get(action="employer.search").query["q"] == audited
