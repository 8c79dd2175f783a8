"""Verdicts and reasons in words an officer can read out, in the language of the request, and the
contribution record as a month grid; presented() gathers what a result page shows.

Sentences are whole msgids with named placeholders, so that Bahasa Malaysia may order the words
its own way. Months are written out ("January 2025"), money as RM1,917.50. Each cell of the grid
says its state in words (paid / not paid / second category only): nothing is told by colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.dates import MONTHS, MONTHS_3
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from nforce.dates import reader_date

from .money import format_ringgit
from .months import Month
from .queries import PersonFacts
from .reasons import Reason
from .rules import Contributions, Kind, Scheme, Verdict
from .shares import Relation

KIND_LABELS: dict[Kind, Promise] = {
    Kind.FULL: _("Full pension"),
    Kind.REDUCED: _("Reduced pension"),
    Kind.NOT_QUALIFIED: _("Not qualified"),
    Kind.INELIGIBLE_AGE: _("Over the age limit"),
    Kind.NOT_COVERED: _("Not covered"),
    Kind.REVIEW: _("Review by PERKESO"),
}

KIND_STATUS = {
    Kind.FULL: "status-ok",
    Kind.REDUCED: "status-ok",
    Kind.NOT_QUALIFIED: "status-bad",
    Kind.INELIGIBLE_AGE: "status-bad",
    Kind.NOT_COVERED: "status-bad",
    Kind.REVIEW: "status-warn",
}

RELATION_LABELS: dict[Relation, Promise] = {
    Relation.WIDOW: _("Widow"),
    Relation.WIDOWER: _("Widower"),
    Relation.CHILD: _("Child"),
    Relation.PARENT: _("Parent"),
}

_HEADLINES: dict[tuple[Scheme, Kind], Promise] = {
    (Scheme.INVALIDITY, Kind.FULL): _(
        "Qualifies for the Invalidity Pension at the full rate: %(pension)s a month."
    ),
    (Scheme.INVALIDITY, Kind.REDUCED): _(
        "Qualifies for the Invalidity Pension at the reduced rate: %(pension)s a month."
    ),
    (Scheme.INVALIDITY, Kind.NOT_QUALIFIED): _(
        "Does not qualify for the Invalidity Pension. The Invalidity Grant applies instead."
    ),
    (Scheme.INVALIDITY, Kind.INELIGIBLE_AGE): _(
        "Not eligible for the Invalidity Pension: over the age limit."
    ),
    (Scheme.INVALIDITY, Kind.NOT_COVERED): _("Not covered by the invalidity scheme."),
    (Scheme.SURVIVORS, Kind.FULL): _("A Survivors' Pension is payable. Full rate: %(pension)s a month."),
    (Scheme.SURVIVORS, Kind.REDUCED): _(
        "A Survivors' Pension is payable at the reduced rate: %(pension)s a month."
    ),
    (Scheme.SURVIVORS, Kind.NOT_QUALIFIED): _(
        "No Survivors' Pension: the deceased had not completed a qualifying period."
    ),
    (Scheme.SURVIVORS, Kind.INELIGIBLE_AGE): _("No Survivors' Pension: the deceased was over the age limit."),
    (Scheme.SURVIVORS, Kind.NOT_COVERED): _(
        "No Survivors' Pension: the deceased was not covered by the invalidity scheme."
    ),
}
_REVIEW_HEADLINE = _("PERKESO must review this case: Nforce cannot decide it.")

# Keyed by code, or by code and variant (met / not_met, rounded, assumed, next_step) where a
# number changes the sentence.
_MESSAGES: dict[str, Promise] = {
    "window.met": _(
        "%(paid)s of the %(length)s months from %(first)s to %(last)s were paid. At least %(needed)s "
        "are needed, so this test is met."
    ),
    "window.not_met": _(
        "%(paid)s of the %(length)s months from %(first)s to %(last)s were paid. At least %(needed)s "
        "are needed, so this test is not met."
    ),
    "first_payable": _("Contributions first became payable in %(month)s."),
    "first_payable.assumed": _(
        "Contributions are taken to have first become payable in %(month)s, the earliest month on record."
    ),
    "two_thirds.met": _(
        "From %(first)s to %(last)s, %(c)s of %(n)s months were paid. The full rate by two-thirds needs "
        "%(needed)s (and at least %(minimum)s in all): met."
    ),
    "two_thirds.not_met": _(
        "From %(first)s to %(last)s, %(c)s of %(n)s months were paid. The full rate by two-thirds needs "
        "%(needed)s (and at least %(minimum)s in all): not met."
    ),
    "one_third.met": _(
        "The reduced rate by one-third needs %(needed)s paid months (and at least %(minimum)s in all): met."
    ),
    "one_third.not_met": _(
        "The reduced rate by one-third needs %(needed)s paid months (and at least %(minimum)s in all): "
        "not met."
    ),
    "second_category_months": _(
        "%(months)s months paid only in the second category (employment injury) do not count here."
    ),
    "shortfall": _(
        "With %(months)s more paid months, in unpaid months before %(before)s, the verdict would be: "
        "%(would_be)s."
    ),
    "rate_full": _(
        "Rate: %(base)s%% plus %(step_percent)s%% for every %(step_months)s contributions beyond "
        "%(after)s. %(c)s contributions give %(steps)s steps, so %(rate)s%% (at most %(maximum)s%%)."
    ),
    "rate_full.next_step": _(
        "Rate: %(base)s%% plus %(step_percent)s%% for every %(step_months)s contributions beyond "
        "%(after)s. %(c)s contributions give %(steps)s steps, so %(rate)s%% (at most %(maximum)s%%). "
        "The next step comes at %(next_step_at)s contributions."
    ),
    "rate_reduced": _("Reduced rate: %(rate)s%%."),
    "average_wage": _(
        "Average monthly wage: %(mean)s, the mean of the assumed wages of the last %(months)s paid "
        "months (%(first)s to %(last)s)."
    ),
    "average_wage.rounded": _(
        "Average monthly wage: %(mean)s (shown rounded; the pension is worked out from the exact "
        "figure, %(total)s divided by %(months)s), the mean of the assumed wages of the last "
        "%(months)s paid months (%(first)s to %(last)s)."
    ),
    "average_wage_floor": _(
        "That is below the minimum average wage of %(floor)s in force on the date, so %(floor)s is used."
    ),
    "pension": _("Monthly pension: %(rate)s%% of %(wage)s = %(pension)s."),
    "pension.rounded": _(
        "Monthly pension: %(rate)s%% of the exact average wage (%(total)s divided by %(months)s, "
        "not the rounded %(wage)s) = %(pension)s."
    ),
    "medical_board": _("All of this holds only if the Medical Board certifies the person as invalid."),
    "invalidity_grant": _(
        "The Invalidity Grant is a single payment of the invalidity-scheme contributions with interest. "
        "PERKESO works out the amount."
    ),
    "no_survivors_pension": _("No Survivors' Pension is payable."),
    "rules_not_encoded": _(
        "Dates before %(since)s fall under earlier rules that Nforce does not hold. "
        "Refer the case to PERKESO."
    ),
    "foreign_worker": _(
        "Foreign workers are covered for employment injury only, not by the invalidity scheme."
    ),
    "no_first_category_record": _(
        "No first-category contribution is on record, so the invalidity scheme has never covered this person."
    ),
    "entered_over_age": _(
        "The earliest first-category contribution on record is for %(month)s, at age %(age)s. The "
        "invalidity scheme covers only those who first contribute before age %(limit)s, the limit "
        "in force in that month."
    ),
    "over_age_limit": _("Aged %(age)s on %(on)s. The age limit is %(limit)s."),
    "age_review_possible": _(
        "A review is possible if the condition began before age %(limit)s and the person has not worked "
        "for pay since then."
    ),
    "receiving_invalidity_pension": _(
        "The deceased was receiving an Invalidity Pension of %(pension)s a month. That is the full rate "
        "of the Survivors' Pension, whatever the age at death."
    ),
    "spouse_share": _(
        "The widow or widower receives %(share)s of the full rate. Two or more share it equally."
    ),
    "child_share": _("Each child receives %(share)s of the full rate."),
    "children_share": _("With no widow or widower, the children share %(share)s of the full rate equally."),
    "parents_share": _(
        "With no widow, widower or child, the parents share %(share)s of the full rate equally."
    ),
    "parents_excluded": _("Parents receive nothing when there is a widow, widower or child."),
    "shares_pro_rata": _(
        "The shares add up to %(total)s of the full rate, more than the whole, "
        "so each is reduced in proportion."
    ),
    "shares_rounded": _(
        "Each share is rounded down to the sen. Left over: %(spare)s sen, given one at a time to the "
        "shares that lost most in rounding (on a tie: widow or widower first, then children in the "
        "order listed, eldest first, then parents). Together the shares come to %(total)s."
    ),
    "no_dependants": _("No dependants were given, so no shares are shown."),
}

_MONTH_KEYS = frozenset({"first", "last", "month", "before"})


def headline(verdict: Verdict) -> str:
    """The verdict in one sentence, with the amount when there is one."""
    if verdict.kind is Kind.REVIEW:
        return str(_REVIEW_HEADLINE)
    template = _HEADLINES[verdict.scheme, verdict.kind]
    amount = verdict.monthly_pension_sen
    return str(template) % {"pension": format_ringgit(amount) if amount is not None else ""}


def describe(reason: Reason) -> str:
    """One reason as a sentence."""
    data = reason.data
    return str(_MESSAGES[_message_key(reason.code, data)]) % _display(data)


def _message_key(code: str, data: dict[str, object]) -> str:
    if "met" in data:
        return f"{code}.met" if data["met"] else f"{code}.not_met"
    if data.get("rounded"):
        return f"{code}.rounded"
    if data.get("assumed"):
        return f"{code}.assumed"
    if data.get("next_step_at") is not None:
        return f"{code}.next_step"
    return code


def _display(data: dict[str, object]) -> dict[str, object]:
    shown: dict[str, object] = {}
    for key, value in data.items():
        if key.endswith("_sen") and isinstance(value, int):
            shown[key.removesuffix("_sen")] = format_ringgit(value)
        elif key in _MONTH_KEYS and isinstance(value, str):
            shown[key] = month_name(Month.parse(value))
        elif key in {"on", "since"} and isinstance(value, str):
            shown[key] = day_name(date.fromisoformat(value))
        elif key == "would_be" and isinstance(value, str):
            shown[key] = KIND_LABELS[Kind(value)]
        else:
            shown[key] = value
    return shown


def month_name(month: Month) -> str:
    return f"{MONTHS[month.month]} {month.year}"


def day_name(day: date) -> str:
    return reader_date(day)


# --- the month grid ---------------------------------------------------------------------------

PAID = "paid"
UNPAID = "unpaid"
SECOND_ONLY = "second"
OUTSIDE = "outside"  # before contributions became payable, or from the notice month on, unpaid


@dataclass(frozen=True)
class GridCell:
    month: Month
    state: str
    in_window: bool
    is_notice: bool


@dataclass(frozen=True)
class GridYear:
    year: int
    cells: tuple[GridCell, ...]

    @property
    def paid(self) -> int:
        return sum(1 for cell in self.cells if cell.state == PAID)


def month_grid(verdict: Verdict, contributions: Contributions) -> list[GridYear]:
    """Years from the earliest month that matters (record, first payable, window) to the notice."""
    notice = verdict.notice_month
    starts = [verdict.window.first, *contributions.paid[:1], *sorted(contributions.second_category_only)[:1]]
    if verdict.counts.first_payable:
        starts.append(verdict.counts.first_payable)
    first_year = min(starts).year
    return [_year(year, verdict, contributions) for year in range(first_year, notice.year + 1)]


def _year(year: int, verdict: Verdict, contributions: Contributions) -> GridYear:
    window = verdict.window
    return GridYear(
        year,
        tuple(
            GridCell(
                month,
                _state(month, verdict, contributions),
                window.first <= month <= window.last,
                month == verdict.notice_month,
            )
            for month in Month.at(year, 1).through(Month.at(year, 12))
        ),
    )


def _state(month: Month, verdict: Verdict, contributions: Contributions) -> str:
    if month in contributions.wages_sen:
        return PAID
    if month in contributions.second_category_only:
        return SECOND_ONLY
    first_payable = verdict.counts.first_payable
    if month >= verdict.notice_month or first_payable is None or month < first_payable:
        return OUTSIDE
    return UNPAID


# --- a result, ready for the page ----------------------------------------------------------------

GRID_MONTHS = [(capfirst(MONTHS_3[number]), MONTHS[number]) for number in range(1, 13)]


def presented(
    verdict: Verdict, contributions: Contributions, person: PersonFacts | None = None
) -> dict[str, Any]:
    """Everything a result shows, already in words and ringgit."""
    wage = verdict.average_wage
    return {
        "verdict": verdict,
        "person": person,
        "label": KIND_LABELS[verdict.kind],
        "status": KIND_STATUS[verdict.kind],
        "headline": headline(verdict),
        "reasons": [describe(reason) for reason in verdict.reasons],
        "pension": _ringgit(verdict.monthly_pension_sen),
        "average_wage": _ringgit(wage.amount_sen) if wage else None,
        "floor_applied": bool(wage and wage.floor_applied),
        "window_first": month_name(verdict.window.first),
        "window_last": month_name(verdict.window.last),
        "full_rate": _ringgit(verdict.full_rate_sen),
        "shares": [
            (RELATION_LABELS[share.relation], format_ringgit(share.monthly_sen)) for share in verdict.shares
        ],
        "grid": month_grid(verdict, contributions),
        "grid_months": GRID_MONTHS,
    }


def worker_row(facts: PersonFacts, verdict: Verdict) -> dict[str, Any]:
    return {
        "name": facts.name,
        "masked_id": facts.masked_id,
        "label": KIND_LABELS[verdict.kind],
        "status": KIND_STATUS[verdict.kind],
        "window_paid": verdict.window.months_paid,
        "pension": _ringgit(verdict.monthly_pension_sen),
        "rate": verdict.rate_percent,
        "shortfall": verdict.shortfall_months,
    }


def _ringgit(amount_sen: int | None) -> str | None:
    return None if amount_sen is None else format_ringgit(amount_sen)
