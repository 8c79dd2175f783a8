"""Months as integers (year * 12 + month - 1): the generators count in them."""

from datetime import date, timedelta


def month_of(value: date) -> int:
    return value.year * 12 + value.month - 1


def first_day(month: int) -> date:
    return date(month // 12, month % 12 + 1, 1)


def last_day(month: int) -> date:
    return first_day(month + 1) - timedelta(days=1)


def last_paid_month(ended_on: date) -> int:
    """A job ending on the last day of a month is paid for that month; otherwise up to the one before."""
    month = month_of(ended_on)
    return month if ended_on == last_day(month) else month - 1
