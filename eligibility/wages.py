"""Assumed monthly wages and their average (Nforce decisions 3 and 4). Pure."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from .money import round_half_up
from .months import Month
from .parameters import Parameters
from .reasons import Reason, reason


@dataclass(frozen=True)
class AverageWage:
    """Decision 4: the average stays exact for the pension and is rounded to the sen only where
    shown (`mean_sen`, `amount_sen`). Rounding it first put about one pension in seven a sen out."""

    total_sen: int  # the assumed wages of the months used, added up
    months_used: tuple[Month, ...]
    floor_sen: int

    @property
    def mean(self) -> Fraction:
        return Fraction(self.total_sen, len(self.months_used))

    @property
    def exact(self) -> Fraction:
        """What the pension is computed on: the exact mean, or the floor if higher."""
        return max(self.mean, Fraction(self.floor_sen))

    @property
    def mean_sen(self) -> int:
        return round_half_up(self.mean)

    @property
    def amount_sen(self) -> int:
        return round_half_up(self.exact)

    @property
    def floor_applied(self) -> bool:
        return self.mean < self.floor_sen

    @property
    def shown_rounded(self) -> bool:
        """The mean shown to the sen is not the exact figure the pension is paid from. (With the
        floor applied the pension is paid from the floor, a whole number of sen.)"""
        return not self.floor_applied and self.mean.denominator != 1

    def reasons(self) -> list[Reason]:
        why = [
            reason(
                "average_wage",
                months=len(self.months_used),
                first=str(self.months_used[0]),
                last=str(self.months_used[-1]),
                mean_sen=self.mean_sen,
                total_sen=self.total_sen,
                rounded=self.shown_rounded,
            )
        ]
        if self.floor_applied:
            why.append(reason("average_wage_floor", mean_sen=self.mean_sen, floor_sen=self.floor_sen))
        return why


def assumed_wage_sen(wage_sen: int, *, band_sen: int, ceiling_sen: int) -> int:
    """Fourth Schedule: wages in (k*100, (k+1)*100] assume k*100+50; capped at ceiling - 50.
    A wage of RM100 or less (including nothing) takes the lowest band's RM50."""
    band = max(0, (wage_sen - 1) // band_sen)
    return min(band * band_sen + band_sen // 2, ceiling_sen - band_sen // 2)


def average_wage(
    wages_sen: Mapping[Month, int],
    *,
    before: Month,
    parameters: Parameters,
    ceiling_on: Callable[[date], int],
) -> AverageWage | None:
    """Mean assumed wage of the last 24 paid months before `before`, raised to the floor in force
    on the notice date, kept exact (decision 4). `ceiling_on` gives each month's insured-wage
    ceiling."""
    paid = sorted(month for month in wages_sen if month < before)
    used = tuple(paid[-parameters.average_wage_months :])
    if not used:
        return None
    assumed = [
        assumed_wage_sen(
            wages_sen[month], band_sen=parameters.wage_band_sen, ceiling_sen=ceiling_on(month.first_day)
        )
        for month in used
    ]
    return AverageWage(sum(assumed), used, parameters.average_wage_floor_sen)
