"""Daily rollups, recomputed from the facts for a range of local days.

One function, `refresh_rollups()`, serves both the live path (the days a write touched, after it
commits: dashboard.freshness) and the rebuild (`manage.py rebuild_rollups`), so the two
cannot disagree on what a number means. A refresh replaces every rollup row of its days in one
transaction, under an advisory lock so that two refreshes never interleave their delete and insert.

Raw SQL because a rebuild of years must stay in the database (INSERT ... SELECT, no rows through
Python); table names come from the models, every value is a parameter.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model

from detection.models import Detection, Operation, Premises
from detection.outcomes import NON_COMPLIANT
from detection.quality import UNCOUNTED_PREMISES
from dispatch.models import Assignment, Inspector
from enforcement.models import Case, CaseEvent
from registry.models import Employment

from .models import (
    ActivityRollup,
    AreaDayRollup,
    BacklogRollup,
    EnforcementRollup,
    RegistrationDelayRollup,
)
from .periods import Period

# Any constant shared by every process that writes rollups (pg_advisory_xact_lock takes a bigint).
ROLLUP_LOCK = 7_402_201_611
REBUILD_CHUNK_DAYS = 31
# The app's statement_timeout (30 s) guards requests; a month of national facts may take longer,
# so a refresh sets its own limit for its transaction only.
REFRESH_TIMEOUT = "10min"


def _tables() -> dict[str, str]:
    models: dict[str, type[Model]] = {
        "detection": Detection,
        "premises": Premises,
        "assignment": Assignment,
        "inspector": Inspector,
        "employment": Employment,
        "activity": ActivityRollup,
        "backlog": BacklogRollup,
        "delay": RegistrationDelayRollup,
        "area_day": AreaDayRollup,
        "operation": Operation,
        "operation_areas": Operation.areas.through,
        "case": Case,
        "case_event": CaseEvent,
        "enforcement": EnforcementRollup,
    }
    return {name: model._meta.db_table for name, model in models.items()}


# Premises registered in the range: their local day, area, credited officer, delay and workers.
# Credit goes to the inspector who recorded the registration, else to whoever found the premises.
# Workers: distinct persons employed by the won employer on the day it was won.
WON_SQL = """
SELECT won.day, p.area_id, COALESCE(credit.user_id, p.created_by_id) AS officer_id,
       GREATEST(0, won.day - (p.first_detected_at AT TIME ZONE %(tz)s)::date) AS delay_days,
       (SELECT count(DISTINCT e.person_id) FROM {employment} e
         WHERE e.employer_id = p.registered_employer_id
           AND e.started_on <= won.day AND (e.ended_on IS NULL OR e.ended_on >= won.day)) AS workers
FROM {premises} p
CROSS JOIN LATERAL (SELECT (p.registered_at AT TIME ZONE %(tz)s)::date AS day) won
LEFT JOIN LATERAL (
    SELECT i.user_id FROM {assignment} a JOIN {inspector} i ON i.id = a.inspector_id
    WHERE a.premises_id = p.id AND a.outcome = %(registered)s
    ORDER BY a.closed_at DESC NULLS LAST, a.id DESC LIMIT 1
) credit ON true
WHERE p.registered_at >= %(start_ts)s AND p.registered_at < %(end_ts)s
"""

ACTIVITY_SQL = """
WITH det AS (
    SELECT d.id, d.area_id, d.officer_id, d.observed_at,
           (d.observed_at AT TIME ZONE %(tz)s)::date AS day,
           (d.outcome = %(checked)s)::int AS unconfirmed,
           COALESCE('p' || d.premises_id, 'e' || d.employer_id) AS place
    FROM {detection} d
    WHERE d.observed_at >= %(start_ts)s AND d.observed_at < %(end_ts)s
      AND d.review <> %(rejected)s  -- a supervisor rejected it: it counts in no figure
),
visits AS (
    -- One place on one local day is one visit, credited to the first check made there that day.
    SELECT DISTINCT ON (day, place) day, area_id, officer_id
    FROM det WHERE place IS NOT NULL
    ORDER BY day, place, observed_at, id
),
found AS (
    SELECT (p.first_detected_at AT TIME ZONE %(tz)s)::date AS day, p.area_id, p.created_by_id AS officer_id
    FROM {premises} p
    WHERE p.first_detected_at >= %(start_ts)s AND p.first_detected_at < %(end_ts)s
      AND p.status <> ALL(%(uncounted)s)  -- merged into another, or excluded by a supervisor
),
cells AS (
    SELECT day, area_id, officer_id, 1 AS checks, unconfirmed, 0 AS visits, 0 AS found, 0 AS won, 0 AS workers
    FROM det
    UNION ALL SELECT day, area_id, officer_id, 0, 0, 1, 0, 0, 0 FROM visits
    UNION ALL SELECT day, area_id, officer_id, 0, 0, 0, 1, 0, 0 FROM found
    UNION ALL SELECT day, area_id, officer_id, 0, 0, 0, 0, 1, workers FROM ({won}) won
)
INSERT INTO {activity} (day, area_id, officer_id, checks, checks_unconfirmed,
    premises_visited, unregistered_found, registrations_won, workers_covered)
SELECT day, area_id, officer_id, sum(checks), sum(unconfirmed), sum(visits), sum(found), sum(won),
       sum(workers)
FROM cells GROUP BY day, area_id, officer_id
"""

DELAY_SQL = """
INSERT INTO {delay} (day, area_id, officer_id, delay_days, registrations)
SELECT day, area_id, officer_id, delay_days, count(*) FROM ({won}) won
GROUP BY day, area_id, officer_id, delay_days
"""

# An assignment is open at the end of the local days [opened, closed), overdue at the end of the
# days [max(opened, due_on + 1), closed) -- Assignment.is_overdue(on) is due_on < on. Each edge
# is a +1 or -1 on its day, so the state at the end of day T is the sum of the changes up to T.
BACKLOG_SQL = """
WITH spans AS (
    SELECT p.area_id, i.user_id AS officer_id, o.opened,
           CASE WHEN a.status = %(closed)s THEN GREATEST(
               o.opened, (COALESCE(a.closed_at, a.assigned_at) AT TIME ZONE %(tz)s)::date) END AS closed,
           GREATEST(o.opened, a.due_on + 1) AS overdue_from
    FROM {assignment} a
    JOIN {premises} p ON p.id = a.premises_id
    JOIN {inspector} i ON i.id = a.inspector_id
    CROSS JOIN LATERAL (SELECT (a.assigned_at AT TIME ZONE %(tz)s)::date AS opened) o
    WHERE a.assigned_at < %(end_ts)s
),
changes AS (
    SELECT opened AS day, area_id, officer_id, 1 AS open_change, 0 AS overdue_change FROM spans
    UNION ALL SELECT closed, area_id, officer_id, -1, 0 FROM spans WHERE closed IS NOT NULL
    UNION ALL SELECT overdue_from, area_id, officer_id, 0, 1 FROM spans
        WHERE closed IS NULL OR overdue_from < closed
    UNION ALL SELECT closed, area_id, officer_id, 0, -1 FROM spans WHERE overdue_from < closed
)
INSERT INTO {backlog} (day, area_id, officer_id, open_change, overdue_change)
SELECT day, area_id, officer_id, sum(open_change), sum(overdue_change)
FROM changes WHERE day BETWEEN %(start_day)s AND %(end_day)s
GROUP BY day, area_id, officer_id
HAVING sum(open_change) <> 0 OR sum(overdue_change) <> 0
"""

# The same days summed over officers: what national and office-wide reads use (see AreaDayRollup).
AREA_DAY_SQL = """
INSERT INTO {area_day} (day, area_id, checks, checks_unconfirmed, premises_visited, unregistered_found,
    registrations_won, workers_covered, open_change, overdue_change)
SELECT day, area_id, sum(checks), sum(checks_unconfirmed), sum(premises_visited), sum(unregistered_found),
       sum(registrations_won), sum(workers_covered), sum(open_change), sum(overdue_change)
FROM (
    SELECT day, area_id, checks, checks_unconfirmed, premises_visited, unregistered_found, registrations_won,
           workers_covered, 0 AS open_change, 0 AS overdue_change
    FROM {activity} WHERE day BETWEEN %(start_day)s AND %(end_day)s
    UNION ALL
    SELECT day, area_id, 0, 0, 0, 0, 0, 0, open_change, overdue_change
    FROM {backlog} WHERE day BETWEEN %(start_day)s AND %(end_day)s
) AS cells
GROUP BY day, area_id
"""

# Enforcement's follow-up (issue 17), by the day it happened. An operation counts on the local day
# it starts, under the first of its areas (by id; none: outside every area), for whoever planned
# it. Compounds, payments and referrals are the case's events ("compound", "record_payment",
# "refer_prosecution", as enforcement.reports counts them), under the case's area and the event's
# actor; amounts as the event recorded them. A place inspected is a place checked on a day (as a
# visit) with its last outcome that day, credited to that last check.
ENFORCEMENT_SQL = """
WITH ops AS (
    SELECT (o.starts_at AT TIME ZONE %(tz)s)::date AS day,
           (SELECT min(oa.area_id) FROM {operation_areas} oa WHERE oa.operation_id = o.id) AS area_id,
           o.created_by_id AS officer_id
    FROM {operation} o
    WHERE o.starts_at >= %(start_ts)s AND o.starts_at < %(end_ts)s
),
events AS (
    SELECT (e.at AT TIME ZONE %(tz)s)::date AS day, c.area_id, e.actor_id AS officer_id, e.action,
           COALESCE(NULLIF(e.details->>'amount_rm', ''), '0')::numeric AS amount
    FROM {case_event} e JOIN {case} c ON c.id = e.case_id
    WHERE e.at >= %(start_ts)s AND e.at < %(end_ts)s
      AND e.action IN ('compound', 'record_payment', 'refer_prosecution')
),
inspected AS (
    SELECT DISTINCT ON (day, place) day, area_id, officer_id,
           (outcome = ANY(%(non_compliant)s))::int AS non_compliant
    FROM (
        SELECT (d.observed_at AT TIME ZONE %(tz)s)::date AS day, d.area_id, d.officer_id, d.outcome,
               d.observed_at, d.id, COALESCE('p' || d.premises_id, 'e' || d.employer_id) AS place
        FROM {detection} d
        WHERE d.observed_at >= %(start_ts)s AND d.observed_at < %(end_ts)s
          AND d.review <> %(rejected)s
    ) det
    WHERE place IS NOT NULL
    ORDER BY day, place, observed_at DESC, id DESC
),
cells AS (
    SELECT day, area_id, officer_id, 1 AS ops, 0 AS compounds, 0::numeric AS amount,
           0::numeric AS paid, 0 AS referred, 0 AS inspected, 0 AS non_compliant
    FROM ops
    UNION ALL SELECT day, area_id, officer_id, 0, (action = 'compound')::int,
           CASE WHEN action = 'compound' THEN amount ELSE 0 END,
           CASE WHEN action = 'record_payment' THEN amount ELSE 0 END,
           (action = 'refer_prosecution')::int, 0, 0
    FROM events
    UNION ALL SELECT day, area_id, officer_id, 0, 0, 0, 0, 0, 1, non_compliant FROM inspected
)
INSERT INTO {enforcement} (day, area_id, officer_id, operations_run, compounds_issued,
    compounds_amount_rm, compounds_paid_rm, referred_for_prosecution, premises_inspected,
    premises_non_compliant)
SELECT day, area_id, officer_id, sum(ops), sum(compounds), sum(amount), sum(paid), sum(referred),
       sum(inspected), sum(non_compliant)
FROM cells GROUP BY day, area_id, officer_id
"""

DELETE_SQL = "DELETE FROM {table} WHERE day BETWEEN %(start_day)s AND %(end_day)s"
ROLLUP_TABLES = ("activity", "backlog", "delay", "area_day", "enforcement")


def _sql(template: str) -> str:
    tables = _tables()
    return template.format(won=WON_SQL.format(**tables), **tables)


def _params(period: Period) -> dict:
    start_ts, end_ts = period.bounds()
    return {
        "tz": settings.TIME_ZONE,
        "start_ts": start_ts,
        "end_ts": end_ts,
        "start_day": period.start,
        "end_day": period.end,
        "closed": Assignment.Status.CLOSED,
        "registered": Assignment.Outcome.REGISTERED,
        "rejected": Detection.Review.REJECTED.value,
        "uncounted": list(UNCOUNTED_PREMISES),
        "checked": Detection.Outcome.CHECKED,
        "non_compliant": sorted(NON_COMPLIANT),
    }


@transaction.atomic
def refresh_rollups(*, period: Period) -> int:
    """Recompute every rollup row of the period's days from the facts. Returns rows written."""
    params = _params(period)
    written = 0
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL statement_timeout = '{REFRESH_TIMEOUT}'")
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ROLLUP_LOCK])
        for name in ROLLUP_TABLES:
            cursor.execute(DELETE_SQL.format(table=_tables()[name]), params)
        for template in ACTIVITY_SQL, DELAY_SQL, BACKLOG_SQL, AREA_DAY_SQL, ENFORCEMENT_SQL:
            cursor.execute(_sql(template), params)
            written += cursor.rowcount
    return written


FACT_SPAN_SQL = """
SELECT min(day), max(day) FROM (
    SELECT (min(observed_at) AT TIME ZONE %(tz)s)::date AS day FROM {detection}
    UNION ALL SELECT (max(observed_at) AT TIME ZONE %(tz)s)::date FROM {detection}
    UNION ALL SELECT (min(first_detected_at) AT TIME ZONE %(tz)s)::date FROM {premises}
    UNION ALL SELECT (max(first_detected_at) AT TIME ZONE %(tz)s)::date FROM {premises}
    UNION ALL SELECT (min(registered_at) AT TIME ZONE %(tz)s)::date FROM {premises}
    UNION ALL SELECT (max(registered_at) AT TIME ZONE %(tz)s)::date FROM {premises}
    UNION ALL SELECT (min(assigned_at) AT TIME ZONE %(tz)s)::date FROM {assignment}
    UNION ALL SELECT (max(assigned_at) AT TIME ZONE %(tz)s)::date FROM {assignment}
    UNION ALL SELECT (max(closed_at) AT TIME ZONE %(tz)s)::date FROM {assignment}
    UNION ALL SELECT max(due_on) + 1 FROM {assignment}
    UNION ALL SELECT (min(starts_at) AT TIME ZONE %(tz)s)::date FROM {operation}
    UNION ALL SELECT (max(starts_at) AT TIME ZONE %(tz)s)::date FROM {operation}
    UNION ALL SELECT (min(at) AT TIME ZONE %(tz)s)::date FROM {case_event}
    UNION ALL SELECT (max(at) AT TIME ZONE %(tz)s)::date FROM {case_event}
) AS edges
"""


def fact_span() -> Period | None:
    """The local days on which any fact counts: from the first check to the last overdue date."""
    with connection.cursor() as cursor:
        cursor.execute(FACT_SPAN_SQL.format(**_tables()), {"tz": settings.TIME_ZONE})
        first, last = cursor.fetchone()
    return Period(start=first, end=last) if first is not None else None


def chunks(period: Period, *, size: int = REBUILD_CHUNK_DAYS) -> Iterator[Period]:
    start = period.start
    while start <= period.end:
        end = min(period.end, start + timedelta(days=size - 1))
        yield Period(start=start, end=end)
        start = end + timedelta(days=1)


@dataclass(frozen=True)
class Progress:
    chunk: Period
    rows: int
    days_done: int
    days_total: int


def rebuild_rollups(
    *, period: Period | None = None, progress: Callable[[Progress], None] | None = None
) -> int:
    """Rebuild the rollups from the facts, a month at a time (each month its own transaction).

    With no period, rebuilds every day any fact counts on and drops rows outside those days.
    """
    whole = period is None
    period = period or fact_span()
    if period is None:
        _drop_rows_outside(None)
        return 0
    written = done = 0
    for chunk in chunks(period):
        rows = refresh_rollups(period=chunk)
        written, done = written + rows, done + chunk.days
        if progress is not None:
            progress(Progress(chunk=chunk, rows=rows, days_done=done, days_total=period.days))
    if whole:
        _drop_rows_outside(period)
    return written


def _drop_rows_outside(period: Period | None) -> None:
    for model in ActivityRollup, BacklogRollup, RegistrationDelayRollup, AreaDayRollup, EnforcementRollup:
        rows = model.objects.all()
        if period is not None:
            rows = rows.exclude(day__range=(period.start, period.end))
        rows.delete()


def ranges_of(days: set[date]) -> list[Period]:
    """Consecutive days as one period each, so that a refresh scans the facts once per run of days."""
    runs: list[Period] = []
    for day in sorted(days):
        if runs and runs[-1].end + timedelta(days=1) == day:
            runs[-1] = Period(start=runs[-1].start, end=day)
        else:
            runs.append(Period(start=day, end=day))
    return runs
