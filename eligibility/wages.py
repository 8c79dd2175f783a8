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
    amount_sen: int  # what the pension is computed on: the mean, or the floor if higher
    mean_sen: int  # mean of the assumed wages, rounded to the sen
    months_used: tuple[Month, ...]
    floor_sen: int

    @property
    def floor_applied(self) -> bool:
        return self.mean_sen < self.floor_sen

    def reasons(self) -> list[Reason]:
        why = [
            reason(
                "average_wage",
                months=len(self.months_used),
                first=str(self.months_used[0]),
                last=str(self.months_used[-1]),
                mean_sen=self.mean_sen,
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
    on the notice date (decision 4). `ceiling_on` gives each month's insured-wage ceiling."""
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
    mean = round_half_up(Fraction(sum(assumed), len(assumed)))
    floor = parameters.average_wage_floor_sen
    return AverageWage(max(mean, floor), mean, used, floor)
