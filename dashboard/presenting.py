"""Words and number formats for the dashboard figures, in the reader's language."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .kpis import ENFORCEMENT_NAMES, KPI_NAMES, Comparison, Kpis
from .periods import percent_change

NOTHING = "\u2013"  # en dash: no figure to show
MINUS = "\u2212"  # the minus sign, wider than a hyphen and easier to read at arm's length

LABELS = {
    "checks": _("Checks made"),
    "checks_unconfirmed": _("Checks without a confirmed business"),
    "premises_visited": _("Premises visited"),
    "unregistered_found": _("Unregistered premises found"),
    "assignments_open": _("Assignments open"),
    "assignments_overdue": _("Assignments overdue"),
    "registrations_won": _("Registrations won"),
    "workers_covered": _("Workers newly covered"),
    "median_days_to_registration": _("Median days to registration"),
    "operations_run": _("Operations run"),
    "compounds_issued": _("Compounds issued"),
    "compounds_amount_rm": _("Compounds issued (RM)"),
    "compounds_paid_rm": _("Compounds paid (RM)"),
    "referred_for_prosecution": _("Referred for prosecution"),
    "non_compliant_percent": _("Premises inspected non-compliant (%)"),
}

PRESET_LABELS = {
    "today": _("Today"),
    "this_week": _("This week"),
    "last_week": _("Last week"),
    "this_month": _("This month"),
    "last_month": _("Last month"),
}

# Short enough for a phone; the full definitions are in dashboard.kpis.
DEFINITIONS = {
    "checks": _("Every check recorded in the field, whatever its outcome."),
    "checks_unconfirmed": _(
        "Lookups in the field that ended with no outcome recorded: no business confirmed."
    ),
    "premises_visited": _("Places checked, counted once per place and day."),
    "unregistered_found": _("Unregistered premises recorded for the first time."),
    "assignments_open": _("Follow-ups not closed at the end of the period (or now)."),
    "assignments_overdue": _("Open follow-ups past their due date."),
    "registrations_won": _("Premises that became registered employers."),
    "workers_covered": _("People employed by those employers on the day they were registered."),
    "median_days_to_registration": _("Days from first detection to registration; half took fewer."),
    "operations_run": _("Operations that started in the period."),
    "compounds_issued": _("Compounds issued to employers in the period."),
    "compounds_amount_rm": _("The total of the compounds issued, as issued."),
    "compounds_paid_rm": _("Payments of compounds recorded in the period."),
    "referred_for_prosecution": _("Cases referred for prosecution in the period."),
    "non_compliant_percent": _(
        "Of the places inspected (once per place and day), the share found non-compliant."
    ),
}


def figure(value: float | Decimal | None) -> str:
    """8146 -> "8,146"; a median keeps one decimal, ringgit two; nothing to show -> an en dash."""
    if value is None:
        return NOTHING
    if isinstance(value, Decimal):
        return number_format(value.quantize(Decimal("0.01")), decimal_pos=2, force_grouping=True)
    places = 1 if isinstance(value, float) else 0
    # Rounded here: number_format cuts off a float's digits (5.16 would read 5.1).
    return number_format(round(value, places), decimal_pos=places, force_grouping=True)


def change(value: float | None) -> str:
    """+23.0% / -5.2%; an en dash when the previous period had nothing to compare with."""
    if value is None:
        return NOTHING
    sign = "+" if value > 0 else (MINUS if value < 0 else "±")
    return f"{sign}{number_format(round(abs(value), 1), decimal_pos=1, force_grouping=True)}%"


@dataclass(frozen=True)
class Card:
    name: str
    label: str
    definition: str
    current: str
    previous: str
    change: str


def cards(comparison: Comparison) -> list[Card]:
    return [_card(name, comparison.current, comparison.previous) for name in KPI_NAMES]


def enforcement_cards(comparison: Comparison) -> list[Card]:
    """Enforcement's follow-up (issue 17): figures with no list of records behind them."""
    return [_card(name, comparison.current, comparison.previous) for name in ENFORCEMENT_NAMES]


def _card(name: str, current: Kpis, previous: Kpis) -> Card:
    now: float | Decimal | None = getattr(current, name)
    before: float | Decimal | None = getattr(previous, name)
    return Card(
        name=name,
        label=str(LABELS[name]),
        definition=str(DEFINITIONS[name]),
        current=figure(now),
        previous=figure(before),
        change=change(_change(previous=before, current=now)),
    )


def _change(*, previous, current) -> float | None:
    """percent_change of any figure (ringgit included)."""
    as_float = [None if value is None else float(value) for value in (previous, current)]
    return percent_change(previous=as_float[0], current=as_float[1])
