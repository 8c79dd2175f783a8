"""Which rollup days a write to a fact touches, and refreshing them.

A fact counts on the local days of some of its columns (a detection on the day it was observed,
an assignment on the days it opened, closed and went overdue...). A write touches the days of the
old values and of the new ones: an offline check that arrives late can move a premises' first
detection to an earlier day, and both days must be recomputed.

Some days are only known from other rows (an assignment's outcome credits the registration day of
its premises; an employment changes the workers of the registrations of its employer). Those are
looked up by the task, after commit, so that the writer's request pays no extra query.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from detection.models import Detection, Operation, Premises
from dispatch.models import Assignment
from enforcement.models import CaseEvent
from registry.models import Employment

from .periods import Period, local_day
from .rollups import fact_span, ranges_of, refresh_rollups

# The columns whose values decide the days a fact counts on, per model.
TRACKED: dict[type, tuple[str, ...]] = {
    Detection: ("observed_at",),
    Premises: ("first_detected_at", "registered_at"),
    Assignment: ("assigned_at", "closed_at", "due_on", "premises_id"),
    Employment: ("employer_id",),
    Operation: ("starts_at",),
    CaseEvent: ("at",),
}


@dataclass(frozen=True)
class Touch:
    days: frozenset[date] = frozenset()
    premises_ids: frozenset[int] = frozenset()
    employer_ids: frozenset[int] = frozenset()

    def __or__(self, other: "Touch") -> "Touch":
        return Touch(
            days=self.days | other.days,
            premises_ids=self.premises_ids | other.premises_ids,
            employer_ids=self.employer_ids | other.employer_ids,
        )

    def __bool__(self) -> bool:
        return bool(self.days or self.premises_ids or self.employer_ids)


@dataclass(frozen=True)
class Refreshed:
    periods: list[Period] = field(default_factory=list)
    rows: int = 0


def values_of(instance) -> dict:
    """The tracked columns as loaded; never triggers a query for a deferred field."""
    return {name: instance.__dict__.get(name) for name in TRACKED[type(instance)]}


def touched(model: type, values: dict) -> Touch:
    """The days (and the rows that lead to days) a fact with these column values counts on."""
    if model is Employment:
        return Touch(employer_ids=_ids(values.get("employer_id")))
    days = {
        _day(values.get(name))
        for name in ("observed_at", "first_detected_at", "registered_at", "starts_at", "at")
    }
    days |= {_day(values.get("assigned_at")), _day(values.get("closed_at"))}
    if values.get("due_on") is not None:
        days.add(values["due_on"] + timedelta(days=1))  # the first day it can be overdue
    return Touch(
        days=frozenset(day for day in days if day is not None), premises_ids=_ids(values.get("premises_id"))
    )


def _day(value) -> date | None:
    return local_day(value) if isinstance(value, datetime) else None


def _ids(value: int | None) -> frozenset[int]:
    return frozenset() if value is None else frozenset({value})


def registration_days(*, premises_ids: set[int], employer_ids: set[int]) -> set[date]:
    """Local days on which these premises, or premises won as these employers, were registered."""
    won = Premises.objects.filter(registered_at__isnull=False)
    moments = (
        set(won.filter(pk__in=premises_ids).values_list("registered_at", flat=True))
        if premises_ids
        else set()
    )
    if employer_ids:
        moments |= set(
            won.filter(registered_employer_id__in=employer_ids).values_list("registered_at", flat=True)
        )
    # `won` holds no None; the test tells mypy, which cannot read the filter.
    return {local_day(moment) for moment in moments if moment is not None}


def refresh_touched(*, touch: Touch) -> Refreshed:
    """Recompute the touched days, a run of consecutive days at a time."""
    days = set(touch.days)
    if touch.premises_ids or touch.employer_ids:
        days |= registration_days(premises_ids=set(touch.premises_ids), employer_ids=set(touch.employer_ids))
    periods = ranges_of(days)
    return Refreshed(periods=periods, rows=sum(refresh_rollups(period=period) for period in periods))


def days_of_premises(*, premises_ids: set[int]) -> Period | None:
    """Every day on which these premises may count, from the first one's first detection to the
    last day any fact counts on: a premises placed in another area carries its assignments'
    backlog, by area, along every day since, and a merge moves its visits and its finding."""
    first = Premises.objects.filter(pk__in=premises_ids).order_by("first_detected_at").first()
    span = fact_span()
    if first is None or span is None:
        return None
    start = local_day(first.first_detected_at)
    return Period(start=start, end=max(start, span.end))


def days_of_case(*, case_id: int) -> set[date]:
    """The local days of a case's events: a case moved to another area moves its compounds."""
    moments = CaseEvent.objects.filter(case_id=case_id).values_list("at", flat=True)
    return {local_day(moment) for moment in moments}
