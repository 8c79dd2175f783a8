"""A claim as asked by an officer (by person or by hand) and the checks its input must pass.

Shared by the API and the pages, so that both refuse the same bad input with the same words.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from .months import Month
from .rules import Insured, Scheme, Verdict, invalidity_verdict, survivors_verdict
from .shares import Relation

# What the date of a claim is called, in forms and in the API.
DATE_FIELDS = {Scheme.INVALIDITY: "notice_date", Scheme.SURVIVORS: "death_date"}


@dataclass(frozen=True)
class Claim:
    scheme: Scheme
    on: date  # notice date, or date of death
    id_number: str | None = None  # person mode: the record comes from the registry
    insured: Insured | None = None  # calculator mode: the record as typed
    receiving_pension_sen: int | None = None
    dependants: tuple[Relation, ...] = ()

    @property
    def date_field(self) -> str:
        return DATE_FIELDS[self.scheme]

    def verdict_for(self, insured: Insured) -> Verdict:
        if self.scheme is Scheme.INVALIDITY:
            return invalidity_verdict(insured=insured, notice_on=self.on)
        return survivors_verdict(
            deceased=insured,
            died_on=self.on,
            receiving_pension_sen=self.receiving_pension_sen,
            dependants=self.dependants,
        )


EARLIEST_DAY = date(1900, 1, 1)


def date_problem(day: date, *, today: date, born_on: date | None, scheme: Scheme) -> str | None:
    """A date of birth, notice or death must be past, not before 1900, and after the birth. (A
    contribution window runs years before the date: from year 1 it would run before the calendar.)"""
    if day < EARLIEST_DAY:
        return str(_("Enter a date in 1900 or later."))
    if day > today:
        return str(_("This date is in the future."))
    if born_on is not None and day < born_on:
        if scheme is Scheme.SURVIVORS:
            return str(_("The date of death is before the date of birth."))
        return str(_("The notice date is before the date of birth."))
    return None


def month_problems(
    months: Iterable[Month], *, born_on: date, on: date, today: date, scheme: Scheme
) -> Iterator[tuple[int, str]]:
    """(position, problem) for each month outside the person's life, in the future, or repeated."""
    born, seen = Month.of(born_on), set()
    for position, month in enumerate(months):
        if month < born:
            yield position, str(_("This month is before the date of birth."))
        elif scheme is Scheme.SURVIVORS and month > Month.of(on):
            yield position, str(_("This month is after the death."))
        elif month > Month.of(today):
            yield position, str(_("This month is in the future."))
        elif month in seen:
            yield (
                position,
                str(_("This month appears more than once. Give one line per month, with the total wage.")),
            )
        seen.add(month)


def first_payable_problem(
    first_payable: Month, *, born_on: date, on: date, earliest_paid: Month | None
) -> str | None:
    if first_payable < Month.of(born_on):
        return str(_("This month is before the date of birth."))
    if first_payable >= Month.of(on):
        return str(_("Contributions must first become payable before the month of the notice or death."))
    if earliest_paid is not None and earliest_paid < first_payable:
        return str(_("A contribution is paid before this month. It cannot be the first payable month."))
    return None
