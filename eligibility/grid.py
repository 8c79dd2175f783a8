"""The contribution record as a month grid: one row a year, one cell a month, each with its state
in words (paid / not paid / second category only) so that nothing is told by colour alone."""

from __future__ import annotations

from dataclasses import dataclass

from .months import Month
from .rules import Contributions, Verdict

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
