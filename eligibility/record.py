"""The record the rules read: contribution entries, summed by month, and the insured person."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from .months import Month


@dataclass(frozen=True)
class Entry:
    """One contribution as recorded: a month, the wage it was paid on (sen), its category."""

    month: Month
    wage_sen: int
    category: int = 1


@dataclass(frozen=True)
class Contributions:
    """First-category wages by month (summed across employers) and the months paid only in the
    second category, which count for nothing in the invalidity scheme (decision 1)."""

    wages_sen: Mapping[Month, int]
    second_category_only: frozenset[Month] = frozenset()

    @classmethod
    def of(cls, entries: Iterable[Entry]) -> Contributions:
        wages: dict[int, int] = {}
        others: set[int] = set()
        for entry in entries:
            index = entry.month.index
            if entry.category == 1:
                wages[index] = wages.get(index, 0) + entry.wage_sen
            else:
                others.add(index)
        return cls.of_month_indexes(wages, others)

    @classmethod
    def of_month_indexes(cls, wages_sen: Mapping[int, int], second_category: Iterable[int]) -> Contributions:
        """From first-category wages summed by month index (Month.index) and the indexes of
        second-category months: sorted as ints, made Months once."""
        return cls(
            {Month(index): wages_sen[index] for index in sorted(wages_sen)},
            frozenset(Month(index) for index in set(second_category) - wages_sen.keys()),
        )

    @cached_property
    def paid(self) -> tuple[Month, ...]:
        return tuple(sorted(self.wages_sen))

    @property
    def earliest(self) -> Month | None:
        return self.paid[0] if self.paid else None

    def paid_between(self, first: Month, last: Month) -> int:
        """Paid months in first..last, both included: two binary searches of the sorted months."""
        return max(0, bisect_right(self.paid, last) - bisect_left(self.paid, first))


@dataclass(frozen=True)
class Insured:
    born_on: date
    contributions: Contributions
    first_payable: Month | None = None  # decision 2: default, the earliest paid month
    foreign_worker: bool = False

    @property
    def first_payable_month(self) -> Month | None:
        """Never later than a paid month, so that every paid month falls in FP..NM-1."""
        known = [month for month in (self.first_payable, self.contributions.earliest) if month]
        return min(known) if known else None
