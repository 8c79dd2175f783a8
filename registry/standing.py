"""An employer's or a worker's standing in plain terms. Pure: the caller passes the date."""

from dataclasses import dataclass
from datetime import date


class StandingCode:
    # The same values as a detection's outcome: a lookup's standing is what the officer records.
    CONTRIBUTING = "registered_contributing"
    NOT_CONTRIBUTING = "registered_not_contributing"
    CEASED = "ceased"
    NOT_FOUND = "not_found"


# A month's contribution is due by the end of the following month, so on any day the month
# before last is the newest one that must have been paid.
GRACE_MONTHS = 1


@dataclass(frozen=True)
class Standing:
    code: str
    months_without: int | None  # whole months with nothing paid, up to the previous month
    ceased_on: date | None = None

    @property
    def contributing(self) -> bool:
        return self.code == StandingCode.CONTRIBUTING


def months_between(earlier: date, later: date) -> int:
    """Calendar months from earlier's month to later's month (0 when the same month)."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def standing_of(
    *, registered_on: date, ceased_on: date | None, last_paid_month: date | None, on: date
) -> Standing:
    if ceased_on is not None and ceased_on <= on:
        return Standing(StandingCode.CEASED, None, ceased_on)
    # Months that should have been paid: from the first full month after registration (or the
    # month after the last paid one) up to the month before `on`.
    paid_through = last_paid_month or _month_before(registered_on)
    months_without = max(0, months_between(paid_through, on) - 1)
    code = StandingCode.CONTRIBUTING if months_without <= GRACE_MONTHS else StandingCode.NOT_CONTRIBUTING
    return Standing(code, months_without)


def _month_before(day: date) -> date:
    return date(day.year - 1, 12, 1) if day.month == 1 else date(day.year, day.month - 1, 1)
