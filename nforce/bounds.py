"""Bounds on what comes from outside: a date a report may cover, an id typed into a query string.

A date far outside the years Nforce has data for is a typing slip or a probe; past year 9998 the
arithmetic of periods overflows (a 500). An id is digits 0-9 only: `"²".isdigit()` is True and
int("²") raises.
"""

from datetime import date

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EARLIEST_REPORTED_DAY = date(2000, 1, 1)  # before any record of Nforce's
LARGEST_ID = 2**63 - 1  # PostgreSQL's bigint


def latest_reported_day() -> date:
    """The last day of next year: far enough ahead to plan, never near an overflow."""
    return date(timezone.localdate().year + 1, 12, 31)


def reported_day_validators() -> list:
    """For a DateField (Django's or DRF's) of a reporting period."""
    message = _("Enter a date from 2000 to the end of next year.")
    return [
        MinValueValidator(EARLIEST_REPORTED_DAY, message=message),
        MaxValueValidator(latest_reported_day, message=message),
    ]


def parse_id(text: str) -> int | None:
    """An id as typed in a query string or a form, or None when it is not one."""
    if not text or not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= LARGEST_ID else None
