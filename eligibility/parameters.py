"""Dated parameters of the Invalidity and Survivors' Pensions, each with its legal source.

Every value is a list of steps (in force from a date); `parameters_on(day)` gives the set in
force on a day and `insured_wage_ceiling_sen(day)` the ceiling of one contribution month. A
change in the law is a new step here and nothing else. Sources are the IDs of
`socso-rules.md` (S1..S36); "Nforce decision n" points at the conventions at its top.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import lru_cache
from typing import Generic, TypeVar

T = TypeVar("T")

# Earlier than this the 36-in-60 rules of the original Act applied; Act A814 (Bill D.R.28/1991,
# S5) replaced them, in force by the 1992 reprint (exact commencement not retrieved). Verdicts for
# earlier dates are `review`: the rules then in force are not encoded here.
RULES_ENCODED_FROM = date(1992, 1, 1)


@dataclass(frozen=True)
class Dated(Generic[T]):
    """A parameter whose value changes on given dates: `steps` are (in force from, value)."""

    name: str
    steps: tuple[tuple[date, T], ...]

    def __post_init__(self) -> None:
        starts = [start for start, _ in self.steps]
        if not starts or starts != sorted(starts) or len(set(starts)) != len(starts):
            raise ValueError(f"{self.name}: steps must be in date order, without repeats")

    def on(self, day: date) -> T:
        """The value in force on `day` (the first step's value for days before it)."""
        position = bisect_right([start for start, _ in self.steps], day)
        return self.steps[max(position, 1) - 1][1]


SINCE_EVER = date(1971, 1, 1)  # contributions first became payable under Act 4 in 1971

# s.17(1) Act 4: "completed his fifty-fifth year"; Act A1445 replaced it by "attained sixty years
# of age" from 1 Jan 2013 (S4, high). Applies at the notice date, or the date of death (s.17A).
AGE_LIMIT = Dated("age_limit", ((SINCE_EVER, 55), (date(2013, 1, 1), 60)))

# First Schedule para 12: invalidity cover only for those who first contribute before 50; A1445
# substituted "fifty-five" from 1 Jan 2013 (S4, S14, high). Nforce decision 6: the limit is the one
# in force in the first paid first-category month, and the age is measured on its 1st.
ENTRY_AGE_LIMIT = Dated("entry_age_limit", ((SINCE_EVER, 50), (date(2013, 1, 1), 55)))

# From 1 Jan 2013 an insured person over the limit may still qualify if the condition set in
# before 60 and there was no gainful work since (S2, R-IP-AGE-EXC): the officer is told a review
# is possible (Nforce decision 6). No such exception is recorded for the earlier age limit.
AGE_REVIEW_POSSIBLE = Dated("age_review_possible", ((SINCE_EVER, False), (date(2013, 1, 1), True)))

# s.17(2)(i): 24 contributions in the 40 months before the notice month (A814 replaced 36 in 60;
# S1, S5, high).
WINDOW_MONTHS = Dated("window_months", ((SINCE_EVER, 40),))
WINDOW_MINIMUM = Dated("window_minimum", ((SINCE_EVER, 24),))

# s.17(2)(ii) and (3): two-thirds (full) or one-third (reduced) of the months since contributions
# first became payable, and at least 24 contributions in all (S1, high).
FULL_FRACTION = Dated("full_fraction", ((SINCE_EVER, Fraction(2, 3)),))
REDUCED_FRACTION = Dated("reduced_fraction", ((SINCE_EVER, Fraction(1, 3)),))
MINIMUM_CONTRIBUTIONS = Dated("minimum_contributions", ((SINCE_EVER, 24),))

# s.20(1): 50% plus 1% for every 12 contributions beyond the first 24, at most 65%; 50% on the
# reduced period (S3 quoting s.20(1), medium-high; S2).
BASE_RATE = Dated("base_rate", ((SINCE_EVER, 50),))
RATE_STEP_MONTHS = Dated("rate_step_months", ((SINCE_EVER, 12),))
RATE_STEP_PERCENT = Dated("rate_step_percent", ((SINCE_EVER, 1),))
RATE_STEPS_AFTER = Dated("rate_steps_after", ((SINCE_EVER, 24),))
MAXIMUM_RATE = Dated("maximum_rate", ((SINCE_EVER, 65),))
REDUCED_RATE = Dated("reduced_rate", ((SINCE_EVER, 50),))
# Survivors' pension on a reduced period: 50%, inferred from s.20(1) (S9 gives 50-65% for the
# full period only; medium). Nforce decision 8.
SURVIVORS_REDUCED_RATE = Dated("survivors_reduced_rate", ((SINCE_EVER, 50),))

# s.20(2)(a): average over 24 (A814 replaced 36; S5). Window not retrieved: Nforce decision 4
# takes the last 24 paid months before the notice month.
AVERAGE_WAGE_MONTHS = Dated("average_wage_months", ((SINCE_EVER, 24),))

# Minimum average monthly wage, in force on the notice (or death) date (Nforce decision 4; the
# average is compared and used exact, rounded to the sen only where shown):
# RM342.86 (A814, S5); RM950 (Minimum Average Monthly Wage Regulations 2014, S3, S9; start date
# not retrieved, taken as 1 Jan 2014); RM1,100 (Regulations 2022, P.U.(A) 323/2022, S3).
AVERAGE_WAGE_FLOOR_SEN = Dated(
    "average_wage_floor_sen",
    ((SINCE_EVER, 34_286), (date(2014, 1, 1), 95_000), (date(2023, 1, 1), 110_000)),
)

# Fourth Schedule: wages are banded by RM100 and a band's assumed wage is its mid-point (S7).
WAGE_BAND_SEN = Dated("wage_band_sen", ((SINCE_EVER, 10_000),))

# Insured-wage ceiling of a contribution month (Nforce decision 3; section 3.4): RM2,000 (A814);
# RM3,000 (A1232, taken from Jan 2005); RM4,000 (A1508, 1 Jun 2016); RM5,000 (Amendment Act 2022,
# 1 Sep 2022, S7, S20); RM6,000 (Amendment Act 2024, 1 Oct 2024, S21).
INSURED_WAGE_CEILING_SEN = Dated(
    "insured_wage_ceiling_sen",
    (
        (SINCE_EVER, 200_000),
        (date(2005, 1, 1), 300_000),
        (date(2016, 6, 1), 400_000),
        (date(2022, 9, 1), 500_000),
        (date(2024, 10, 1), 600_000),
    ),
)

# Survivors' shares of the full rate (Eighth Schedule as in the sister Acts, S15, medium; S6 for
# the widow(er) for life). Nforce decision 8.
SPOUSE_SHARE = Dated("spouse_share", ((SINCE_EVER, Fraction(3, 5)),))
CHILD_SHARE = Dated("child_share", ((SINCE_EVER, Fraction(2, 5)),))
CHILDREN_WITHOUT_SPOUSE_SHARE = Dated("children_without_spouse_share", ((SINCE_EVER, Fraction(3, 5)),))
PARENTS_SHARE = Dated("parents_share", ((SINCE_EVER, Fraction(4, 10)),))


@dataclass(frozen=True)
class Parameters:
    """Everything the rules need that is in force on one notice (or death) date."""

    age_limit: int
    age_review_possible: bool
    window_months: int
    window_minimum: int
    full_fraction: Fraction
    reduced_fraction: Fraction
    minimum_contributions: int
    base_rate: int
    rate_step_months: int
    rate_step_percent: int
    rate_steps_after: int
    maximum_rate: int
    reduced_rate: int
    survivors_reduced_rate: int
    average_wage_months: int
    average_wage_floor_sen: int
    wage_band_sen: int
    spouse_share: Fraction
    child_share: Fraction
    children_without_spouse_share: Fraction
    parents_share: Fraction


@lru_cache(maxsize=512)
def parameters_on(day: date) -> Parameters:
    """The parameters in force on `day`."""
    return Parameters(
        age_limit=AGE_LIMIT.on(day),
        age_review_possible=AGE_REVIEW_POSSIBLE.on(day),
        window_months=WINDOW_MONTHS.on(day),
        window_minimum=WINDOW_MINIMUM.on(day),
        full_fraction=FULL_FRACTION.on(day),
        reduced_fraction=REDUCED_FRACTION.on(day),
        minimum_contributions=MINIMUM_CONTRIBUTIONS.on(day),
        base_rate=BASE_RATE.on(day),
        rate_step_months=RATE_STEP_MONTHS.on(day),
        rate_step_percent=RATE_STEP_PERCENT.on(day),
        rate_steps_after=RATE_STEPS_AFTER.on(day),
        maximum_rate=MAXIMUM_RATE.on(day),
        reduced_rate=REDUCED_RATE.on(day),
        survivors_reduced_rate=SURVIVORS_REDUCED_RATE.on(day),
        average_wage_months=AVERAGE_WAGE_MONTHS.on(day),
        average_wage_floor_sen=AVERAGE_WAGE_FLOOR_SEN.on(day),
        wage_band_sen=WAGE_BAND_SEN.on(day),
        spouse_share=SPOUSE_SHARE.on(day),
        child_share=CHILD_SHARE.on(day),
        children_without_spouse_share=CHILDREN_WITHOUT_SPOUSE_SHARE.on(day),
        parents_share=PARENTS_SHARE.on(day),
    )


def insured_wage_ceiling_sen(day: date) -> int:
    return INSURED_WAGE_CEILING_SEN.on(day)


def entry_age_limit_on(day: date) -> int:
    return ENTRY_AGE_LIMIT.on(day)
