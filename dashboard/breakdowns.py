"""The key figures by state, area, office or officer, and over time. Reads only the rollups."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import F, Sum
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils.translation import gettext_lazy as _

from .filters import Filters
from .kpis import FLOWS, KPI_NAMES, Kpis, by_area_or_officer, grouped_medians
from .models import RegistrationDelayRollup
from .periods import Period, granularity, state_day


@dataclass(frozen=True)
class Dimension:
    """How rollup rows group for one table: `fields` are read, `key` identifies a row."""

    name: str
    label: object
    fields: tuple[str, ...]
    param: str  # the filter that narrows the dashboard to one row (None key: no such filter)
    missing: object  # the label of the row whose key is NULL


DIMENSIONS = {
    "state": Dimension("state", _("State"), ("area__state",), "state", _("Outside every area")),
    "area": Dimension("area", _("Area"), ("area__code", "area__name"), "area", _("Outside every area")),
    "office": Dimension(
        "office", _("Office"), ("area__office__code", "area__office__name"), "office", _("No office")
    ),
    "officer": Dimension(
        "officer",
        _("Officer"),
        ("officer__staff_number", "officer__full_name"),
        "officer",
        _("Nobody credited"),
    ),
}
SORTABLE = ("label", *KPI_NAMES)


@dataclass(frozen=True)
class Row:
    key: str | None  # the value of the dimension's filter for this row; None: cannot be filtered
    label: str
    kpis: Kpis = field(default_factory=Kpis)


def _label(dimension: Dimension, values: tuple) -> tuple[str | None, str]:
    first = values[0]
    if first is None:
        return None, str(dimension.missing)
    if dimension.name == "state":
        return (first, first) if first else (None, str(_("State not set")))
    return first, f"{values[1]} ({first})"


def _grouped(model, *, filters: Filters, dimension: Dimension, sums: dict, **where) -> dict[tuple, dict]:
    rows = (
        model.objects.filter(filters.areas_q("area"), filters.officer_q("officer"), **where)
        .values(*dimension.fields)
        .annotate(**sums)
        .order_by()
    )
    return {tuple(row[f] for f in dimension.fields): row for row in rows}


def breakdown(*, filters: Filters, by: str, today: date, sort: str = "label") -> list[Row]:
    """One row per state, area, office or officer with anything to show in the period. 3 queries."""
    dimension, period = DIMENSIONS[by], filters.period
    flow_table, backlog_table = by_area_or_officer(filters, by_officer=by == "officer")
    flows = _grouped(
        flow_table,
        filters=filters,
        dimension=dimension,
        sums={kpi: Sum(kpi) for kpi in FLOWS},
        day__range=(period.start, period.end),
    )
    backlog = _grouped(
        backlog_table,
        filters=filters,
        dimension=dimension,
        sums={"assignments_open": Sum("open_change"), "assignments_overdue": Sum("overdue_change")},
        day__lte=state_day(period, today=today),
    )
    medians = _medians(filters=filters, dimension=dimension)
    rows = []
    for values in flows.keys() | backlog.keys() | medians.keys():
        figures: dict[str, Any] = {**_pick(flows.get(values), FLOWS), **_pick(backlog.get(values), _BACKLOG)}
        key, label = _label(dimension, values)
        kpis = Kpis(**figures, median_days_to_registration=medians.get(values))
        if any(getattr(kpis, name) for name in KPI_NAMES):
            rows.append(Row(key=key, label=label, kpis=kpis))
    return sort_rows(rows, sort=sort)


_BACKLOG = ("assignments_open", "assignments_overdue")


def _pick(row: dict | None, names: tuple[str, ...]) -> dict[str, int]:
    return {name: (row or {}).get(name) or 0 for name in names}


def _medians(*, filters: Filters, dimension: Dimension) -> dict[tuple, float]:
    """The median days to registration of each row, computed in the database: one row per key
    comes back, however many delays the histogram holds (it grows with the registrations)."""
    period = filters.period
    keys = {f"key{n}": F(name) for n, name in enumerate(dimension.fields)}
    histogram = (
        RegistrationDelayRollup.objects.filter(
            filters.areas_q("area"),
            filters.officer_q("officer"),
            day__range=(period.start, period.end),
            registrations__gt=0,
        )
        .values("delay_days", **keys)
        .annotate(n=Sum("registrations"))
        .order_by()
    )
    return grouped_medians(histogram, keys=tuple(keys), value="delay_days", count="n")


def sort_rows(rows: list[Row], *, sort: str) -> list[Row]:
    """Sort by a column, "-column" for descending; rows without a value (no median) go last."""
    name = sort.removeprefix("-")
    if name not in SORTABLE:
        name, sort = "label", "label"
    descending = sort.startswith("-")
    present = [row for row in rows if _value(row, name) is not None]
    absent = [row for row in rows if _value(row, name) is None]
    present.sort(key=lambda row: (_value(row, name), row.label), reverse=descending)
    return present + sorted(absent, key=lambda row: row.label)


def _value(row: Row, name: str):
    return row.label.casefold() if name == "label" else getattr(row.kpis, name)


@dataclass(frozen=True)
class Bucket:
    start: date
    kpis: Kpis


def series(*, filters: Filters) -> tuple[str, list[Bucket]]:
    """The flow figures per day, week or month of the period, every bucket present. One query."""
    period, step = filters.period, granularity(filters.period)
    bucket = {"day": F("day"), "week": TruncWeek("day"), "month": TruncMonth("day")}[step]
    flow_table, _backlog = by_area_or_officer(filters)
    rows: Iterable[Mapping[str, Any]] = (  # a sum named for each flow KPI
        flow_table.objects.filter(
            filters.areas_q("area"), filters.officer_q("officer"), day__range=(period.start, period.end)
        )
        .annotate(bucket=bucket)
        .values("bucket")
        .annotate(**{kpi: Sum(kpi) for kpi in FLOWS})
        .order_by("bucket")
    )
    found = {row["bucket"]: Kpis(**{kpi: row[kpi] for kpi in FLOWS}) for row in rows}
    return step, [Bucket(start=start, kpis=found.get(start, Kpis())) for start in bucket_starts(period, step)]


def bucket_starts(period: Period, step: str) -> list[date]:
    """The first day of each bucket; a week starts on Monday, a month on the 1st (as Trunc does)."""
    if step == "day":
        return [period.start + timedelta(days=n) for n in range(period.days)]
    first = (
        period.start - timedelta(days=period.start.weekday())
        if step == "week"
        else period.start.replace(day=1)
    )
    starts = []
    while first <= period.end:
        starts.append(first)
        first = first + timedelta(days=7) if step == "week" else _next_month(first)
    return starts


def bucket_period(start: date, step: str, period: Period) -> Period:
    """The days of the period a bucket covers (a week bucket may begin before the period does)."""
    end = {"day": start, "week": start + timedelta(days=6), "month": _next_month(start) - timedelta(days=1)}[
        step
    ]
    return Period(start=max(start, period.start), end=min(end, period.end))


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)
