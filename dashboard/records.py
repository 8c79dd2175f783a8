"""The records behind each dashboard number, read from the facts with the same filters.

Each function returns the QuerySet a drill-down page lists and exports, with its select_related
applied; its count is the number the rollups show for the same filters (tests hold them equal).
"""

from datetime import date, timedelta
from typing import Protocol

from django.conf import settings
from django.db.models import (
    BigIntegerField,
    CharField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, TruncDate

from detection.models import Detection, Premises
from detection.quality import UNCOUNTED_PREMISES
from dispatch.models import Assignment
from registry.models import Employment

from .filters import Filters
from .periods import local_zone, start_of, state_day


def checks_made(*, filters: Filters) -> QuerySet[Detection]:
    start, end = filters.period.bounds()
    return (
        Detection.objects.filter(filters.areas_q("area"), filters.officer_q("officer"))
        .filter(observed_at__gte=start, observed_at__lt=end)
        .exclude(review=Detection.Review.REJECTED)
        .select_related("officer", "area", "premises", "employer")
        .order_by("-observed_at", "-id")
    )


def checks_unconfirmed(*, filters: Filters) -> QuerySet[Detection]:
    """The checks left without an outcome: no business was confirmed (dashboard.kpis)."""
    return checks_made(filters=filters).filter(outcome=Detection.Outcome.CHECKED)


# The same visits as the rollup's (dashboard.rollups.ACTIVITY_SQL): DISTINCT ON a place and
# local day, first check first. Raw because DISTINCT ON cannot name an annotation in a subquery.
FIRST_CHECKS_SQL = """
SELECT DISTINCT ON ((observed_at AT TIME ZONE %s)::date, COALESCE('p' || premises_id, 'e' || employer_id)) id
FROM {table}
WHERE observed_at >= %s AND observed_at < %s
  AND (premises_id IS NOT NULL OR employer_id IS NOT NULL) AND review <> %s
ORDER BY (observed_at AT TIME ZONE %s)::date, COALESCE('p' || premises_id, 'e' || employer_id),
  observed_at, id
"""


def visits_made(*, filters: Filters) -> QuerySet[Detection]:
    """The first check at each place on each day: the visit's area and officer are this check's."""
    start, end = filters.period.bounds()
    zone = settings.TIME_ZONE
    # The table name comes from the model; every value is a parameter.
    params = [zone, start, end, Detection.Review.REJECTED.value, zone]
    firsts = RawSQL(FIRST_CHECKS_SQL.format(table=Detection._meta.db_table), params)  # noqa: S611
    return (
        Detection.objects.filter(pk__in=firsts)
        .filter(filters.areas_q("area"), filters.officer_q("officer"))
        .select_related("officer", "area", "premises", "employer")
        .order_by("-observed_at", "-id")
    )


def premises_found(*, filters: Filters) -> QuerySet[Premises]:
    start, end = filters.period.bounds()
    return (
        Premises.objects.filter(filters.areas_q("area"), filters.officer_q("created_by"))
        .filter(first_detected_at__gte=start, first_detected_at__lt=end)
        .exclude(status__in=UNCOUNTED_PREMISES)
        .select_related("area", "created_by")
        .order_by("-first_detected_at", "-id")
    )


def _credited_officer(field: str, output_field) -> Coalesce:
    """The inspector who recorded the registration, else whoever found the premises."""
    inspector = (
        Assignment.objects.filter(premises=OuterRef("pk"), outcome=Assignment.Outcome.REGISTERED)
        .order_by(F("closed_at").desc(nulls_last=True), "-id")
        .values(f"inspector__user__{field}")[:1]
    )
    return Coalesce(Subquery(inspector), F(f"created_by__{field}"), output_field=output_field)


def _workers_on_won_day() -> Coalesce:
    employed = (
        Employment.objects.filter(
            employer=OuterRef("registered_employer"), started_on__lte=OuterRef("won_on")
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=OuterRef("won_on")))
        .values("employer")
        .annotate(n=Count("person", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(employed), 0)


def registrations_won(*, filters: Filters) -> QuerySet[Premises]:
    """Premises registered in the period, with `won_on`, `found_on`, `workers` and the credited officer."""
    start, end = filters.period.bounds()
    zone = local_zone()
    won = (
        Premises.objects.filter(filters.areas_q("area"))
        .filter(registered_at__gte=start, registered_at__lt=end)
        .annotate(
            credited_id=_credited_officer("id", BigIntegerField()),
            credited_name=_credited_officer("full_name", CharField()),
            won_on=TruncDate("registered_at", tzinfo=zone),
            found_on=TruncDate("first_detected_at", tzinfo=zone),
        )
        .annotate(workers=_workers_on_won_day())
        .select_related("area", "registered_employer")
        .order_by("-registered_at", "-id")
    )
    return won.filter(credited_id=filters.officer.pk) if filters.officer is not None else won


class WonPremises(Protocol):
    """A row of registrations_won(): a Premises with the dates it annotates."""

    won_on: date
    found_on: date


DELAY = ExpressionWrapper(F("won_on") - F("found_on"), output_field=DurationField())


def days_to_registration(premises: WonPremises) -> int:
    return max(0, (premises.won_on - premises.found_on).days)


def workers_covered(*, filters: Filters) -> QuerySet[Employment]:
    """One row per registration won and person employed by the won employer on the day it was won."""
    won = registrations_won(filters=filters)
    return (
        Employment.objects.annotate(
            won_premises=F("employer__premises__id"),
            won_on=TruncDate("employer__premises__registered_at", tzinfo=local_zone()),
            premises_name=F("employer__premises__name"),
        )
        .filter(won_premises__in=won.values("pk"), started_on__lte=F("won_on"))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=F("won_on")))
        .select_related("person", "employer")
        .order_by("-won_premises", "person_id", "started_on")
        .distinct("won_premises", "person_id")
    )


def assignments_open(*, filters: Filters, today: date, overdue: bool = False) -> QuerySet[Assignment]:
    """Assignments not closed at the end of the period's last day (or now), optionally only overdue."""
    day = state_day(filters.period, today=today)
    end = start_of(day + timedelta(days=1))
    live = (
        Assignment.objects.filter(filters.areas_q("premises__area"), filters.officer_q("inspector__user"))
        .filter(assigned_at__lt=end)
        .filter(~Q(status=Assignment.Status.CLOSED) | Q(closed_at__gte=end))
        .select_related("premises", "premises__area", "inspector__user")
        .order_by("due_on", "id")
    )
    return live.filter(due_on__lt=day) if overdue else live


def unregistered_for_map(*, filters: Filters) -> QuerySet[Premises]:
    """Premises found in the period and still unregistered (status open): what the map shows."""
    return premises_found(filters=filters).filter(status=Premises.Status.OPEN)
