"""Invalidity Pension and Survivors' Pension: may this person claim, on this date, and how much?

Pure: contribution months, wages and dates in, a Verdict with its reasons out. No ORM, no clock,
no settings; the caller passes the dates. Section numbers are of Act 4; "decision n" points at
the Nforce decisions at the top of socso-rules.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from fractions import Fraction

from .money import round_half_up
from .months import Month, months_between
from .parameters import (
    RULES_ENCODED_FROM,
    Parameters,
    entry_age_limit_on,
    insured_wage_ceiling_sen,
    parameters_on,
)
from .reasons import Reason, reason
from .record import Contributions, Entry, Insured
from .shares import Relation, Share, dependants_shares
from .wages import AverageWage, average_wage

__all__ = [
    "Contributions",
    "Entry",
    "Insured",
    "Kind",
    "Relation",
    "Scheme",
    "Share",
    "Verdict",
    "Window",
    "age_on",
    "invalidity_verdict",
    "survivors_verdict",
]


class Kind(StrEnum):
    FULL = "full"
    REDUCED = "reduced"
    NOT_QUALIFIED = "not_qualified"  # invalidity: the Invalidity Grant applies
    INELIGIBLE_AGE = "ineligible_age"
    NOT_COVERED = "not_covered"
    REVIEW = "review"


QUALIFYING = frozenset({Kind.FULL, Kind.REDUCED})
_RANK = {Kind.NOT_QUALIFIED: 0, Kind.REDUCED: 1, Kind.FULL: 2}


class Scheme(StrEnum):
    INVALIDITY = "invalidity"
    SURVIVORS = "survivors"


@dataclass(frozen=True)
class Window:
    first: Month
    last: Month
    months_paid: int


@dataclass(frozen=True)
class Counts:
    """What the qualifying tests of s.17(2)-(3) count (decisions 1 and 2)."""

    window: Window
    first_payable: Month | None
    n: int
    c: int


@dataclass(frozen=True)
class Verdict:
    scheme: Scheme
    kind: Kind
    on: date  # the notice date, or the date of death
    notice_month: Month
    counts: Counts
    rate_percent: int | None = None
    average_wage: AverageWage | None = None
    monthly_pension_sen: int | None = None
    shortfall_months: int | None = None
    reasons: tuple[Reason, ...] = ()
    full_rate_sen: int | None = None  # survivors only
    shares: tuple[Share, ...] = field(default=())

    @property
    def qualifies(self) -> bool:
        return self.kind in QUALIFYING

    @property
    def window(self) -> Window:
        return self.counts.window

    @property
    def n_months(self) -> int | None:
        return self.counts.n if self.counts.first_payable else None

    @property
    def c_months(self) -> int | None:
        return self.counts.c if self.counts.first_payable else None


def age_on(born_on: date, day: date) -> int:
    """Years attained on `day`: a birthday counts from the day itself (R-AGE-CALC)."""
    return day.year - born_on.year - ((day.month, day.day) < (born_on.month, born_on.day))


def invalidity_verdict(*, insured: Insured, notice_on: date) -> Verdict:
    """Invalidity Pension on a notice of invalidity given on `notice_on` (s.17, s.20)."""
    return _assess(insured=insured, on=notice_on, scheme=Scheme.INVALIDITY)


def survivors_verdict(
    *,
    deceased: Insured,
    died_on: date,
    receiving_pension_sen: int | None = None,
    dependants: Iterable[Relation] = (),
) -> Verdict:
    """Survivors' Pension (s.17A, s.20A) and each dependant's share of it."""
    if receiving_pension_sen is not None:
        verdict = _while_receiving_pension(deceased, died_on, receiving_pension_sen)
    else:
        verdict = _assess(insured=deceased, on=died_on, scheme=Scheme.SURVIVORS)
    if not verdict.qualifies or verdict.monthly_pension_sen is None:
        return verdict
    full_rate = verdict.monthly_pension_sen
    shares, why = dependants_shares(
        full_rate_sen=full_rate, dependants=dependants, parameters=parameters_on(died_on)
    )
    return replace(verdict, full_rate_sen=full_rate, shares=shares, reasons=verdict.reasons + why)


def _while_receiving_pension(deceased: Insured, died_on: date, pension_sen: int) -> Verdict:
    """R-SP-1: the full rate is the invalidity pension being paid, whatever the age at death."""
    counts = _counts(deceased, Month.of(died_on), parameters_on(died_on))
    why = (reason("receiving_invalidity_pension", pension_sen=pension_sen),)
    return Verdict(
        scheme=Scheme.SURVIVORS,
        kind=Kind.FULL,
        on=died_on,
        notice_month=Month.of(died_on),
        counts=counts,
        monthly_pension_sen=pension_sen,
        reasons=why,
    )


def _assess(*, insured: Insured, on: date, scheme: Scheme) -> Verdict:
    parameters = parameters_on(on)
    notice_month = Month.of(on)
    counts = _counts(insured, notice_month, parameters)
    skeleton = Verdict(scheme, Kind.REVIEW, on, notice_month, counts)
    barred = _bar(insured, on, parameters, scheme)
    if barred is not None:
        kind, why = barred
        return replace(skeleton, kind=kind, reasons=(*_count_reasons(insured, counts, parameters), *why))
    return _qualifying_verdict(skeleton, insured, parameters)


def _counts(insured: Insured, notice_month: Month, parameters: Parameters) -> Counts:
    before = notice_month - 1
    first = notice_month - parameters.window_months
    paid = insured.contributions
    window = Window(first, before, paid.paid_between(first, before))
    payable = insured.first_payable_month
    if payable is None:
        return Counts(window, None, 0, 0)
    return Counts(window, payable, months_between(payable, before), paid.paid_between(payable, before))


def _bar(
    insured: Insured, on: date, parameters: Parameters, scheme: Scheme
) -> tuple[Kind, tuple[Reason, ...]] | None:
    """What stops the contribution tests from deciding (decision 6), in this order: dates whose
    rules are not encoded; then cover (foreign worker, no first-category month, entry age); then
    age. Someone never covered is `not_covered` even when also over the age limit."""
    if on < RULES_ENCODED_FROM:
        return Kind.REVIEW, (reason("rules_not_encoded", since=RULES_ENCODED_FROM.isoformat()),)
    if insured.foreign_worker:
        return Kind.NOT_COVERED, (reason("foreign_worker"),)
    first_paid = insured.contributions.earliest
    if first_paid is None:
        return Kind.NOT_COVERED, (reason("no_first_category_record"),)
    entry = _entry_bar(insured.born_on, first_paid)
    if entry is not None:
        return Kind.NOT_COVERED, (entry,)
    return _age_bar(insured.born_on, on, parameters, scheme)


def _entry_bar(born_on: date, first_paid: Month) -> Reason | None:
    """First Schedule para 12: no cover for someone who first contributes at or over the entry
    age. Decision 6: the age on the 1st of the first *paid* first-category month (not the first
    payable one), against the limit in force in that month (not on the notice date)."""
    limit = entry_age_limit_on(first_paid.first_day)
    age = age_on(born_on, first_paid.first_day)
    if age < limit:
        return None
    return reason("entered_over_age", month=str(first_paid), age=age, limit=limit)


def _age_bar(
    born_on: date, on: date, parameters: Parameters, scheme: Scheme
) -> tuple[Kind, tuple[Reason, ...]] | None:
    age = age_on(born_on, on)
    if age < parameters.age_limit:
        return None
    why = [reason("over_age_limit", age=age, limit=parameters.age_limit, on=on.isoformat())]
    if scheme is Scheme.INVALIDITY and parameters.age_review_possible:
        why.append(reason("age_review_possible", limit=parameters.age_limit))
    return Kind.INELIGIBLE_AGE, tuple(why)


def _qualifying_verdict(skeleton: Verdict, insured: Insured, parameters: Parameters) -> Verdict:
    counts = skeleton.counts
    kind = _period_kind(counts.window.months_paid, counts.n, counts.c, parameters)
    why = list(_count_reasons(insured, counts, parameters))
    shortfall = _shortfall(counts, parameters)
    if shortfall is not None:
        months, would_be = shortfall
        why.append(
            reason("shortfall", months=months, before=str(skeleton.notice_month), would_be=str(would_be))
        )
    verdict = replace(skeleton, kind=kind, shortfall_months=shortfall and shortfall[0])
    if kind in QUALIFYING:
        verdict, amount_reasons = _with_amount(verdict, insured, parameters)
        why += amount_reasons
    why += _closing_reasons(skeleton.scheme, kind)
    return replace(verdict, reasons=tuple(why))


def _period_kind(in_window: int, n: int, c: int, parameters: Parameters) -> Kind:
    """s.17(2)-(3), compared exactly (decision 2): 24 in 40, or 2/3 of N, else 1/3 of N; with
    at least 24 contributions in all for the proportional tests."""
    enough = c >= parameters.minimum_contributions
    if in_window >= parameters.window_minimum or (enough and c >= parameters.full_fraction * n):
        return Kind.FULL
    if enough and c >= parameters.reduced_fraction * n:
        return Kind.REDUCED
    return Kind.NOT_QUALIFIED


def _count_reasons(insured: Insured, counts: Counts, parameters: Parameters) -> tuple[Reason, ...]:
    window = counts.window
    why = [
        reason(
            "window",
            first=str(window.first),
            last=str(window.last),
            length=parameters.window_months,
            paid=window.months_paid,
            needed=parameters.window_minimum,
            met=window.months_paid >= parameters.window_minimum,
        )
    ]
    if counts.first_payable is None:
        return tuple(why)
    assumed = insured.first_payable is None or insured.first_payable != counts.first_payable
    why.append(reason("first_payable", month=str(counts.first_payable), assumed=assumed))
    why += [_proportion_reason(name, counts, parameters) for name in ("two_thirds", "one_third")]
    skipped = sum(1 for month in insured.contributions.second_category_only if month <= window.last)
    if skipped:
        why.append(reason("second_category_months", months=skipped))
    return tuple(why)


def _proportion_reason(name: str, counts: Counts, parameters: Parameters) -> Reason:
    fraction = parameters.full_fraction if name == "two_thirds" else parameters.reduced_fraction
    needed = -(-fraction.numerator * counts.n // fraction.denominator)  # ceiling, exact
    minimum = parameters.minimum_contributions
    return reason(
        name,
        first=str(counts.first_payable),
        last=str(counts.window.last),
        n=counts.n,
        c=counts.c,
        needed=max(needed, minimum),
        minimum=minimum,
        met=counts.c >= needed and counts.c >= minimum,
    )


def _shortfall(counts: Counts, parameters: Parameters) -> tuple[int, Kind] | None:
    """The fewest extra paid months that change the verdict, placed where they help most: unpaid
    months of the 40-month window first (they count in every test), then older unpaid months
    since FP. FP stays fixed. None when no number of months before the notice month would do."""
    now = _period_kind(counts.window.months_paid, counts.n, counts.c, parameters)
    if now is Kind.FULL or counts.first_payable is None:
        return None
    window_open, older_open = _unpaid_months(counts)
    for extra in range(1, window_open + older_open + 1):
        in_window = counts.window.months_paid + min(extra, window_open)
        kind = _period_kind(in_window, counts.n, counts.c + extra, parameters)
        if _RANK[kind] > _RANK[now]:
            return extra, kind
    return None


def _unpaid_months(counts: Counts) -> tuple[int, int]:
    """Unpaid months in FP..NM-1: inside the window, and before it."""
    window = counts.window
    assert counts.first_payable is not None
    window_months = months_between(max(counts.first_payable, window.first), window.last)
    window_open = window_months - window.months_paid
    older_open = (counts.n - window_months) - (counts.c - window.months_paid)
    return window_open, older_open


def _with_amount(verdict: Verdict, insured: Insured, parameters: Parameters) -> tuple[Verdict, list[Reason]]:
    rate, rate_reason = _rate(verdict.kind, verdict.counts.c, verdict.scheme, parameters)
    wage = average_wage(
        insured.contributions.wages_sen,
        before=verdict.notice_month,
        parameters=parameters,
        ceiling_on=insured_wage_ceiling_sen,
    )
    assert wage is not None  # a qualifying record has at least 24 paid months
    pension = _round_half_up_percent(rate, wage.exact)
    why = [
        rate_reason,
        *wage.reasons(),
        reason(
            "pension",
            rate=rate,
            wage_sen=wage.amount_sen,
            pension_sen=pension,
            total_sen=wage.total_sen,
            months=len(wage.months_used),
            rounded=wage.shown_rounded,
        ),
    ]
    return replace(verdict, rate_percent=rate, average_wage=wage, monthly_pension_sen=pension), why


def _rate(kind: Kind, c: int, scheme: Scheme, parameters: Parameters) -> tuple[int, Reason]:
    """s.20(1): full, 50% plus 1% per whole 12 contributions beyond 24, at most 65%; reduced 50%."""
    if kind is Kind.REDUCED:
        rate = parameters.reduced_rate if scheme is Scheme.INVALIDITY else parameters.survivors_reduced_rate
        return rate, reason("rate_reduced", rate=rate)
    top_steps = (parameters.maximum_rate - parameters.base_rate) // parameters.rate_step_percent
    steps = min(top_steps, max(0, c - parameters.rate_steps_after) // parameters.rate_step_months)
    rate = parameters.base_rate + steps * parameters.rate_step_percent
    next_at = (
        None
        if steps == top_steps
        else parameters.rate_steps_after + (steps + 1) * parameters.rate_step_months
    )
    return rate, reason(
        "rate_full",
        base=parameters.base_rate,
        c=c,
        after=parameters.rate_steps_after,
        step_months=parameters.rate_step_months,
        step_percent=parameters.rate_step_percent,
        steps=steps,
        rate=rate,
        maximum=parameters.maximum_rate,
        next_step_at=next_at,
    )


def _round_half_up_percent(rate: int, average_sen: Fraction) -> int:
    """Decision 5: pension = rate x AMW, rounded to the sen, half up; the AMW exact (decision 4)."""
    return round_half_up(rate * average_sen / 100)


def _closing_reasons(scheme: Scheme, kind: Kind) -> list[Reason]:
    if scheme is Scheme.SURVIVORS:
        return [reason("no_survivors_pension")] if kind is Kind.NOT_QUALIFIED else []
    closing = [reason("medical_board")]
    if kind is Kind.NOT_QUALIFIED:
        closing.append(reason("invalidity_grant"))
    return closing
