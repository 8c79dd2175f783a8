"""The enforcement report: what a state director reads out the morning after an operation, for
any period, office or state, or for one operation (its detections and the cases they opened, at
whatever date the cases move on).

One function, report(), two filters (Scope): the figures as a dict whose keys are the API's contract.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from detection.models import Detection
from registry.models import Employment

from .findings import NON_COMPLIANT
from .models import Case, CaseEvent, Section

COMPOUND_SECTIONS = (Section.ACT4_S4, Section.ACT4_S5, Section.ACT800_S14, Section.ACT800_S16)
RINGGIT = DecimalField(max_digits=20, decimal_places=2)
MONEY_ACTIONS = ("compound", "record_payment", "refer_prosecution")
# registered_contributing is today's spelling of ops' "compliant"
OUTCOME_ALIASES = {"registered_contributing": "compliant"}
MALAYSIAN = "MY"  # InsuredPerson.nationality of a local worker


@dataclass(frozen=True)
class Scope:
    start: date
    end: date  # inclusive
    office_id: int | None = None
    state: str = ""  # a Malaysian state, e.g. "Selangor"
    # An operation's report: its detections and their cases, whatever the dates (start/end: its own).
    operation_id: int | None = None
    operation_code: str = ""

    def moments(self) -> tuple[datetime, datetime]:
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone),
        )


def report(scope: Scope) -> dict:
    outcomes = _outcomes(scope)
    inspected = sum(outcomes.values())
    non_compliant = sum(count for outcome, count in outcomes.items() if outcome in NON_COMPLIANT)
    registered = _cases(scope).filter(_between("registered_at", scope))
    money = _money_moves(scope)
    return {
        "period": {"from": scope.start.isoformat(), "to": scope.end.isoformat()},
        "operation": scope.operation_code or None,
        "premises_inspected": inspected,
        "by_outcome": dict(sorted(outcomes.items())),
        "non_compliant_percent": round(100 * non_compliant / inspected, 1) if inspected else 0.0,
        "compounds": _compounds(money),
        "compliance_orders": _events(scope, "notice")
        .filter(case__findings__section=Section.ARREARS)
        .values("case")
        .distinct()
        .count(),
        "referred_for_prosecution": money["referred"],
        "employers_registered": registered.count(),
        "employees_registered": _employees(registered),
        "compounds_paid_rm": _money(money["paid"] or Decimal(0)),
    }


def _between(field: str, scope: Scope) -> Q:
    if scope.operation_id is not None:
        return Q()  # an operation's detections and cases, whenever the cases move
    start, end = scope.moments()
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def _in_scope(prefix: str, scope: Scope) -> Q:
    """Offices own cases; detections belong to the office of their area. An operation's cases are
    those its detections opened (Case.operation)."""
    if scope.operation_id is not None:
        return Q(**{f"{prefix}operation_id": scope.operation_id})
    q = Q()
    if scope.office_id is not None:
        q &= Q(**{f"{prefix}office_id": scope.office_id})
    if scope.state:
        q &= Q(**{f"{prefix}office__state": scope.state})
    return q


def _outcomes(scope: Scope) -> Counter[str]:
    """Premises (or registered employers) inspected, each counted once with its latest outcome."""
    where = (
        Q(operation_id=scope.operation_id) if scope.operation_id is not None else _in_scope("area__", scope)
    )
    checks = Detection.objects.filter(_between("observed_at", scope), where)
    by_premises = checks.filter(premises__isnull=False).order_by("premises_id", "-observed_at")
    by_employer = checks.filter(premises__isnull=True, employer__isnull=False).order_by(
        "employer_id", "-observed_at"
    )
    latest = [
        *by_premises.distinct("premises_id").values_list("outcome", flat=True),
        *by_employer.distinct("employer_id").values_list("outcome", flat=True),
    ]
    return Counter(OUTCOME_ALIASES.get(outcome, outcome) for outcome in latest)


def _cases(scope: Scope) -> QuerySet[Case]:
    return Case.objects.filter(_in_scope("", scope))


def _events(scope: Scope, action: str) -> QuerySet[CaseEvent]:
    return CaseEvent.objects.filter(_between("at", scope), _in_scope("case__", scope), action=action)


def _amount(key: str) -> Coalesce:
    """A ringgit amount the case's code wrote into an event's details (str of a Decimal to the sen)."""
    return Coalesce(Cast(KT(f"details__{key}"), RINGGIT), Value(Decimal(0)), output_field=RINGGIT)


def _money_moves(scope: Scope) -> dict:
    """Compounds (count, ringgit, by section after any reduction), payments and referrals, summed in
    one query from the events' details, as the case's code recorded them. A section's amount is
    summed as line x (100 - reduction %) and divided by 100 here, so that nothing is rounded before
    the total (as Decimal arithmetic line by line would give)."""
    compound = Q(action="compound")
    kept = 100 - Coalesce(Cast(KT("details__reduction_percent"), IntegerField()), 0)
    sums = {
        "count": Count("pk", filter=compound),
        "total": Sum(_amount("amount_rm"), filter=compound),
        "paid": Sum(_amount("amount_rm"), filter=Q(action="record_payment")),
        "referred": Count("pk", filter=Q(action="refer_prosecution")),
    }
    for section in (section.value for section in COMPOUND_SECTIONS):
        sums[f"{section}_count"] = Count("pk", filter=compound & Q(details__lines__has_key=section))
        line = ExpressionWrapper(_amount(f"lines__{section}__amount_rm") * kept, output_field=RINGGIT)
        sums[f"{section}_kept"] = Sum(line, filter=compound)
    moves = CaseEvent.objects.filter(
        _between("at", scope), _in_scope("case__", scope), action__in=MONEY_ACTIONS
    )
    return moves.aggregate(**sums)


def _compounds(money: dict) -> dict:
    return {
        "count": money["count"],
        "amount_rm": _money(money["total"] or Decimal(0)),
        "by_section": {
            section: {
                "count": money[f"{section}_count"],
                "amount_rm": _money((money[f"{section}_kept"] or Decimal(0)) / 100),
            }
            for section in (section.value for section in COMPOUND_SECTIONS)
        },
    }


def _employees(registered: QuerySet[Case]) -> dict:
    """Workers that the businesses which registered have put on the registry since their case
    opened (registry employments, local or foreign by nationality): not the headcount on site."""
    since_case = registered.filter(
        employer_id=OuterRef("employer_id"), opened_at__date__lte=OuterRef("started_on")
    )
    local = Q(person__nationality=MALAYSIAN)
    return Employment.objects.filter(Exists(since_case)).aggregate(
        local=Count("pk", filter=local), foreign=Count("pk", filter=~local)
    )


def _money(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))
