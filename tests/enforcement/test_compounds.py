"""Compound amounts: the schedule's bands, per worker, the reduction, and the loaded schedule."""

from datetime import date
from decimal import Decimal

import pytest

from enforcement.compounds import NoRate, Offence, Rate, assess, schedule_on
from enforcement.models import CompoundRate

RATES = [
    Rate("act4_s4", 0, 12, Decimal("500"), False),
    Rate("act4_s4", 12, None, Decimal("1500"), False),
    Rate("act4_s5", 0, 12, Decimal("500"), True),
    Rate("act4_s5", 12, None, Decimal("1500"), True),
]
DAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("months", "workers", "registered_in_time", "amount"),
    [
        (0, 2, False, Decimal("1500.00")),  # 500 + 2 x 500
        (11, 2, False, Decimal("1500.00")),
        (12, 2, False, Decimal("4500.00")),  # 1500 + 2 x 1500
        (0, 2, True, Decimal("375.00")),  # reduced by 75%
        (0, 0, False, Decimal("1000.00")),  # a per-worker offence counts one worker at least
    ],
)
def test_amount_follows_the_bands_the_workers_and_the_reduction(months, workers, registered_in_time, amount):
    offences = [Offence("act4_s4", 0), Offence("act4_s5", workers)]
    assessed = assess(RATES, offences=offences, months=months, registered_in_time=registered_in_time, on=DAY)
    assert assessed.amount_rm == amount


def test_an_offence_without_a_line_in_the_schedule_is_refused():
    with pytest.raises(NoRate) as missing:
        assess(RATES, offences=[Offence("act800_s14", 0)], months=0, registered_in_time=False, on=DAY)
    assert missing.value.section == "act800_s14"


@pytest.mark.django_db
def test_the_loaded_schedule_carries_a_source_and_a_confidence_on_every_line():
    assert CompoundRate.objects.count() >= 16
    assert not CompoundRate.objects.filter(source="").exists()
    assert set(CompoundRate.objects.values_list("confidence", flat=True)) <= {"high", "medium", "low"}


@pytest.mark.django_db
def test_a_newer_line_replaces_the_schedule_of_its_offence_from_its_date():
    CompoundRate.objects.create(
        section="act4_s4",
        months_from=0,
        months_to=None,
        amount_rm=Decimal("800"),
        valid_from=date(2026, 6, 1),
        source="test",
        confidence="high",
    )
    before = {r.amount_rm for r in schedule_on(date(2026, 5, 31)) if r.section == "act4_s4"}
    after = [r for r in schedule_on(date(2026, 6, 1)) if r.section == "act4_s4"]
    assert Decimal("500") in before
    assert [r.amount_rm for r in after] == [Decimal("800")]
