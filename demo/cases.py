"""Demo enforcement: a case for every unregistered premises found, and in every office cases in
every state (two notices and two compounds, one of each past due), so that the inspector's "My
cases" and the supervisor's "Office cases" open on real work. Idempotent: an office that already
has its cases in a state gets no more."""

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.gis.geos import Point

from detection.models import Detection
from detection.submission import Submission
from dispatch.assign import assign_open_premises
from enforcement.cases import ActionRefused, act
from enforcement.findings import NON_COMPLIANT, record_findings
from enforcement.models import Case
from nforce.models import Area, Office, User

from .field import DEMO_NAMESPACE, _officer, record_once

DEMO_CASES = uuid.UUID("0b9c7a1e-5d2f-4e3a-8c6b-1f2e3d4c5b6a")
# (state wanted, how many per office, days ago the walk happened, the actions that lead there)
PLAN: tuple[tuple[str, int, int, tuple[tuple[str, dict[str, str]], ...]], ...] = (
    ("notice_issued", 1, 3, (("notice", {}),)),
    ("notice_issued", 1, 45, (("notice", {}),)),  # past its 30 days: needs attention
    ("compounded", 1, 8, (("notice", {}), ("compound", {}))),
    ("compounded", 1, 75, (("notice", {}), ("compound", {}))),  # unpaid past its date
    ("paid", 1, 20, (("notice", {}), ("compound", {}), ("record_payment", {"receipt_number": "RESIT-DEMO"}))),
    ("waived", 1, 15, (("notice", {}), ("waive", {"reason": "amnesty", "note": "Ops Pemutihan"}))),
    ("referred_for_prosecution", 1, 60, (("notice", {}), ("compound", {}), ("refer_prosecution", {}))),
    (
        "closed",
        1,
        25,
        (
            ("notice", {}),
            ("compound", {}),
            ("record_payment", {"receipt_number": "RESIT-DEMO"}),
            ("close", {}),
        ),
    ),
)


@dataclass(frozen=True)
class CasesReport:
    opened: int
    moved: int


# Shops found unregistered in each office's first area, beside those of demo.premises: enough
# for a case in every state in every office.
SHOPS = (
    ("Restoran Selera Kampung", "restoran"),
    ("Kedai Runcit Seri Maju", "kedai runcit"),
    ("Bengkel Motor Jaya", "bengkel motosikal"),
    ("Dobi Layan Diri Bersih", "dobi"),
    ("Kedai Gunting Rambut Ali", "kedai gunting rambut"),
    ("Gerai Nasi Lemak Mak Som", "gerai makanan"),
    ("Kedai Telefon Bintang", "kedai telefon"),
    ("Kafe Kopi Tiam Lama", "kafe"),
    ("Pusat Cuci Kereta Kilat", "cuci kereta"),
    ("Kedai Bunga Melur", "kedai bunga"),
)
STEP_DEGREES = 0.0025  # about 280 m between two shops: never merged as one premises


def ensure_demo_cases(*, now: datetime) -> CasesReport:
    _record_shops(now=now)
    opened = _open_cases_for_findings()
    assign_open_premises(on=now.date())  # the new shops, and their cases, go to an inspector
    moved = sum(_walk_office(office, now=now) for office in Office.objects.order_by("code"))
    return CasesReport(opened=opened, moved=moved)


def _record_shops(*, now: datetime) -> int:
    made = 0
    for office in Office.objects.order_by("code"):
        area = Area.objects.filter(office=office).order_by("code").first()
        if area is None:
            continue
        centre = area.boundary.point_on_surface
        for index, (name, kind) in enumerate(SHOPS):
            spot = Point(
                centre.x + STEP_DEGREES * (index % 5 - 2), centre.y + STEP_DEGREES * (index // 5), srid=4326
            )
            if not area.boundary.contains(spot):
                continue
            made += record_once(
                officer=_officer(index), submission=_shop(office, name, kind, spot, index, now)
            )
    return made


def _shop(office: Office, name: str, kind: str, spot: Point, index: int, now: datetime) -> Submission:
    return Submission(
        client_uuid=uuid.uuid5(DEMO_NAMESPACE, f"shop:{office.code}:{name}"),
        observed_at=now - timedelta(days=90 - index, hours=index % 5),
        latitude=spot.y,
        longitude=spot.x,
        accuracy_m=8 + index,
        outcome=Detection.Outcome.UNREGISTERED,
        premises_name=name,
        address=f"{office.name}",
        kind=kind,
        workers_seen=2 + index % 4,
    )


def _open_cases_for_findings() -> int:
    """Detections stored before enforcement existed (or while its receiver was not connected)."""
    pending = (
        Detection.objects.filter(outcome__in=NON_COMPLIANT, premises__isnull=False)
        .exclude(premises__cases__isnull=False)
        .order_by("observed_at", "id")
        .values_list("pk", flat=True)
    )
    return sum(record_findings(detection_id=pk) is not None for pk in pending)


def _walk_office(office: Office, *, now: datetime) -> int:
    have = Counter(Case.objects.filter(office=office).values_list("state", flat=True))
    wanted: Counter[str] = Counter()
    moved = 0
    for state, count, days_ago, steps in PLAN:
        wanted[state] += count
        while have[state] < wanted[state]:
            case = _next_open_case(office)
            if case is None:
                return moved
            # never before the case opened (the shops of SHOPS opened 81 to 90 days ago)
            at = max(case.opened_at + timedelta(hours=1), now - timedelta(days=days_ago))
            moved += _walk(case, steps, at=at)
            have[state] += 1
    return moved


def _next_open_case(office: Office) -> Case | None:
    return (
        Case.objects.filter(office=office, state="open", events__action="opened")
        .exclude(events__action="notice")
        .select_related("premises", "inspector")
        .order_by("opened_at", "id")
        .first()
    )


def _walk(case: Case, steps: tuple, *, at: datetime) -> int:
    actor = case.inspector or _someone_of(case.office)
    if actor is None:
        return 0
    for minutes, (action, fields) in enumerate(steps):
        key = uuid.uuid5(DEMO_CASES, f"{case.pk}:{action}")
        when = at + timedelta(minutes=minutes * 30)
        try:
            case = act(case, action, actor, when, case.premises.location, client_uuid=key, **fields)
        except ActionRefused:
            return minutes  # e.g. no compound schedule in this database: the case stays where it is
    return len(steps)


def _someone_of(office: Office | None) -> User | None:
    staff = User.objects.filter(home_office=office, groups__name__in=["inspector", "supervisor"])
    return staff.order_by("staff_number").first()
