"""Periods a dashboard reports on, and the previous period each is compared with. Pure: no clock."""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import overload
from zoneinfo import ZoneInfo

from django.conf import settings


@dataclass(frozen=True)
class Period:
    """Local calendar days from `start` to `end`, both included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError("a period cannot end before it starts")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        """The period of the same length that ends the day before this one starts.

        Raises OverflowError before year 1.
        """
        return Period(start=self.start - timedelta(days=self.days), end=self.start - timedelta(days=1))

    def following(self) -> "Period":
        return Period(start=self.end + timedelta(days=1), end=self.end + timedelta(days=self.days))

    def is_calendar_month(self) -> bool:
        last = calendar.monthrange(self.start.year, self.start.month)[1]
        return self.start.day == 1 and self.end == self.start.replace(day=last)

    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as aware datetimes: midnight local time, so that a day means a local day."""
        return start_of(self.start), start_of(self.end + timedelta(days=1))


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=local_zone())


@overload
def local_day(moment: datetime) -> date: ...
@overload
def local_day(moment: None) -> None: ...
def local_day(moment: datetime | None) -> date | None:
    return moment.astimezone(local_zone()).date() if moment is not None else None


def month_of(day: date) -> Period:
    last = calendar.monthrange(day.year, day.month)[1]
    return Period(start=day.replace(day=1), end=day.replace(day=last))


def week_of(day: date) -> Period:
    """Monday to Sunday, as Malaysian offices count a working week."""
    monday = day - timedelta(days=day.weekday())
    return Period(start=monday, end=monday + timedelta(days=6))


def presets(*, today: date) -> dict[str, Period]:
    """The periods a supervisor picks most; the default is last week (the Monday review)."""
    this_week, this_month = week_of(today), month_of(today)
    return {
        "today": Period(start=today, end=today),
        "this_week": this_week,
        "last_week": this_week.previous(),
        "this_month": this_month,
        "last_month": month_of(this_month.start - timedelta(days=1)),
    }


def default_period(*, today: date) -> Period:
    return presets(today=today)["last_week"]


def earlier(period: Period) -> Period:
    """One step back: the calendar month before a whole month, else the previous period."""
    if period.is_calendar_month():
        return month_of(period.start - timedelta(days=1))
    return period.previous()


def later(period: Period) -> Period:
    if period.is_calendar_month():
        return month_of(period.end + timedelta(days=1))
    return period.following()


def state_day(period: Period, *, today: date) -> date:
    """The day whose end a state (open, overdue) is read at: the period's end, or today if later."""
    return min(period.end, today)


def granularity(period: Period) -> str:
    """How a time series buckets a period: daily up to two months, weekly up to a year."""
    if period.days <= 62:
        return "day"
    if period.days <= 370:
        return "week"
    return "month"


def percent_change(*, previous: float | None, current: float | None) -> float | None:
    """Change against the previous period, as the organisation reports it: (new - old) / old."""
    if previous is None or current is None or previous == 0:
        return None
    return (current - previous) / previous * 100
