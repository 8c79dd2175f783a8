"""The dashboard's tables as headers and rows: one definition for the page, the CSV and the XLSX."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import records
from .breakdowns import DIMENSIONS, Bucket, Row
from .export import Table
from .filters import Filters
from .kpis import FLOWS, KPI_NAMES
from .presenting import LABELS, NOTHING

STREAM_CHUNK = 2000


@dataclass(frozen=True)
class Column:
    label: object
    value: Callable[[Any], object]  # a row of its kind's query: a model with annotations
    numeric: bool = False


@dataclass(frozen=True)
class RecordKind:
    """The records behind one dashboard number: how to fetch them and which columns to show."""

    title: object
    fetch: Callable[[Filters, date], QuerySet[Any]]
    columns: tuple[Column, ...]


def _local(moment):
    return timezone.localtime(moment) if moment is not None else None


def _name(user) -> str:
    return f"{user.full_name} ({user.staff_number})" if user is not None else NOTHING


def _area(area) -> str:
    return area.code if area is not None else NOTHING


def _place(detection) -> str:
    if detection.premises is not None:
        return detection.premises.name
    return detection.employer.display_name if detection.employer is not None else NOTHING


def _masked(id_number: str) -> str:
    """Enough of the ID to tell two workers apart, not enough to identify one."""
    return "•" * max(0, len(id_number) - 4) + id_number[-4:]


CHECK_COLUMNS = (
    Column(_("Observed at"), lambda d: _local(d.observed_at)),
    Column(_("Officer"), lambda d: _name(d.officer)),
    Column(_("Area"), lambda d: _area(d.area)),
    Column(_("What was checked"), lambda d: d.get_subject_display()),
    Column(_("Outcome"), lambda d: d.get_outcome_display()),
    Column(_("Premises or employer"), _place),
)
PREMISES_COLUMNS = (
    Column(_("First detected"), lambda p: _local(p.first_detected_at)),
    Column(_("Signboard name"), lambda p: p.name),
    Column(_("Area"), lambda p: _area(p.area)),
    Column(_("Found by"), lambda p: _name(p.created_by)),
    Column(_("Status"), lambda p: p.get_status_display()),
    Column(_("Workers seen"), lambda p: p.workers_seen, numeric=True),
)
REGISTRATION_COLUMNS = (
    Column(_("Registered on"), lambda p: p.won_on),
    Column(_("Signboard name"), lambda p: p.name),
    Column(_("Area"), lambda p: _area(p.area)),
    Column(
        _("Employer code"),
        lambda p: p.registered_employer.employer_code if p.registered_employer else NOTHING,
    ),
    Column(_("First detected"), lambda p: p.found_on),
    Column(_("Days to registration"), records.days_to_registration, numeric=True),
    Column(_("Workers newly covered"), lambda p: p.workers, numeric=True),
    Column(_("Credited to"), lambda p: p.credited_name or NOTHING),
)
WORKER_COLUMNS = (
    Column(_("Registered premises"), lambda e: e.premises_name),
    Column(_("Employer code"), lambda e: e.employer.employer_code),
    Column(_("Insured person (ID, masked)"), lambda e: _masked(e.person.id_number)),
    Column(_("Employment started"), lambda e: e.started_on),
    Column(_("Registered on"), lambda e: e.won_on),
)
ASSIGNMENT_COLUMNS = (
    Column(_("Due on"), lambda a: a.due_on),
    Column(_("Signboard name"), lambda a: a.premises.name),
    Column(_("Area"), lambda a: _area(a.premises.area)),
    Column(_("Inspector"), lambda a: _name(a.inspector.user)),
    Column(_("Assigned at"), lambda a: _local(a.assigned_at)),
    Column(_("Status today"), lambda a: a.get_status_display()),
)

RECORD_KINDS = {
    "checks": RecordKind(LABELS["checks"], lambda f, today: records.checks_made(filters=f), CHECK_COLUMNS),
    "checks_unconfirmed": RecordKind(
        LABELS["checks_unconfirmed"],
        lambda f, today: records.checks_unconfirmed(filters=f),
        CHECK_COLUMNS,
    ),
    "premises_visited": RecordKind(
        _("Visits (first check at each place and day)"),
        lambda f, today: records.visits_made(filters=f),
        CHECK_COLUMNS,
    ),
    "unregistered_found": RecordKind(
        LABELS["unregistered_found"], lambda f, today: records.premises_found(filters=f), PREMISES_COLUMNS
    ),
    "assignments_open": RecordKind(
        LABELS["assignments_open"],
        lambda f, today: records.assignments_open(filters=f, today=today),
        ASSIGNMENT_COLUMNS,
    ),
    "assignments_overdue": RecordKind(
        LABELS["assignments_overdue"],
        lambda f, today: records.assignments_open(filters=f, today=today, overdue=True),
        ASSIGNMENT_COLUMNS,
    ),
    "registrations_won": RecordKind(
        LABELS["registrations_won"],
        lambda f, today: records.registrations_won(filters=f),
        REGISTRATION_COLUMNS,
    ),
    "workers_covered": RecordKind(
        LABELS["workers_covered"], lambda f, today: records.workers_covered(filters=f), WORKER_COLUMNS
    ),
    "median_days_to_registration": RecordKind(
        _("Registrations won, by days to registration"),
        lambda f, today: records.registrations_won(filters=f).order_by(records.DELAY.asc(), "-id"),
        REGISTRATION_COLUMNS,
    ),
}


def file_name(*parts: str, filters: Filters) -> str:
    period = filters.period
    return "-".join(["nforce", *parts, period.start.isoformat(), period.end.isoformat()])


def record_rows(kind: RecordKind, items: Iterable) -> Iterable[list]:
    for item in items:
        yield [column.value(item) for column in kind.columns]


def records_table(*, name: str, filters: Filters, today: date) -> Table:
    """Every record behind one number, read in chunks as the file is written."""
    kind = RECORD_KINDS[name]
    items = kind.fetch(filters, today).iterator(chunk_size=STREAM_CHUNK)
    return Table(
        name=file_name(name, filters=filters),
        headers=[str(column.label) for column in kind.columns],
        rows=record_rows(kind, items),
    )


def breakdown_table(*, rows: list[Row], by: str, filters: Filters) -> Table:
    return Table(
        name=file_name("by", by, filters=filters),
        headers=[str(DIMENSIONS[by].label), *(str(LABELS[name]) for name in KPI_NAMES)],
        rows=([row.label, *(getattr(row.kpis, name) for name in KPI_NAMES)] for row in rows),
    )


def series_table(*, buckets: list[Bucket], filters: Filters) -> Table:
    return Table(
        name=file_name("over-time", filters=filters),
        headers=[str(_("Starting")), *(str(LABELS[name]) for name in FLOWS)],
        rows=([bucket.start, *(getattr(bucket.kpis, name) for name in FLOWS)] for bucket in buckets),
    )
