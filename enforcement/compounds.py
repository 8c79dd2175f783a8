"""Compound amounts: the schedule in force on a day, by offence and months unregistered, and the
reduction for registering within the notice period. amount() is pure; schedule_on() reads the
admin-edited schedule."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .parameters import REDUCTION_PERCENT


@dataclass(frozen=True)
class Rate:
    section: str
    months_from: int
    months_to: int | None  # None: no upper bound
    amount_rm: Decimal
    per_worker: bool


@dataclass(frozen=True)
class Offence:
    section: str
    workers: int  # for per-worker offences (s.5, s.16); ignored otherwise


@dataclass(frozen=True)
class Line:
    section: str
    count: int  # 1, or the workers of a per-worker offence
    amount_rm: Decimal


@dataclass(frozen=True)
class Assessment:
    lines: tuple[Line, ...]
    gross_rm: Decimal
    reduction_percent: int
    amount_rm: Decimal


class NoRate(LookupError):
    """No line of the schedule covers an offence: the compound cannot be assessed."""

    def __init__(self, section: str) -> None:
        super().__init__(section)
        self.section = section


def rate_for(rates: Sequence[Rate], *, section: str, months: int) -> Rate:
    for rate in rates:
        upper = rate.months_to
        if rate.section == section and rate.months_from <= months and (upper is None or months < upper):
            return rate
    raise NoRate(section)


def assess(
    rates: Sequence[Rate], *, offences: Iterable[Offence], months: int, registered_in_time: bool, on: date
) -> Assessment:
    """The compound for the offences found; reduced by the dated percentage when the employer
    registered within the notice period. Arrears are not compounded (a compliance order)."""
    lines = []
    for offence in offences:
        rate = rate_for(rates, section=offence.section, months=months)
        count = max(offence.workers, 1) if rate.per_worker else 1
        lines.append(Line(section=offence.section, count=count, amount_rm=rate.amount_rm * count))
    gross = sum((line.amount_rm for line in lines), Decimal("0"))
    percent = REDUCTION_PERCENT.on(on) if registered_in_time else 0
    amount = (gross * (100 - percent) / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Assessment(lines=tuple(lines), gross_rm=gross, reduction_percent=percent, amount_rm=amount)


def schedule_on(day: date) -> list[Rate]:
    """The lines in force on `day`: per offence, those of the latest valid_from not after it."""
    from .models import CompoundRate

    rows = CompoundRate.objects.filter(valid_from__lte=day).order_by("section", "-valid_from", "months_from")
    latest: dict[str, date] = {}
    rates = []
    for row in rows:
        if latest.setdefault(row.section, row.valid_from) != row.valid_from:
            continue
        rates.append(Rate(row.section, row.months_from, row.months_to, row.amount_rm, row.per_worker))
    return rates
