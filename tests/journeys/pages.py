"""Every page of Nforce, who may open it, and a small world in which each has something to say.

Shared by the Malay text walk (Django test client) and the accessibility sweep (real Chromium).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.gis.geos import Point
from django.urls import reverse
from django.utils import timezone

from dashboard.periods import Period
from dashboard.rollups import refresh_rollups
from dashboard.tables import RECORD_KINDS
from demo.staff import ensure_demo_staff
from detection.models import Detection
from dispatch.models import Assignment
from dispatch.outcomes import record_outcome
from enforcement.cases import act, hand_to
from enforcement.escalation import escalate_past_due
from enforcement.findings import record_findings
from nforce.access import Who, matrix
from nforce.models import Area, Office, User
from tests.factories import (
    AreaFactory,
    AssignmentFactory,
    CaseFactory,
    DetectionFactory,
    DetectionWorkerFactory,
    EmployerFactory,
    InspectorFactory,
    OperationFactory,
    PremisesFactory,
    UserFactory,
    ensure_compound_schedule,
    worker_with_record,
)

# Who opens a page: anonymous when anyone may, else the first allowed role in this order.
ROLE_ORDER = (Who.ANONYMOUS, Who.OFFICER, Who.INSPECTOR, Who.SUPERVISOR, Who.ADMIN, Who.NO_ROLE)
# GET endpoints that are not pages a field user reads, and why they are not checked here.
NOT_PAGES = {
    "healthz": "a JSON probe for the load balancer",
    "pwa-sw": "the service worker's JavaScript",
    "media": "a signboard photo",
    "api-schema": "the OpenAPI document, for developers (English by design)",
    "api-docs": "Swagger UI over the OpenAPI document, for developers",
    "detection-api:mine": "JSON data (codes and names, no sentences)",
    "dispatch-api:mine": "JSON data (codes and names, no sentences)",
    "registry-api:employer-pack": "JSON data for the phone's offline checks (codes and names)",
    "detection-api:operations": "JSON data (codes and names, no sentences)",
    "dashboard:map": "GeoJSON data for the dashboard's map",
    "map-base-layer": "GeoJSON data for every map's base layer (areas and office names)",
    "dashboard-summary": "JSON figures for other systems (keys and numbers)",
    "enforcement-api:mine": "JSON data (codes and names, no sentences)",
    "enforcement-api:case": "JSON data (codes and names, no sentences)",
    "enforcement-api:report": "JSON figures (keys and numbers)",
    "enforcement-api:operation-report": "JSON figures (keys and numbers)",
    "enforcement-api:notice-pdf": "a PDF document (Malay first: tests/enforcement reads it with pdftotext)",
    "enforcement-api:compound-pdf": "a PDF document (Malay first: tests/enforcement reads it with pdftotext)",
    "enforcement:notice-pdf": "a PDF document (Malay first: tests/enforcement reads it with pdftotext)",
    "enforcement:compound-pdf": "a PDF document (Malay first: tests/enforcement reads it with pdftotext)",
    "enforcement:report-csv": "a CSV download (keys and numbers)",
    "enforcement:report-pdf": "a PDF document (Malay first: tests/enforcement reads it with pdftotext)",
}
STAFF_NUMBER_OF = {
    Who.OFFICER: "OFF001",
    Who.INSPECTOR: "INS001",
    Who.SUPERVISOR: "SUP001",
    Who.ADMIN: "ADM001",
}
SHORT_RECORD_ID = "900202105557"
LONG_RECORD_ID = "800510105431"
WIDOW_ID = "850707145553"


# --- the world: a little of everything, so that every page has something to say ---------------


@dataclass(frozen=True)
class Town:
    users: dict
    employer_code: str
    premises_id: int
    open_assignment_id: int
    doubtful_detection_id: int
    case_id: int = 0
    detection_id: int = 0
    operation_id: int = 0


def previous_month(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def _registry(office: Office) -> str:
    today = timezone.localdate()
    good = EmployerFactory(
        employer_code="B9900000001S",
        name="RESTORAN SELERA KAMPUNG SDN. BHD.",
        trading_name="Restoran Selera Kampung",
        location=Point(101.4468, 3.0462, srid=4326),
        last_paid_month=previous_month(today),
    )
    EmployerFactory(
        trading_name="Kedai Runcit Selera", last_paid_month=today.replace(day=1) - timedelta(days=250)
    )
    EmployerFactory(trading_name="Bengkel Selera Jaya", ceased_on=date(2023, 6, 30))
    worker_with_record(
        employer=good, first="2005-01", last="2024-12", wage_sen=300_000, id_number=LONG_RECORD_ID
    )
    worker_with_record(
        employer=good, first="2024-01", last="2024-06", wage_sen=250_000, id_number=SHORT_RECORD_ID
    )
    worker_with_record(
        employer=good,
        first="2015-07",
        last="2025-02",
        wage_sen=420_000,
        id_number=WIDOW_ID,
        date_of_birth=date(1985, 7, 7),
    )
    return good.employer_code


def _dispatch(office: Office, users: dict) -> tuple[int, int]:
    served = AreaFactory(code="KLG-1", name="Klang Pusat", office=office, centre=(101.4450, 3.0449))
    AreaFactory(code="KLG-2", name="Klang Utara", office=office, centre=(101.4450, 3.1449))
    inspector = InspectorFactory(user=users[Who.INSPECTOR], areas=[served], base_location=office.location)
    found = DetectionFactory(officer=users[Who.OFFICER], premises__created_by=users[Who.OFFICER]).premises
    AssignmentFactory(premises=found, inspector=inspector, reason_data={"area": "KLG-1", **_load()})
    AssignmentFactory(inspector=inspector, due_on=timezone.localdate() - timedelta(days=2))
    won = AssignmentFactory(inspector=inspector)
    record_outcome(
        assignment_id=won.pk,
        inspector=users[Who.INSPECTOR],
        outcome="registered",
        employer_code=EmployerFactory(trading_name="Kedai Baru Berdaftar").employer_code,
        now=timezone.now(),
        on=timezone.localdate(),
    )
    # The queue: one premises in an area nobody serves, one outside every area.
    PremisesFactory(name="Kedai Utara", location=Point(101.4450, 3.1449, srid=4326))
    PremisesFactory(name="Kedai Tanpa Kawasan", location=Point(103.0, 1.9, srid=4326))
    return found.pk, Assignment.objects.filter(premises=found).get().pk


def _doubtful(users: dict, premises_id: int) -> int:
    """The data-quality queue: a second sighting with a poor fix, joined to a premises by name
    (by another officer: "My detections" shows OFF001's own)."""
    return DetectionFactory(
        officer=UserFactory(
            full_name="Lim Wei Jie", roles=["officer"], home_office=users[Who.OFFICER].home_office
        ),
        premises_id=premises_id,
        premises_name="Kedai Runcit Contoh",
        premises_match="joined: 31 m, name 0.52",
        gps_poor=True,
        accuracy_m=180.0,
        trust_flags=["repeated_position"],
    ).pk


def _load() -> dict:
    return {"open_cases": 2, "capacity": 20, "distance_km": 0.4}


def build_town() -> Town:
    ensure_demo_staff()
    users = {who: User.objects.get(staff_number=number) for who, number in STAFF_NUMBER_OF.items()}
    users[Who.NO_ROLE] = UserFactory(full_name="Siti tanpa Peranan")
    users[Who.ANONYMOUS] = None
    office = Office.objects.get(code="KLG")
    code = _registry(office)
    premises_id, assignment_id = _dispatch(office, users)
    doubtful_id = _doubtful(users, premises_id)
    case_id = _enforcement(premises_id, users)
    detection_id, operation_id = _operation(office, users)
    today = timezone.localdate()
    refresh_rollups(period=Period(start=today - timedelta(days=60), end=today + timedelta(days=31)))
    return Town(
        users=users,
        employer_code=code,
        premises_id=premises_id,
        open_assignment_id=assignment_id,
        doubtful_detection_id=doubtful_id,
        case_id=case_id,
        detection_id=detection_id,
        operation_id=operation_id,
    )


def _enforcement(premises_id: int, users: dict) -> int:
    """The premises' case, held by the inspector, noticed and compounded; and one past due."""
    ensure_compound_schedule()
    detection = Detection.objects.filter(premises_id=premises_id).first()
    case = record_findings(detection_id=detection.pk)
    hand_to(case, users[Who.INSPECTOR])
    now = timezone.now()
    act(case, "notice", users[Who.INSPECTOR], now, None)
    act(case, "compound", users[Who.INSPECTOR], now, None)
    late = CaseFactory(premises=PremisesFactory(name="Kedai Lewat"), inspector=users[Who.INSPECTOR])
    act(late, "notice", users[Who.INSPECTOR], now - timedelta(days=40), None)
    escalate_past_due(on=timezone.localdate())
    return case.pk


def _operation(office: Office, users: dict) -> tuple[int, int]:
    """A local operation running now with the officer on its team; a detection of it with workers."""
    area = Area.objects.get(code="KLG-1")
    operation = OperationFactory(
        code="OPS-KLG-UJIAN", office=office, areas=[area], team=[users[Who.OFFICER], users[Who.INSPECTOR]]
    )
    detection = DetectionFactory(officer=users[Who.OFFICER], operation=operation, area=area)
    DetectionWorkerFactory(detection=detection, masked="******-**-5557", name="Ah Kow", registered=True)
    DetectionWorkerFactory(detection=detection, masked="******-**-1235", registered=False)
    return detection.pk, operation.pk


# --- the pages ---------------------------------------------------------------------------------


def role_for(endpoint) -> Who:
    return next(who for who in ROLE_ORDER if who in endpoint.allowed)


def kwargs_for(name: str, town: Town) -> dict:
    return {
        "detection:premises": {"pk": town.premises_id},
        "detection:detection": {"pk": town.detection_id},
        "detection:operation-edit": {"pk": town.operation_id},
        "dispatch:assignment": {"pk": town.open_assignment_id},
        "detection:quality-decision": {"pk": town.doubtful_detection_id},
        "enforcement:case": {"pk": town.case_id},
        "dashboard:records": {"kind": "registrations_won"},
        "dashboard:records-export": {"kind": "registrations_won", "fmt": "csv"},
        "dashboard:export": {"table": "area", "fmt": "csv"},
        "password_reset_confirm": {"uidb64": "MQ", "token": "no-such-token"},
    }.get(name, {})


@dataclass(frozen=True)
class Render:
    label: str
    who: Who
    url: str
    post: dict | None = None
    status: int = 200


def get_pages(town: Town) -> list[Render]:
    renders = []
    for endpoint in matrix():
        if "GET" not in endpoint.methods or endpoint.name in NOT_PAGES:
            continue
        url = reverse(endpoint.name, kwargs=kwargs_for(endpoint.name, town))
        renders.append(Render(endpoint.name, role_for(endpoint), url))
    return renders


def more_views(town: Town) -> list[Render]:
    """What only another role, a query or a POST shows: results, explanations, form errors."""
    dashboard, near = reverse("dashboard"), {"lat": "3.0449", "lon": "101.4450", "accuracy": "12"}
    return [
        *(
            Render(f"home as {who}", who, reverse("home"))
            for who in (Who.INSPECTOR, Who.SUPERVISOR, Who.ADMIN)
        ),
        Render("home with no role", Who.NO_ROLE, reverse("home")),
        Render(
            "login: wrong password", Who.ANONYMOUS, reverse("login"), {"username": "OFF001", "password": "x"}
        ),
        *(
            Render(f"dashboard by {by}", Who.SUPERVISOR, f"{dashboard}?by={by}")
            for by in ("state", "office", "officer")
        ),
        Render("dashboard: bad dates", Who.SUPERVISOR, f"{dashboard}?from=2025-02-01", status=400),
        Render(
            "data quality: a merge without its premises",
            Who.SUPERVISOR,
            reverse("detection:quality-decision", args=[town.doubtful_detection_id]),
            {"action": "merge", "reason": ""},
            422,
        ),
        *(
            Render(f"dashboard:records {kind}", Who.SUPERVISOR, reverse("dashboard:records", args=[kind]))
            for kind in RECORD_KINDS
        ),
        Render("check: found", Who.OFFICER, reverse("registry:check-results"), {"q": "selera", **near}),
        Render("check: not found", Who.OFFICER, reverse("registry:check-results"), {"q": "Kedai Tiada Nama"}),
        Render("check: a MyKad", Who.OFFICER, reverse("registry:check-results"), {"q": LONG_RECORD_ID}),
        Render(
            "check: a worker", Who.OFFICER, reverse("registry:person-result"), {"id_number": SHORT_RECORD_ID}
        ),
        Render(
            "check: a bad MyKad", Who.OFFICER, reverse("registry:person-result"), {"id_number": "12"}, 422
        ),
        Render(
            "eligibility: qualifies",
            Who.OFFICER,
            reverse("eligibility:person"),
            {"id_number": LONG_RECORD_ID},
        ),
        Render(
            "eligibility: short", Who.OFFICER, reverse("eligibility:person"), {"id_number": SHORT_RECORD_ID}
        ),
        Render(
            "eligibility: survivors",
            Who.OFFICER,
            reverse("eligibility:person"),
            {"id_number": WIDOW_ID, "death_date": "2025-03-10", "widows": "1"},
        ),
        Render("eligibility: calculator", Who.OFFICER, reverse("eligibility:calculator"), _calculator()),
        Render(
            "eligibility: employer",
            Who.OFFICER,
            reverse("eligibility:employer"),
            {"employer_code": town.employer_code},
        ),
        Render(
            "case: a payment without a receipt",
            Who.INSPECTOR,
            reverse("enforcement:act", args=[town.case_id, "record_payment"]),
            {},
            422,
        ),
        Render(
            "office cases needing attention", Who.SUPERVISOR, reverse("enforcement:office") + "?attention=1"
        ),
        Render(
            "enforcement report: bad dates",
            Who.SUPERVISOR,
            reverse("enforcement:report") + "?start=2026-12-02&end=2026-12-01",
            status=422,
        ),
        Render(
            "outcome: registered without a code",
            Who.INSPECTOR,
            reverse("dispatch:outcome", args=[town.open_assignment_id]),
            {"outcome": "registered"},
            422,
        ),
        Render(
            "detection as its supervisor",
            Who.SUPERVISOR,
            reverse("detection:detection", args=[town.detection_id]),
        ),
        Render("operation: bad plan", Who.SUPERVISOR, reverse("detection:operation-new"), {"code": "x"}, 422),
    ]


def _calculator() -> dict:
    return {
        "scheme": "invalidity",
        "on": "2025-01-15",
        "date_of_birth": "1980-05-10",
        "periods-TOTAL_FORMS": "1",
        "periods-INITIAL_FORMS": "0",
        "periods-MIN_NUM_FORMS": "0",
        "periods-MAX_NUM_FORMS": "60",
        "periods-0-first_month": "2023-01",
        "periods-0-last_month": "2024-12",
        "periods-0-wage": "3000",
        "periods-0-category": "1",
    }
