from datetime import date
from fractions import Fraction

import pytest

from eligibility.money import format_ringgit, ringgit, round_half_up, sen
from eligibility.months import Month, months_between
from eligibility.parameters import Dated, insured_wage_ceiling_sen, parameters_on
from eligibility.wages import assumed_wage_sen


@pytest.mark.parametrize(
    ("day", "floor_sen"),
    [
        (date(2013, 12, 31), 34_286),
        (date(2014, 1, 1), 95_000),
        (date(2022, 12, 31), 95_000),
        (date(2023, 1, 1), 110_000),
    ],
)
def test_average_wage_floor_in_force_changes_on_its_dates(day, floor_sen):
    assert parameters_on(day).average_wage_floor_sen == floor_sen


@pytest.mark.parametrize(
    ("day", "ceiling_sen"),
    [
        (date(2004, 12, 1), 200_000),
        (date(2005, 1, 1), 300_000),
        (date(2016, 5, 1), 300_000),
        (date(2016, 6, 1), 400_000),
        (date(2022, 9, 1), 500_000),
        (date(2024, 9, 1), 500_000),
        (date(2024, 10, 1), 600_000),
    ],
)
def test_insured_wage_ceiling_of_a_month(day, ceiling_sen):
    assert insured_wage_ceiling_sen(day) == ceiling_sen


def test_a_dated_parameter_refuses_steps_out_of_order():
    with pytest.raises(ValueError, match="date order"):
        Dated("broken", ((date(2020, 1, 1), 1), (date(2010, 1, 1), 2)))


def test_a_dated_parameter_gives_its_first_value_before_its_first_step():
    assert Dated("x", ((date(2000, 1, 1), 7), (date(2010, 1, 1), 8))).on(date(1990, 1, 1)) == 7


@pytest.mark.parametrize(
    ("wage_sen", "ceiling_sen", "assumed_sen"),
    [
        (300_000, 300_000, 295_000),  # E1: RM3,000 is in (2,900, 3,000]
        (300_001, 400_000, 305_000),
        (420_000, 500_000, 415_000),  # E12
        (700_000, 600_000, 595_000),  # capped at the ceiling less RM50
        (100_000, 600_000, 95_000),
        (0, 600_000, 5_000),
    ],
)
def test_assumed_wage_is_the_mid_point_of_the_rm100_band_capped_by_the_ceiling(
    wage_sen, ceiling_sen, assumed_sen
):
    assert assumed_wage_sen(wage_sen, band_sen=10_000, ceiling_sen=ceiling_sen) == assumed_sen


@pytest.mark.parametrize(
    ("amount", "rounded"),
    [(Fraction(1, 2), 1), (Fraction(149, 100), 1), (Fraction(5, 2), 3), (Fraction(24, 10), 2)],
)
def test_rounding_is_half_up_never_to_even(amount, rounded):
    assert round_half_up(amount) == rounded


def test_money_reads_as_ringgit_with_thousands():
    assert format_ringgit(191_750) == "RM1,917.50"
    assert str(ringgit(5)) == "0.05"
    assert sen(ringgit(123_456)) == 123_456


def test_months_parse_print_and_count():
    assert str(Month.parse("2024-12") + 1) == "2025-01"
    assert Month.of(date(2025, 1, 15)) - 40 == Month.at(2021, 9)
    assert months_between(Month.at(2005, 1), Month.at(2024, 12)) == 240
    assert months_between(Month.at(2025, 1), Month.at(2024, 12)) == 0


@pytest.mark.parametrize("text", ["2024-13", "2024-1", "24-01", "2024/01", "", "2024-00"])
def test_a_malformed_month_is_refused(text):
    with pytest.raises(ValueError, match="YYYY-MM"):
        Month.parse(text)
