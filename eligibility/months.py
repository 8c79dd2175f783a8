"""Calendar months as values: the unit every contribution rule counts in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

_MONTH_TEXT = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True, slots=True, eq=False)
class Month:
    """One calendar month; `index` counts months from January of year 0, so arithmetic is exact.

    Equality, hash and order are written out on the index: the generated ones build a tuple per
    comparison, and one person's 20-year record is sorted and hashed some 2,000 times a check."""

    index: int

    def __eq__(self, other: object) -> bool:
        return self.index == other.index if isinstance(other, Month) else NotImplemented

    def __hash__(self) -> int:
        return hash(self.index)

    def __lt__(self, other: Month) -> bool:
        return self.index < other.index

    def __le__(self, other: Month) -> bool:
        return self.index <= other.index

    def __gt__(self, other: Month) -> bool:
        return self.index > other.index

    def __ge__(self, other: Month) -> bool:
        return self.index >= other.index

    @classmethod
    def at(cls, year: int, month: int) -> Month:
        if not 1 <= month <= 12:
            raise ValueError(f"month {month} is not 1..12")
        return cls(year * 12 + month - 1)

    @classmethod
    def of(cls, day: date) -> Month:
        return cls.at(day.year, day.month)

    @classmethod
    def parse(cls, text: str) -> Month:
        """`YYYY-MM`, nothing else: the API contract's form of a month."""
        found = _MONTH_TEXT.match(text)
        if not found:
            raise ValueError(f"{text!r} is not a month written YYYY-MM")
        return cls.at(int(found[1]), int(found[2]))

    @property
    def year(self) -> int:
        return self.index // 12

    @property
    def month(self) -> int:
        return self.index % 12 + 1

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def __add__(self, months: int) -> Month:
        return Month(self.index + months)

    def __sub__(self, months: int) -> Month:
        return Month(self.index - months)

    def months_since(self, earlier: Month) -> int:
        return self.index - earlier.index

    def through(self, last: Month) -> Iterator[Month]:
        """Every month from this one to `last`, both included (nothing when `last` is earlier)."""
        return (Month(index) for index in range(self.index, last.index + 1))

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def months_between(first: Month, last: Month) -> int:
    """How many months `first..last` holds, both included; 0 when `last` is before `first`."""
    return max(0, last.months_since(first) + 1)
