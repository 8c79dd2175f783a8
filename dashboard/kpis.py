"""The dashboard's key figures for a period and the previous period of the same length.

Definitions (a "day" is a local calendar day, Asia/Kuala_Lumpur; the area and officer a number is
counted under are given after the arrow):

checks
    Detections observed (device time, `observed_at`) in the period, whatever was checked and
    whatever the outcome; a registry lookup made with a position counts (a detection in the
    "checked" state: every check counts). -> the detection's area, the detection's officer.
checks_unconfirmed
    Of those, the checks that ended without a confirmed business: lookups the officer left
    without recording an outcome (still "checked"; the tap that records one completes the same
    detection, so a check is never counted twice). -> as checks.
premises_visited
    Visits: a place checked on a day, counted once per place and day however many checks were made
    there; a place is the detection's premises, else its registered employer (a check that names
    neither, e.g. a worker's MyKad alone, is not a visit). The same shop on two days is two visits.
    -> area and officer of the first check at that place that day.
unregistered_found
    Premises (unregistered businesses) first detected in the period. -> the premises' area, the
    officer who recorded it (`created_by`).
assignments_open
    Assignments not closed at the end of the period's last day (at the time of reading if the
    period has not ended yet): assigned on or before that day, and closed after it or not at all.
    A state, not a flow. -> the premises' area, the assigned inspector.
assignments_overdue
    Of those, the ones due before that day (`Assignment.is_overdue(on=that day)`).
registrations_won
    Premises that became registered employers in the period (`registered_at`), whatever their
    status today. -> the premises' area; the inspector who recorded the "registered" outcome,
    else the officer who found the premises.
workers_covered
    For each registration won in the period, the distinct insured persons employed by the won
    employer on the day it was won (an employment started on or before that day, not ended
    before it); summed over registrations. Same area and officer as the registration.
operations_run
    Operations (detection.models.Operation) that start in the period. -> the first of the
    operation's areas (lowest id; none: outside every area), the officer who planned it.
compounds_issued, compounds_amount_rm
    Compounds issued in the period (a case's "compound" event) and the sum of their amounts as
    issued, in ringgit. -> the case's area, the officer who issued it (the event's actor).
compounds_paid_rm
    Ringgit paid in the period ("record_payment" events, whatever compound they settle). -> as
    compounds.
referred_for_prosecution
    Cases referred for prosecution in the period ("refer_prosecution" events). -> as compounds.
non_compliant_percent
    Of the places inspected in the period (a place checked on a day, as for premises_visited,
    rejected checks left out), the share whose last outcome that day is non-compliant
    (detection.outcomes.NON_COMPLIANT), in percent to one decimal; None when nothing was
    inspected. -> area and officer of that last check.
median_days_to_registration
    Median, over the registrations won in the period, of the whole days from the day the premises
    was first detected to the day it was registered (the mean of the two middle values for an even
    count); None when nothing was registered.

Reads only the rollups (dashboard.models): four queries, whatever the detection volume.
Without an officer filter the flows and the backlog come from AreaDayRollup (one row per area and
day), else from the tables by officer.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Q, QuerySet, Sum

from .filters import Filters
from .models import (
    ActivityRollup,
    AreaDayRollup,
    BacklogRollup,
    EnforcementRollup,
    RegistrationDelayRollup,
)
from .periods import Period, state_day

# checks_unconfirmed came last (issue 17): the columns of the exports before it keep their places.
FLOWS = (
    "checks",
    "premises_visited",
    "unregistered_found",
    "registrations_won",
    "workers_covered",
    "checks_unconfirmed",
)
KPI_NAMES = (
    "checks",
    "premises_visited",
    "unregistered_found",
    "assignments_open",
    "assignments_overdue",
    "registrations_won",
    "workers_covered",
    "median_days_to_registration",
    "checks_unconfirmed",
)
# Enforcement's follow-up (issue 17): after every earlier figure, in the summary and on the page.
ENFORCEMENT_NAMES = (
    "operations_run",
    "compounds_issued",
    "compounds_amount_rm",
    "compounds_paid_rm",
    "referred_for_prosecution",
    "non_compliant_percent",
)
# EnforcementRollup's columns: the sums as they are, the percent from its two counts.
ENFORCEMENT_SUMS = (*ENFORCEMENT_NAMES[:-1], "premises_inspected", "premises_non_compliant")


@dataclass(frozen=True)
class Kpis:
    checks: int = 0
    premises_visited: int = 0
    unregistered_found: int = 0
    assignments_open: int = 0
    assignments_overdue: int = 0
    registrations_won: int = 0
    workers_covered: int = 0
    median_days_to_registration: float | None = None
    checks_unconfirmed: int = 0
    operations_run: int = 0
    compounds_issued: int = 0
    compounds_amount_rm: Decimal = Decimal("0.00")
    compounds_paid_rm: Decimal = Decimal("0.00")
    referred_for_prosecution: int = 0
    non_compliant_percent: float | None = None


@dataclass(frozen=True)
class Comparison:
    current: Kpis
    previous: Kpis
    period: Period

    @property
    def previous_period(self) -> Period:
        return self.period.previous()


def median_of(histogram: Iterable[tuple[int, int]]) -> float | None:
    """The median of values given as (value, how many times): the middle one, or the two middles' mean."""
    pairs = sorted((value, count) for value, count in histogram if count)
    total = sum(count for _, count in pairs)
    if total == 0:
        return None
    return (_nth(pairs, (total - 1) // 2) + _nth(pairs, total // 2)) / 2


def _nth(pairs: list[tuple[int, int]], index: int) -> int:
    seen = 0
    for value, count in pairs:
        seen += count
        if index < seen:
            return value
    raise IndexError(index)


def grouped_medians(
    histogram: QuerySet, *, keys: tuple[str, ...], value: str, count: str
) -> dict[tuple, float]:
    """median_of() for each group of a histogram, in SQL: {key values: median}.

    `histogram` selects the columns named `keys`, `value` and `count`, one row per key and value
    (a grouped query). The database runs a cumulative sum over each group's values in order and
    returns, per group, the first value whose running count passes the middle index (and the one
    after it, for an even count): one row per group, not one per group and value.
    """
    try:
        inner, params = histogram.query.sql_with_params()
    except EmptyResultSet:  # filtered on no area at all (a supervisor without an office)
        return {}
    quote = connections[histogram.db].ops.quote_name
    columns = ", ".join(quote(key) for key in keys)
    value, count = quote(value), quote(count)
    group = f"PARTITION BY {columns}" if keys else ""
    # Only quoted column names and the ORM's own compiled query (its values stay parameters).
    sql = f"""
        SELECT {columns}{", " if keys else ""}
               ((MIN({value}) FILTER (WHERE upto > (total - 1) / 2)
                 + MIN({value}) FILTER (WHERE upto > total / 2)) / 2.0)::float8
        FROM (
            SELECT histogram.*,
                   (SUM({count}) OVER ({group} ORDER BY {value}))::bigint AS upto,
                   (SUM({count}) OVER ({group}))::bigint AS total
            FROM ({inner}) AS histogram
            WHERE {count} > 0
        ) AS running
        {"GROUP BY " + columns if keys else ""}
    """  # noqa: S608
    with connections[histogram.db].cursor() as cursor:
        cursor.execute(sql, params)
        return {tuple(row[:-1]): row[-1] for row in cursor.fetchall() if row[-1] is not None}


def _scoped(model, filters: Filters):
    return model.objects.filter(filters.areas_q("area"), filters.officer_q("officer"))


def by_area_or_officer(
    filters: Filters, *, by_officer: bool = False
) -> tuple[type[ActivityRollup | AreaDayRollup], type[BacklogRollup | AreaDayRollup]]:
    """(flows, backlog) tables for a read: by area and day unless the read is about officers."""
    if by_officer or filters.officer is not None:
        return ActivityRollup, BacklogRollup
    return AreaDayRollup, AreaDayRollup


def flow_sums(*, filters: Filters, periods: dict[str, Period]) -> dict[str, dict[str, int]]:
    """The flow figures of several periods in one query: {period name: {kpi: sum}}."""
    flows, _backlog = by_area_or_officer(filters)
    return _sums_by_period(_scoped(flows, filters), FLOWS, periods)


def _sums_by_period(rows: QuerySet, fields: tuple[str, ...], periods: dict[str, Period]) -> dict[str, dict]:
    """{period name: {field: its sum over the period's days}} of rollup rows, in one query."""
    sums = {
        f"{name}__{field}": Sum(field, filter=Q(day__range=(period.start, period.end)), default=0)
        for name, period in periods.items()
        for field in fields
    }
    row = rows.filter(day__range=_span(periods)).aggregate(**sums)
    return {name: {field: row[f"{name}__{field}"] for field in fields} for name in periods}


def _span(periods: dict[str, Period]) -> tuple[date, date]:
    """From the first day of the periods to the last: the rows any of them needs."""
    return min(p.start for p in periods.values()), max(p.end for p in periods.values())


def backlog_at(*, filters: Filters, days: dict[str, date]) -> dict[str, dict[str, int]]:
    """Assignments open and overdue at the end of each named day, in one query."""
    sums = {}
    for name, day in days.items():
        sums[f"{name}__open"] = Sum("open_change", filter=Q(day__lte=day), default=0)
        sums[f"{name}__overdue"] = Sum("overdue_change", filter=Q(day__lte=day), default=0)
    _flows, backlog = by_area_or_officer(filters)
    row = _scoped(backlog, filters).filter(day__lte=max(days.values())).aggregate(**sums)
    return {
        name: {"assignments_open": row[f"{name}__open"], "assignments_overdue": row[f"{name}__overdue"]}
        for name in days
    }


def delay_medians(*, filters: Filters, periods: dict[str, Period]) -> dict[str, float | None]:
    """Median days to registration of each period, from one grouped query on the histogram."""
    counts = {
        name: Sum("registrations", filter=Q(day__range=(period.start, period.end)), default=0)
        for name, period in periods.items()
    }
    rows = list(
        _scoped(RegistrationDelayRollup, filters)
        .filter(day__range=_span(periods))
        .values("delay_days")
        .annotate(**counts)
        .order_by()
    )
    return {name: median_of((row["delay_days"], row[name]) for row in rows) for name in periods}


def percent_of(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def enforcement_figures(*, filters: Filters, periods: dict[str, Period]) -> dict[str, dict[str, Any]]:
    """Enforcement's figures of several periods in one query on EnforcementRollup."""
    sums = _sums_by_period(_scoped(EnforcementRollup, filters), ENFORCEMENT_SUMS, periods)
    figures = {}
    for name, values in sums.items():
        inspected, non_compliant = values.pop("premises_inspected"), values.pop("premises_non_compliant")
        for money in "compounds_amount_rm", "compounds_paid_rm":
            values[money] = Decimal(values[money]).quantize(Decimal("0.01"))
        figures[name] = {**values, "non_compliant_percent": percent_of(non_compliant, inspected)}
    return figures


def compare(*, filters: Filters, today: date) -> Comparison:
    """The period's figures against the previous period of the same length."""
    periods = {"current": filters.period, "previous": filters.period.previous()}
    flows = flow_sums(filters=filters, periods=periods)
    backlog = backlog_at(
        filters=filters, days={name: state_day(p, today=today) for name, p in periods.items()}
    )
    medians = delay_medians(filters=filters, periods=periods)
    enforcement = enforcement_figures(filters=filters, periods=periods)
    figures = {}
    for name in periods:
        values: dict[str, Any] = {**flows[name], **backlog[name], **enforcement[name]}
        figures[name] = Kpis(**values, median_days_to_registration=medians[name])
    return Comparison(current=figures["current"], previous=figures["previous"], period=filters.period)
