"""No national ID reaches a log: the personal-data flows run with every logger captured at DEBUG.

IDs travel only in request bodies (never in a URL, so not in an access log either), reach the
audit log only as keyed hashes, and no message of the application, Django, axes or Celery
repeats them.
"""

import logging
import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from gunicorn.config import Config

from tests.factories import EmployerFactory, worker_with_record
from tests.security.test_access_matrix import url_patterns

REGISTERED = "850315145123"  # an insured person with contributions
UNKNOWN = "900101105555"  # a valid MyKad nobody registered
TYPED_IN_SEARCH = "880808088888"  # typed into the employer search box
SEEN_AT_DETECTION = "870707075557"
PASSPORT = "A12345678"
IDS = (REGISTERED, UNKNOWN, TYPED_IN_SEARCH, SEEN_AT_DETECTION)


def spellings(id_number: str) -> set[str]:
    """Every way the ID can be written: 850315145123, 850315-14-5123, 850315 14 5123."""
    if not id_number.isdigit():
        return {id_number, id_number.lower()}
    parts = (id_number[:6], id_number[6:8], id_number[8:])
    return {id_number, "-".join(parts), " ".join(parts)}


FORBIDDEN = set().union(*(spellings(value) for value in (*IDS, PASSPORT)))


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += logging.Formatter().formatException(record.exc_info)
        self.lines.append(f"{record.name} {record.levelname} {text} {record.args!r}")


# At DEBUG these repeat request data by design: SQL parameters, and the whole template context
# when a template variable is missing. They must stay at INFO or above in every environment.
KEPT_QUIET = ("django.db.backends", "django.template")


@pytest.fixture
def every_log():
    """A handler on the root logger at DEBUG and on every logger that does not propagate."""
    capture = Capture()
    root = logging.getLogger()
    named = [
        logging.getLogger(name) for name in ("django", "django.request", "django.server", "axes", "celery")
    ]
    named += [logger for logger in root.manager.loggerDict.values() if isinstance(logger, logging.Logger)]
    touched = [root, *named]
    saved = [(logger, logger.level) for logger in touched]
    for logger in touched:
        logger.addHandler(capture)
    root.setLevel(logging.DEBUG)
    for logger in named:
        logger.setLevel(logging.INFO if logger.name in KEPT_QUIET else logging.DEBUG)
    yield capture
    for logger, level in saved:
        logger.removeHandler(capture)
        logger.setLevel(level)


def found_ids(lines: list[str]) -> list[str]:
    return [line for line in lines if any(spelling in line for spelling in FORBIDDEN)]


def run_personal_data_flows(officer) -> None:
    employer = EmployerFactory(employer_code="EMP000000777", name="Kedai Runcit Maju")
    worker_with_record(
        employer=employer, first="2005-01", last="2024-12", wage_sen=300_000, id_number=REGISTERED
    )
    api, page = Client(), Client()
    api.force_login(officer)
    page.force_login(officer)
    statuses = []
    for id_number in (*spellings(REGISTERED), *spellings(UNKNOWN), PASSPORT, "850315-14-51"):  # last: invalid
        statuses.append(post_json(api, "registry-api:person-check", {"id_number": id_number}).status_code)
        statuses.append(page.post(reverse("registry:person-result"), {"id_number": id_number}).status_code)
    assert statuses.count(200) >= 14, statuses  # every valid ID was checked
    for typed in spellings(TYPED_IN_SEARCH):
        post_json(api, "registry-api:employer-search", {"q": typed})
        page.post(reverse("registry:check-results"), {"q": typed})
    for id_number in (REGISTERED, UNKNOWN):
        claim = {"id_number": id_number, "notice_date": "2025-01-15"}
        verdict = post_json(api, "eligibility-api:invalidity", claim)
        assert verdict.status_code == (200 if id_number == REGISTERED else 404)
        post_json(api, "eligibility-api:survivors", claim)
        page.post(reverse("eligibility:person"), claim)
    assert post_json(api, "detection-api:detections", _detection(SEEN_AT_DETECTION)).status_code == 201
    post_json(api, "detection-api:detections", _detection("8707-bad"))
    api.get(reverse("detection-api:mine"))


def post_json(client: Client, url_name: str, body: dict):
    return client.post(reverse(url_name), body, content_type="application/json")


def _detection(id_number: str) -> dict:
    return {
        "client_uuid": str(uuid.uuid4()),
        "observed_at": timezone.now().isoformat(),
        "latitude": 3.0449,
        "longitude": 101.445,
        "accuracy_m": 10,
        "outcome": "registered_contributing",
        "id_number": id_number,
        "premises_name": "Kedai Runcit Maju",
    }


def test_no_national_id_appears_in_any_log_of_the_personal_data_flows(every_log, officer, capfd):
    run_personal_data_flows(officer)
    printed = capfd.readouterr()
    assert len(every_log.lines) > 5, "the capture saw nothing: is the handler attached?"
    assert not found_ids(every_log.lines), found_ids(every_log.lines)
    assert not found_ids((printed.out + printed.err).splitlines())


def test_the_capture_would_see_an_id_if_one_were_logged(every_log):
    logging.getLogger("registry.queries").debug("checked %s", "850315-14-5123")
    assert found_ids(every_log.lines)


def test_sql_logging_is_pinned_off_because_query_parameters_carry_ids():
    assert _pinned_level("django.db.backends") >= logging.INFO


def test_template_debug_logging_is_pinned_off_because_it_prints_the_whole_context():
    assert _pinned_level("django.template") >= logging.INFO


def _pinned_level(name: str) -> int:
    """The level settings.LOGGING gives the logger itself, whatever LOG_LEVEL says for the root."""
    from django.conf import settings

    configured = settings.LOGGING.get("loggers", {}).get(name, {}).get("level", "NOTSET")
    return logging.getLevelName(configured)


def test_a_missing_template_variable_at_debug_would_print_the_id(every_log, officer):
    """Why django.template is kept quiet: Django logs the context, form data included."""
    logging.getLogger("django.template").setLevel(logging.DEBUG)
    worker_with_record(first="2005-01", last="2024-12", wage_sen=300_000, id_number=REGISTERED)
    client = Client()
    client.force_login(officer)
    client.post(reverse("eligibility:person"), {"id_number": REGISTERED, "notice_date": "2025-01-15"})
    assert found_ids(every_log.lines)


# --- nothing in a URL: an access log records paths and query strings -------------------------

ID_LIKE = re.compile(r"(^|_)(id_?number|ic|nric|mykad|passport|ident)", re.IGNORECASE)
# URL arguments that are not free text typed by a user (a slug names a choice such as a format).
SAFE_ARGUMENTS = {"int", "uuid", "slug"}
# Upload paths are made by the server (detections/YYYY/MM/<random>.jpg), never from a person.
ALLOWED_TEXT_ARGUMENTS = {"password_reset_confirm": {"uidb64", "token"}, "media": {"path"}}


def test_no_url_pattern_takes_an_id_like_or_free_text_argument():
    wrong = []
    for route, name in url_patterns():
        for converter, argument in re.findall(r"<(?:(\w+):)?(\w+)>", route):
            free_text = (converter or "str") not in SAFE_ARGUMENTS
            if ID_LIKE.search(argument) or (
                free_text and argument not in ALLOWED_TEXT_ARGUMENTS.get(name, ())
            ):
                wrong.append(f"/{route} ({name}): <{converter}:{argument}>")
    assert not wrong, wrong


def test_no_api_operation_takes_an_id_in_its_path_or_query_string():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    wrong = [
        f"{method.upper()} {path}: {parameter['name']}"
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        for parameter in operation.get("parameters", [])
        if ID_LIKE.search(parameter["name"])
    ]
    assert not wrong, wrong


def test_no_page_asks_for_an_id_in_a_form_that_is_sent_in_the_url():
    from pathlib import Path

    from tests.conftest import ROOT

    wrong = []
    for template in (ROOT / "templates").rglob("*.html"):
        for form in re.findall(r"<form\b.*?</form>", template.read_text(), flags=re.DOTALL | re.IGNORECASE):
            posts = re.search(r"method=[\"']?post", form, re.IGNORECASE)
            if not posts and re.search(r"name=[\"']?id_number", form):
                wrong.append(str(Path(template).relative_to(ROOT)))
    assert not wrong, wrong


def test_the_gunicorn_access_log_records_the_request_line_and_no_body_or_header():
    log_format = Config().access_log_format
    assert '"%(r)s"' in log_format
    assert "{" not in log_format  # no %({header}i)s: headers are not logged
