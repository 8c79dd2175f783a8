"""A national operation on top of the dashboard's national facts (bench.dashboard_scale at 1x):
its places inspected, their detections and the cases those opened, walked through their states.

The places and detections are inserted with SQL, as the dashboard's facts are; the cases go through
enforcement's own code (record_findings, act, reconcile_cases), so that their findings, events and
the details the report reads are the ones the app writes. Deterministic (setseed).
"""

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from .dashboard_scale import execute, insert_select

CODE = "OPS-KESAN-BENCH"
MALAYSIA = ZoneInfo("Asia/Kuala_Lumpur")
STARTS = datetime(2025, 6, 9, 8, tzinfo=MALAYSIA)  # inside the month the dashboard rows read
DAYS = 7
# The places' outcomes (their latest check), as cumulative shares: a third of the places
# checked in an Ops Kesan found unregistered, most of the rest registered employers.
OUTCOMES = (
    (0.30, "unregistered"),
    (0.35, "not_found"),
    (0.77, "compliant"),
    (0.85, "registered_not_contributing"),
    (0.91, "employees_not_registered"),
    (0.95, "not_liable"),
    (0.98, "ceased"),
    (1.00, "refused"),
)
PREMISES_OUTCOMES = ("unregistered", "not_found")  # detection.submission: a premises is stored
# What became of the cases, one plan per case in turn (20 cases a round): open, notice only,
# compounded and unpaid, paid, waived, referred, paid and closed.
WALKS = (
    *[()] * 3,
    *[("notice",)] * 4,
    *[("notice", "compound")] * 4,
    *[("notice", "compound", "record_payment")] * 4,
    ("notice", "waive"),
    ("notice", "compound", "refer_prosecution"),
    *[("notice", "compound", "record_payment", "close")] * 3,
)
DAYS_AFTER = {"notice": 1, "waive": 12, "compound": 20, "record_payment": 40, "refer_prosecution": 50,
              "close": 45}  # fmt: skip
REGISTERING = 3  # cases in ten whose business registers (the reconciliation finds it)


@dataclass(frozen=True)
class Seeded:
    operation_id: int
    places: int
    operation_detections: int
    cases: int
    moves: int
    registered: int

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def seed_operation(*, places: int, areas: int) -> Seeded:
    from django.db import connection

    from detection.models import Detection

    operation = _plan(areas)
    execute("SET statement_timeout = 0")
    execute("SELECT setseed(0.17)")
    _background_cases()
    _places(places, areas)
    _premises()
    _detections(operation.pk)
    _workers(operation.pk)
    execute("ANALYZE")
    cases = _cases(operation.pk)
    moves = _walk(operation.pk)
    registered = _register(operation.pk)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_op_place")
    return Seeded(
        operation_id=operation.pk,
        places=places,
        operation_detections=Detection.objects.filter(operation_id=operation.pk).count(),
        cases=cases,
        moves=moves,
        registered=registered,
    )


def _background_cases() -> None:
    """The year's other cases, one per premises of the national facts, so that the operation's are
    found among many: open, under notice (one in three) or closed when the business registered."""
    from enforcement.models import Case, CaseEvent, Finding

    notice = "p.status <> 'registered' AND p.id % 3 = 0"
    state = f"CASE WHEN p.status = 'registered' THEN 'closed' WHEN {notice} THEN 'notice_issued' "
    state += "ELSE 'open' END"
    insert_select(
        Case,
        {
            "premises_id": "p.id",
            "employer_id": "p.registered_employer_id",
            "office_id": "a.office_id",
            "area_id": "p.area_id",
            "state": state,
            "opened_at": "p.first_detected_at",
            "registered_at": "p.registered_at",
            "days_to_registration": "(p.registered_at::date - p.first_detected_at::date)",
            "closed_at": "p.registered_at",
            "notice_number": f"CASE WHEN {notice} THEN 'BG/' || p.id ELSE '' END",
            "notice_issued_at": f"CASE WHEN {notice} THEN p.first_detected_at + interval '1 day' END",
            "notice_due": f"CASE WHEN {notice} THEN p.first_detected_at::date + 31 END",
        },
        "detection_premises p JOIN nforce_area a ON a.id = p.area_id",
    )
    insert_select(
        Finding,
        {"case_id": "c.id", "section": "'act4_s4'", "workers": "1 + c.id % 5", "found_at": "c.opened_at",
         "resolved_at": "c.registered_at"},
        "enforcement_case c",
    )  # fmt: skip
    events = (
        ("opened", "open", "open", "c.opened_at", {"sections": ["act4_s4"]}, "true"),
        ("notice", "open", "notice_issued", "c.notice_issued_at", {}, "c.notice_number <> ''"),
        ("registered", "open", "open", "c.registered_at", {}, "c.registered_at IS NOT NULL"),
        ("close", "open", "closed", "c.closed_at", {"reason": "registered"}, "c.state = 'closed'"),
    )
    for action, before, after, at, details, where in events:
        insert_select(
            CaseEvent,
            {"case_id": "c.id", "action": f"'{action}'", "from_state": f"'{before}'",
             "to_state": f"'{after}'", "at": at, "details": f"'{json.dumps(details)}'::jsonb"},
            f"enforcement_case c WHERE {where}",
        )  # fmt: skip


def _plan(areas: int):
    """The operation, planned as an administrator plans a national one: every area, every officer."""
    from detection.operations import plan_operation
    from nforce.models import Area, User

    from .dashboard_scale import _bench_users

    admin, _supervisor = _bench_users()
    return plan_operation(
        by=admin,
        code=CODE,
        name="Ops Kesan (bench)",
        kind="detection",
        office=None,
        starts_at=STARTS,
        ends_at=STARTS + timedelta(days=DAYS),
        areas=list(Area.objects.filter(code__startswith="BA")[:areas]),
        team=list(User.objects.filter(staff_number__startswith="BS").exclude(staff_number__endswith="-0")),
    )


def _places(count: int, areas: int) -> None:
    """One row per place inspected: its area, its latest outcome, when it was checked."""
    outcome = " ".join(f"WHEN r < {share} THEN '{name}'" for share, name in OUTCOMES)
    execute(f"""
        CREATE TABLE bench_op_place AS
        SELECT g, g % {areas} AS a, CASE {outcome} END AS outcome, r2,
               timestamptz '{STARTS.isoformat()}' + (g % {DAYS}) * interval '1 day'
                   + (1 + r2 * 10) * interval '1 hour' AS t
        FROM (SELECT g, random() AS r, random() AS r2 FROM generate_series(1, {count}) g) s""")


def _premises() -> None:
    """The unregistered and not-found places are stored as premises, as capture stores them."""
    from detection.models import Premises

    insert_select(
        Premises,
        {
            "name": "'Kedai Operasi ' || pl.g",
            "location": "ST_SetSRID(ST_MakePoint(ba.lon + random() * 0.4, ba.lat + random() * 0.4), "
            "4326)::geography",
            "area_id": "ba.area_id",
            "status": "'open'",
            "workers_seen": "1 + pl.g % 8",
            "first_detected_at": "pl.t",
            "last_detected_at": "pl.t",
            "detection_count": "1",
            "created_by_id": "ba.officers[1 + pl.g % array_length(ba.officers, 1)]",
        },
        "bench_op_place pl JOIN bench_dash_area ba ON ba.area_idx = pl.a "
        f"WHERE pl.outcome IN {PREMISES_OUTCOMES}",
    )


def _detections(operation_id: int) -> None:
    """Each place's check; one premises in five was checked once before that day (refused, then
    found again): the report counts a place once, by its latest outcome."""
    from django.db import connection

    from detection.models import Detection

    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id) FROM registry_employer WHERE employer_code LIKE 'G%'")
        first_employer = cursor.fetchone()[0]
    source = (
        "(SELECT pl.*, 0 AS earlier FROM bench_op_place pl UNION ALL SELECT pl.*, 1 FROM bench_op_place pl "
        f"WHERE pl.outcome IN {PREMISES_OUTCOMES} AND pl.r2 < 0.2) pl "
        "JOIN bench_dash_area ba ON ba.area_idx = pl.a "
        "LEFT JOIN detection_premises p ON p.name = 'Kedai Operasi ' || pl.g"
    )
    at = "pl.t - pl.earlier * interval '3 hours'"
    insert_select(
        Detection,
        {
            "client_uuid": "gen_random_uuid()",
            "officer_id": "ba.officers[1 + pl.g % array_length(ba.officers, 1)]",
            "observed_at": at,
            "received_at": at,
            "location": "coalesce(p.location, ST_SetSRID(ST_MakePoint(ba.lon + random() * 0.4, "
            "ba.lat + random() * 0.4), 4326)::geography)",
            "accuracy_m": "5 + pl.g % 20",
            "subject": "CASE WHEN p.id IS NULL THEN 'employer' ELSE 'premises' END",
            "outcome": "CASE WHEN pl.earlier = 1 THEN 'refused' ELSE pl.outcome END",
            "employer_id": f"CASE WHEN p.id IS NULL THEN {first_employer} + pl.g END",
            "premises_id": "p.id",
            "premises_name": "coalesce(p.name, '')",
            "workers_seen": "1 + pl.g % 8",
            "area_id": "ba.area_id",
            "operation_id": str(operation_id),
        },
        source,
    )


def _workers(operation_id: int) -> None:
    """Two unregistered premises in five, and the employers whose employees were not registered,
    had their workers listed: one to four each, every other one foreign, none registered."""
    from detection.models import DetectionWorker

    insert_select(
        DetectionWorker,
        {
            "detection_id": "d.id",
            "id_hash": "md5(d.id || '-' || k)",
            "masked": "'********' || lpad(k::text, 4, '0')",
            "foreign": "k % 2 = 0",
            "registered": "false",
        },
        "detection_detection d CROSS JOIN LATERAL generate_series(1, 1 + d.id % 4) k "
        f"WHERE d.operation_id = {operation_id} AND (d.outcome = 'employees_not_registered' "
        "OR (d.outcome = 'unregistered' AND d.premises_id % 5 < 2))",
    )


def _cases(operation_id: int) -> int:
    """Each non-compliant check through enforcement's receiver, in the order they were made."""
    from detection.models import Detection
    from enforcement.findings import NON_COMPLIANT, record_findings
    from enforcement.models import Case

    checks = Detection.objects.filter(operation_id=operation_id, outcome__in=NON_COMPLIANT)
    for detection_id in checks.order_by("observed_at", "id").values_list("id", flat=True):
        record_findings(detection_id=detection_id)
    return Case.objects.filter(operation_id=operation_id).count()


def _walk(operation_id: int) -> int:
    """Every case moved by its area's inspector, through act() as the API moves it. (A case with
    no office cannot be numbered: in the quick facts two areas have none, their cases stay open.)"""
    from django.db import connection

    from enforcement.cases import act
    from enforcement.models import Case
    from nforce.models import User

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ba.area_id, i.user_id FROM bench_dash_area ba "
            "JOIN dispatch_inspector i ON i.id = ba.inspector_id"
        )
        inspectors = dict(cursor.fetchall())
    users = User.objects.in_bulk(set(inspectors.values()))
    cases = Case.objects.filter(operation_id=operation_id, office__isnull=False).order_by("id")
    moves = 0
    for index, case in enumerate(cases):
        for action in WALKS[index % len(WALKS)]:
            at = case.opened_at + timedelta(days=DAYS_AFTER[action])
            act(case, action, users[inspectors[case.area_id]], at, None, **_fields(action, case, index))
            moves += 1
    return moves


def _fields(action: str, case, index: int) -> dict:
    if action == "compound":
        return {"months_unregistered": (index * 7) % 40}  # the officer's finding: bands vary
    if action == "record_payment":
        return {"receipt_number": f"RESIT-{case.pk}"}
    if action == "waive":
        return {"reason": "reduction", "note": "Keputusan pengurangan"}
    return {}


def _register(operation_id: int) -> int:
    """Three businesses in ten register within weeks; the reconciliation job finds them, keeps the
    days to registration and closes the cases that owe nothing."""
    from enforcement.models import Case
    from enforcement.reconcile import reconcile_cases
    from registry.models import Employer

    chosen = (
        f"(SELECT premises_id FROM enforcement_case WHERE operation_id = {operation_id} "
        f"AND id % 10 < {REGISTERING})"
    )
    insert_select(
        Employer,
        {
            "employer_code": "'OP' || lpad(p.id::text, 10, '0')",
            "name": "p.name",
            "registered_on": "(p.first_detected_at AT TIME ZONE 'Asia/Kuala_Lumpur')::date "
            "+ (5 + p.id % 30)::int",
        },
        f"detection_premises p WHERE p.id IN {chosen}",
    )
    execute(f"""
        UPDATE detection_premises p
           SET status = 'registered', registered_employer_id = e.id,
               registered_at = e.registered_on + time '12:00'
          FROM registry_employer e
         WHERE e.employer_code = 'OP' || lpad(p.id::text, 10, '0') AND p.id IN {chosen}""")
    reconcile_cases(now=STARTS + timedelta(days=DAYS + 60))
    return Case.objects.filter(operation_id=operation_id, registered_at__isnull=False).count()
