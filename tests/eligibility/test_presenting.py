"""Every reason the rules can give has words, in English and through gettext for Malay."""

from datetime import date

from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from eligibility.months import Month
from eligibility.presenting import (
    _HEADLINES,
    KIND_LABELS,
    OUTSIDE,
    PAID,
    SECOND_ONLY,
    UNPAID,
    describe,
    headline,
    month_grid,
)
from eligibility.rules import (
    Contributions,
    Entry,
    Insured,
    Kind,
    Relation,
    invalidity_verdict,
    survivors_verdict,
)

from .test_rules import E1_PERSON, FIRST_PAID_AT_55, INVALIDITY_EXAMPLES, ODD_AVERAGE, e11_verdict


def test_every_verdict_kind_has_a_label_and_every_scheme_a_headline():
    assert set(KIND_LABELS) == set(Kind)
    assert {kind for _, kind in _HEADLINES} == set(Kind) - {Kind.REVIEW}


def test_worked_examples_are_worded_without_a_missing_message():
    for example in INVALIDITY_EXAMPLES:
        verdict = invalidity_verdict(insured=example.person, notice_on=example.notice_on)
        assert headline(verdict)
        assert all(describe(reason) for reason in verdict.reasons)


def test_the_e1_verdict_reads_as_an_officer_would_say_it():
    verdict = invalidity_verdict(insured=E1_PERSON, notice_on=date(2025, 1, 15))
    words = [describe(reason) for reason in verdict.reasons]
    assert headline(verdict) == "Qualifies for the Invalidity Pension at the full rate: RM1,917.50 a month."
    assert words[0] == (
        "40 of the 40 months from September 2021 to December 2024 were paid. "
        "At least 24 are needed, so this test is met."
    )
    assert "Monthly pension: 65% of RM2,950.00 = RM1,917.50." in words


def test_an_average_wage_shown_rounded_says_the_pension_comes_from_the_exact_figure():
    verdict = invalidity_verdict(insured=ODD_AVERAGE, notice_on=date(2021, 1, 15))
    words = [describe(reason) for reason in verdict.reasons]
    assert (
        "Average monthly wage: RM1,141.67 (shown rounded; the pension is worked out from the exact "
        "figure, RM27,400.00 divided by 24), the mean of the assumed wages of the last 24 paid months "
        "(January 2019 to December 2020)."
    ) in words
    assert (
        "Monthly pension: 50% of the exact average wage (RM27,400.00 divided by 24, not the rounded "
        "RM1,141.67) = RM570.83."
    ) in words


def test_the_e11_shares_say_where_the_spare_sen_went():
    assert describe(e11_verdict().reasons[-1]) == (
        "Each share is rounded down to the sen. Left over: 2 sen, given one at a time to the shares "
        "that lost most in rounding (on a tie: widow or widower first, then children in the order "
        "listed, eldest first, then parents). Together the shares come to RM1,917.50."
    )


def test_entry_over_age_names_the_first_paid_month_and_the_limit_of_that_time():
    verdict = invalidity_verdict(insured=FIRST_PAID_AT_55, notice_on=date(2019, 1, 10))
    assert describe(verdict.reasons[-1]) == (
        "The earliest first-category contribution on record is for March 2015, at age 55. The invalidity "
        "scheme covers only those who first contribute before age 55, the limit in force in that month."
    )


@settings(max_examples=60)
@given(
    st.dates(min_value=date(1985, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=0, max_value=400),
    st.integers(min_value=0, max_value=60),
    st.lists(st.sampled_from(list(Relation)), max_size=6),
    st.booleans(),
)
def test_any_verdict_is_worded_in_english_and_in_malay(on, months_paid, gap, dependants, survivors):
    last = Month.of(on) - 1 - gap
    entries = (
        [Entry(month, 180_000) for month in (last - months_paid + 1).through(last)] if months_paid else []
    )
    person = Insured(born_on=date(1970, 6, 1), contributions=Contributions.of(entries))
    verdict = (
        survivors_verdict(deceased=person, died_on=on, dependants=dependants)
        if survivors
        else invalidity_verdict(insured=person, notice_on=on)
    )
    for language in ("en", "ms"):
        with translation.override(language):
            assert headline(verdict)
            assert all(describe(reason) for reason in verdict.reasons)


def test_the_grid_marks_paid_unpaid_second_category_and_the_window():
    entries = [Entry(Month.at(2024, 1), 100_000), Entry(Month.at(2024, 2), 100_000, category=2)]
    person = Insured(
        born_on=date(1990, 1, 1), contributions=Contributions.of(entries), first_payable=Month.at(2023, 12)
    )
    verdict = invalidity_verdict(insured=person, notice_on=date(2024, 4, 2))
    rows = {row.year: row for row in month_grid(verdict, person.contributions)}
    assert list(rows) == [2020, 2021, 2022, 2023, 2024]  # the window starts in December 2020
    cells = {str(cell.month): cell for row in rows.values() for cell in row.cells}
    assert (cells["2024-01"].state, cells["2024-02"].state, cells["2024-03"].state) == (
        PAID,
        SECOND_ONLY,
        UNPAID,
    )
    assert cells["2023-11"].state == OUTSIDE and cells["2023-11"].in_window
    assert cells["2024-04"].is_notice and not cells["2024-04"].in_window
    assert sum(cell.in_window for cell in cells.values()) == 40
