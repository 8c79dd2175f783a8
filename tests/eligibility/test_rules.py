"""The worked examples of socso-rules.md section 4, and the rules around them. No database."""

from dataclasses import dataclass
from datetime import date

import pytest

from eligibility.months import Month
from eligibility.rules import (
    Contributions,
    Entry,
    Insured,
    Kind,
    Relation,
    age_on,
    invalidity_verdict,
    survivors_verdict,
)


def record(first: str, last: str, wage_ringgit: int, category: int = 1) -> list[Entry]:
    months = Month.parse(first).through(Month.parse(last))
    return [Entry(month, wage_ringgit * 100, category) for month in months]


def insured(
    *, born: date, entries: list[Entry], first_payable: str | None = None, foreign: bool = False
) -> Insured:
    return Insured(
        born_on=born,
        contributions=Contributions.of(entries),
        first_payable=Month.parse(first_payable) if first_payable else None,
        foreign_worker=foreign,
    )


@dataclass(frozen=True)
class Example:
    name: str
    person: Insured
    notice_on: date
    kind: Kind
    rate: int | None = None
    pension_sen: int | None = None


E1_PERSON = insured(
    born=date(1980, 5, 10), entries=record("2005-01", "2024-12", 3000), first_payable="2005-01"
)

INVALIDITY_EXAMPLES = [
    Example("E1", E1_PERSON, date(2025, 1, 15), Kind.FULL, 65, 191_750),
    Example(
        "E2",
        insured(born=date(1990, 2, 2), entries=record("2022-03", "2024-12", 2500), first_payable="2022-03"),
        date(2025, 1, 20),
        Kind.FULL,
        50,
        122_500,
    ),
    Example(
        "E4a",
        insured(born=date(1970, 1, 1), entries=record("2005-01", "2011-12", 1000), first_payable="2005-01"),
        date(2025, 1, 6),
        Kind.REDUCED,
        50,
        55_000,
    ),
    Example(
        "E5",
        insured(born=date(1988, 9, 9), entries=record("2015-01", "2016-12", 2000), first_payable="2015-01"),
        date(2025, 1, 6),
        Kind.NOT_QUALIFIED,
    ),
    Example(
        "E7",
        insured(born=date(1965, 1, 20), entries=record("1990-01", "2025-01", 3000), first_payable="1990-01"),
        date(2025, 2, 10),
        Kind.INELIGIBLE_AGE,
    ),
    Example(
        "E9a",
        insured(born=date(1985, 1, 1), entries=record("2021-09", "2023-08", 3000), first_payable="2021-09"),
        date(2025, 1, 10),
        Kind.FULL,
        50,
        147_500,
    ),
    Example(
        "E9b",
        insured(born=date(1985, 1, 1), entries=record("2021-09", "2023-07", 3000), first_payable="2021-09"),
        date(2025, 1, 10),
        Kind.NOT_QUALIFIED,
    ),
    Example(
        "E15",
        insured(born=date(1990, 1, 1), entries=record("2019-01", "2024-12", 2000, category=2), foreign=True),
        date(2025, 6, 2),
        Kind.NOT_COVERED,
    ),
    Example(
        "E17a",
        insured(born=date(1990, 1, 1), entries=record("2018-01", "2024-12", 1000), first_payable="2018-01"),
        date(2025, 1, 20),
        Kind.FULL,
        55,
        60_500,
    ),
]


@pytest.mark.parametrize("example", INVALIDITY_EXAMPLES, ids=lambda example: example.name)
def test_worked_example_of_the_reference_gives_its_verdict_rate_and_pension(example):
    verdict = invalidity_verdict(insured=example.person, notice_on=example.notice_on)
    assert verdict.kind is example.kind
    assert verdict.rate_percent == example.rate
    assert verdict.monthly_pension_sen == example.pension_sen


def test_e1_window_is_the_forty_months_before_the_notice_month_and_all_are_paid():
    verdict = invalidity_verdict(insured=E1_PERSON, notice_on=date(2025, 1, 15))
    assert (str(verdict.window.first), str(verdict.window.last), verdict.window.months_paid) == (
        "2021-09",
        "2024-12",
        40,
    )
    assert (verdict.n_months, verdict.c_months) == (240, 240)


def test_e4a_reduced_pension_uses_the_2025_floor_of_rm1100_instead_of_rm950():
    person = INVALIDITY_EXAMPLES[2].person
    wage = invalidity_verdict(insured=person, notice_on=date(2025, 1, 6)).average_wage
    assert (wage.mean_sen, wage.amount_sen, wage.floor_applied) == (95_000, 110_000, True)


def test_e9a_boundary_of_exactly_24_paid_months_in_the_window_is_full():
    verdict = invalidity_verdict(insured=INVALIDITY_EXAMPLES[5].person, notice_on=date(2025, 1, 10))
    assert verdict.window.months_paid == 24
    assert verdict.shortfall_months is None


@pytest.mark.parametrize(
    ("name", "shortfall", "would_be"),
    [("E9b", 1, "full"), ("E5", 16, "reduced"), ("E4a", 24, "full")],
)
def test_shortfall_is_the_fewest_extra_months_that_change_the_verdict(name, shortfall, would_be):
    example = next(example for example in INVALIDITY_EXAMPLES if example.name == name)
    verdict = invalidity_verdict(insured=example.person, notice_on=example.notice_on)
    assert verdict.shortfall_months == shortfall
    assert next(r for r in verdict.reasons if r.code == "shortfall").data["would_be"] == would_be


def test_e7_over_the_age_limit_tells_the_officer_a_review_is_possible():
    verdict = invalidity_verdict(insured=INVALIDITY_EXAMPLES[4].person, notice_on=date(2025, 2, 10))
    codes = [reason.code for reason in verdict.reasons]
    assert "over_age_limit" in codes
    assert "age_review_possible" in codes


def e11_verdict():
    """The E1 pensioner dies in 2030, leaving a widow and two children."""
    return survivors_verdict(
        deceased=E1_PERSON,
        died_on=date(2030, 6, 1),
        receiving_pension_sen=191_750,
        dependants=[Relation.WIDOW, Relation.CHILD, Relation.CHILD],
    )


def test_e11_widow_and_two_children_of_a_pensioner_share_pro_rata_and_the_sen_add_up():
    verdict = e11_verdict()
    assert verdict.kind is Kind.FULL
    assert verdict.full_rate_sen == 191_750
    # Decision 8: 82,178.57 + 2 x 54,785.71 sen; floored, the 2 spare sen go to the children's
    # larger dropped fractions (.71 against .57). Rounded one by one they came to RM1,917.51.
    assert [(share.relation, share.monthly_sen) for share in verdict.shares] == [
        (Relation.WIDOW, 82_178),
        (Relation.CHILD, 54_786),
        (Relation.CHILD, 54_786),
    ]
    assert sum(share.monthly_sen for share in verdict.shares) == 191_750


def test_two_widows_and_three_children_of_a_rm2000_pension_add_up_to_rm2000():
    verdict = survivors_verdict(
        deceased=E1_PERSON,
        died_on=date(2030, 6, 1),
        receiving_pension_sen=200_000,
        dependants=[Relation.CHILD, Relation.WIDOW, Relation.CHILD, Relation.WIDOW, Relation.CHILD],
    )
    # Each widow 1/6 (333.333...), each child 2/9 (444.444...): the 2 spare sen go to the two
    # eldest children (listed first), whose dropped fractions are the larger.
    assert [(share.relation, share.monthly_sen) for share in verdict.shares] == [
        (Relation.WIDOW, 33_333),
        (Relation.WIDOW, 33_333),
        (Relation.CHILD, 44_445),
        (Relation.CHILD, 44_445),
        (Relation.CHILD, 44_444),
    ]


def test_e12_death_under_the_age_limit_with_a_full_record_pays_the_widow_three_fifths():
    deceased = insured(
        born=date(1985, 7, 7), entries=record("2015-07", "2025-02", 4200), first_payable="2015-07"
    )
    verdict = survivors_verdict(deceased=deceased, died_on=date(2025, 3, 10), dependants=[Relation.WIDOW])
    assert (verdict.kind, verdict.n_months, verdict.c_months, verdict.rate_percent) == (
        Kind.FULL,
        116,
        116,
        57,
    )
    assert verdict.full_rate_sen == 236_550
    assert [share.monthly_sen for share in verdict.shares] == [141_930]


def test_e15_foreign_worker_has_no_survivors_pension_either():
    verdict = survivors_verdict(deceased=INVALIDITY_EXAMPLES[7].person, died_on=date(2025, 6, 2))
    assert verdict.kind is Kind.NOT_COVERED
    assert verdict.shares == ()


def test_survivors_on_a_reduced_period_get_fifty_percent_of_the_average_wage():
    deceased = insured(
        born=date(1970, 1, 1), entries=record("2005-01", "2011-12", 1000), first_payable="2005-01"
    )
    verdict = survivors_verdict(deceased=deceased, died_on=date(2025, 1, 6), dependants=[Relation.CHILD])
    assert (verdict.kind, verdict.full_rate_sen) == (Kind.REDUCED, 55_000)
    assert [share.monthly_sen for share in verdict.shares] == [33_000]  # children alone: 3/5


def test_a_pensioner_dying_over_the_age_limit_still_leaves_a_survivors_pension():
    verdict = survivors_verdict(
        deceased=E1_PERSON,
        died_on=date(2050, 1, 1),
        receiving_pension_sen=100_000,
        dependants=[Relation.PARENT],
    )
    assert verdict.kind is Kind.FULL
    assert [share.monthly_sen for share in verdict.shares] == [40_000]


def test_death_over_the_age_limit_without_a_pension_leaves_no_survivors_pension():
    verdict = survivors_verdict(deceased=E1_PERSON, died_on=date(2040, 5, 10))
    assert verdict.kind is Kind.INELIGIBLE_AGE
    assert "age_review_possible" not in [reason.code for reason in verdict.reasons]


@pytest.mark.parametrize(
    ("notice_on", "kind"),
    [(date(2012, 12, 31), Kind.INELIGIBLE_AGE), (date(2013, 1, 1), Kind.FULL)],
)
def test_age_limit_is_55_before_2013_and_60_from_2013(notice_on, kind):
    person = insured(
        born=date(1957, 6, 1), entries=record("1995-01", "2012-11", 2000), first_payable="1995-01"
    )
    assert invalidity_verdict(insured=person, notice_on=notice_on).kind is kind


def test_age_limit_is_attained_on_the_birthday_itself():
    person = insured(born=date(1965, 2, 10), entries=record("1995-01", "2025-01", 2000))
    assert invalidity_verdict(insured=person, notice_on=date(2025, 2, 9)).kind is Kind.FULL
    assert invalidity_verdict(insured=person, notice_on=date(2025, 2, 10)).kind is Kind.INELIGIBLE_AGE


def test_first_contribution_at_55_or_later_is_not_covered():
    person = insured(born=date(1965, 1, 1), entries=record("2020-01", "2024-12", 2000))
    verdict = invalidity_verdict(insured=person, notice_on=date(2024, 12, 20))
    assert verdict.kind is Kind.NOT_COVERED
    assert verdict.reasons[-1].code == "entered_over_age"


def test_first_contribution_at_52_was_not_covered_before_2013_when_the_entry_limit_was_50():
    person = insured(born=date(1958, 1, 1), entries=record("2010-01", "2011-12", 2000))
    assert invalidity_verdict(insured=person, notice_on=date(2012, 6, 1)).kind is Kind.NOT_COVERED


# Decision 6: 54 on 1 February 2015 (first payable), 55 on 1 March 2015 (first paid).
FIRST_PAID_AT_55 = insured(
    born=date(1960, 3, 1), entries=record("2015-03", "2018-12", 2000), first_payable="2015-02"
)


def test_entry_age_is_measured_on_the_first_paid_month_not_the_first_payable_one():
    verdict = invalidity_verdict(insured=FIRST_PAID_AT_55, notice_on=date(2019, 1, 10))
    assert verdict.kind is Kind.NOT_COVERED
    assert verdict.reasons[-1].data == {"month": "2015-03", "age": 55, "limit": 55}


def test_entry_age_limit_is_the_one_in_force_when_the_first_contribution_was_paid():
    # Payable from June 2012 (limit 50 then, aged 52) but first paid January 2013 (limit 55).
    person = insured(
        born=date(1960, 6, 1), entries=record("2013-01", "2015-12", 2000), first_payable="2012-06"
    )
    verdict = invalidity_verdict(insured=person, notice_on=date(2016, 1, 6))
    assert (verdict.kind, verdict.rate_percent) == (Kind.FULL, 51)


def test_a_record_without_first_category_months_is_not_covered():
    person = insured(born=date(1980, 1, 1), entries=record("2020-01", "2024-12", 2000, category=2))
    assert invalidity_verdict(insured=person, notice_on=date(2025, 1, 6)).kind is Kind.NOT_COVERED


def test_second_category_months_do_not_count_towards_the_window():
    entries = record("2021-01", "2022-12", 3000) + record("2023-01", "2024-12", 3000, category=2)
    verdict = invalidity_verdict(
        insured=insured(born=date(1980, 1, 1), entries=entries), notice_on=date(2025, 1, 6)
    )
    assert verdict.window.months_paid == 16  # 2021-09..2022-12
    assert "second_category_months" in [reason.code for reason in verdict.reasons]


@dataclass(frozen=True)
class Order:
    name: str
    person: Insured
    on: date
    kind: Kind
    code: str  # the reason that decided


ORDER_OF_TESTS = [
    Order(
        "foreign worker over the age limit",
        insured(born=date(1950, 1, 1), entries=record("1995-01", "2014-12", 2000), foreign=True),
        date(2015, 1, 6),
        Kind.NOT_COVERED,
        "foreign_worker",
    ),
    Order(
        "employed but no first-category month, over the age limit",
        insured(
            born=date(1950, 1, 1), entries=record("1995-01", "2014-12", 2000, 2), first_payable="1995-01"
        ),
        date(2015, 1, 6),
        Kind.NOT_COVERED,
        "no_first_category_record",
    ),
    Order(
        "employed but no first-category month, under the age limit",
        insured(born=date(1980, 1, 1), entries=[], first_payable="2020-01"),
        date(2025, 1, 6),
        Kind.NOT_COVERED,
        "no_first_category_record",
    ),
    Order(
        "first contribution at 56, notice at 61",
        insured(born=date(1955, 1, 1), entries=record("2011-01", "2015-12", 2000)),
        date(2016, 1, 6),
        Kind.NOT_COVERED,
        "entered_over_age",
    ),
    Order(
        "covered, over the age limit, too few contributions",
        insured(born=date(1950, 1, 1), entries=record("1995-01", "1995-12", 2000)),
        date(2015, 1, 6),
        Kind.INELIGIBLE_AGE,
        "over_age_limit",
    ),
    Order(
        "foreign worker with a notice before 1992",
        insured(born=date(1950, 1, 1), entries=record("1980-01", "1990-12", 500), foreign=True),
        date(1991, 6, 1),
        Kind.REVIEW,
        "rules_not_encoded",
    ),
]


@pytest.mark.parametrize("case", ORDER_OF_TESTS, ids=lambda case: case.name)
def test_cover_is_tested_before_age_and_age_before_contributions(case):
    for verdict in (
        invalidity_verdict(insured=case.person, notice_on=case.on),
        survivors_verdict(deceased=case.person, died_on=case.on, dependants=[Relation.WIDOW]),
    ):
        assert verdict.kind is case.kind
        assert case.code in [reason.code for reason in verdict.reasons]


def test_notices_before_1992_are_referred_for_review():
    person = insured(born=date(1950, 1, 1), entries=record("1975-01", "1990-12", 500))
    assert invalidity_verdict(insured=person, notice_on=date(1991, 6, 1)).kind is Kind.REVIEW


def test_full_rate_grows_one_percent_per_twelve_months_beyond_24_up_to_65():
    for paid_months, rate in [(35, 50), (36, 51), (48, 52), (203, 64), (204, 65), (400, 65)]:
        last = Month.at(2024, 12)
        entries = [Entry(month, 200_000) for month in (last - (paid_months - 1)).through(last)]
        person = insured(born=date(1970, 1, 1), entries=entries, first_payable="1990-01")
        assert invalidity_verdict(insured=person, notice_on=date(2025, 1, 6)).rate_percent == rate


def test_average_wage_is_the_mean_of_the_assumed_wages_of_the_last_24_paid_months():
    entries = record("2020-01", "2022-12", 2000) + record("2023-01", "2024-12", 5000)
    wage = invalidity_verdict(
        insured=insured(born=date(1980, 1, 1), entries=entries), notice_on=date(2025, 1, 6)
    )
    # 2023-01..2024-09 capped at RM4,950 (RM5,000 ceiling), 2024-10..12 at RM4,950 (band of RM5,000)
    assert wage.average_wage.months_used[0] == Month.at(2023, 1)
    assert wage.average_wage.mean_sen == 495_000


# Issue 15's case: 23 months at RM1,200 (assumed RM1,150) and one at RM1,000 (RM950).
ODD_AVERAGE = insured(
    born=date(1965, 1, 1), entries=record("2019-01", "2020-11", 1200) + record("2020-12", "2020-12", 1000)
)


def test_pension_is_worked_out_from_the_exact_average_wage_not_the_one_rounded_to_the_sen():
    verdict = invalidity_verdict(insured=ODD_AVERAGE, notice_on=date(2021, 1, 15))
    # 50% of 27,400/24 = 570.8333...: RM570.83. From the rounded RM1,141.67 it came to RM570.84.
    assert (verdict.kind, verdict.rate_percent, verdict.monthly_pension_sen) == (Kind.FULL, 50, 57_083)
    assert (verdict.average_wage.mean_sen, verdict.average_wage.amount_sen) == (114_167, 114_167)
    pension = next(reason.data for reason in verdict.reasons if reason.code == "pension")
    assert (pension["total_sen"], pension["months"], pension["rounded"]) == (2_740_000, 24, True)


def test_survivors_full_rate_is_also_worked_out_from_the_exact_average_wage():
    verdict = survivors_verdict(deceased=ODD_AVERAGE, died_on=date(2021, 1, 15), dependants=[Relation.WIDOW])
    assert verdict.full_rate_sen == 57_083
    assert [share.monthly_sen for share in verdict.shares] == [34_250]  # 3/5 of 570.83 = 342.498


def test_the_average_is_not_said_to_be_rounded_when_it_is_a_whole_sen_or_the_floor_applies():
    for person, notice_on in [
        (E1_PERSON, date(2025, 1, 15)),
        (INVALIDITY_EXAMPLES[2].person, date(2025, 1, 6)),
    ]:
        reasons = {r.code: r.data for r in invalidity_verdict(insured=person, notice_on=notice_on).reasons}
        assert reasons["average_wage"]["rounded"] is False
        assert reasons["pension"]["rounded"] is False


def test_verdict_reasons_carry_the_thresholds_with_their_numbers():
    verdict = invalidity_verdict(insured=INVALIDITY_EXAMPLES[3].person, notice_on=date(2025, 1, 6))
    reasons = {reason.code: reason.data for reason in verdict.reasons}
    assert reasons["two_thirds"]["needed"] == 80
    assert reasons["one_third"]["needed"] == 40
    assert reasons["window"]["paid"] == 0
    assert "invalidity_grant" in reasons


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(1980, 5, 10), date(2025, 5, 9), 44),
        (date(1980, 5, 10), date(2025, 5, 10), 45),
        (date(1984, 2, 29), date(2025, 2, 28), 40),
        (date(1984, 2, 29), date(2025, 3, 1), 41),
    ],
)
def test_age_counts_whole_years_attained(born, on, age):
    assert age_on(born, on) == age
