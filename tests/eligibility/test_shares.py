from fractions import Fraction

import pytest

from eligibility.parameters import parameters_on
from eligibility.shares import Relation, dependants_shares

W, WR, C, P = Relation.WIDOW, Relation.WIDOWER, Relation.CHILD, Relation.PARENT
PARAMETERS = parameters_on(__import__("datetime").date(2025, 1, 1))


def shares_of(full_rate_sen, *dependants):
    shares, reasons = dependants_shares(
        full_rate_sen=full_rate_sen, dependants=dependants, parameters=PARAMETERS
    )
    return [(share.relation, share.monthly_sen) for share in shares], [reason.code for reason in reasons]


@pytest.mark.parametrize(
    ("dependants", "expected"),
    [
        ((W,), [(W, 60_000)]),
        ((WR,), [(WR, 60_000)]),
        ((W, W), [(W, 30_000), (W, 30_000)]),
        ((C,), [(C, 60_000)]),
        ((C, C), [(C, 30_000), (C, 30_000)]),
        ((W, C), [(W, 60_000), (C, 40_000)]),
        ((P,), [(P, 40_000)]),
        ((P, P), [(P, 20_000), (P, 20_000)]),
        ((P, W), [(W, 60_000), (P, 0)]),
        ((C, P), [(C, 60_000), (P, 0)]),
    ],
)
def test_statutory_shares_of_a_full_rate_of_rm1000(dependants, expected):
    assert shares_of(100_000, *dependants)[0] == expected


def test_e11_a_widow_and_two_children_are_reduced_pro_rata_and_add_up_to_the_full_rate():
    shares, reasons = shares_of(191_750, C, W, C)
    assert shares == [(W, 82_178), (C, 54_786), (C, 54_786)]
    assert "shares_pro_rata" in reasons
    assert "shares_rounded" in reasons


def test_a_group_share_is_rounded_half_up_as_a_whole_and_its_spare_sen_goes_to_the_first_listed():
    # Two widows share 3/5 of RM1,000.01 = 600.006: the group gets RM600.01, not 2 x RM300.00.
    assert shares_of(100_001, W, W)[0] == [(W, 30_001), (W, 30_000)]
    # Two parents share 4/10 of RM1,000.01 = 400.004: RM400.00, nothing left over to hand out.
    assert shares_of(100_001, P, P) == ([(P, 20_000), (P, 20_000)], ["parents_share"])


def test_on_a_tie_widows_get_a_spare_sen_before_children_and_elder_children_before_younger():
    # 4 widows (3/5 shared) and 6 children (2/5 each) of RM999.72, reduced by 3: every exact amount
    # ends in .6 sen (4,998.6 and 13,329.6), so the 6 spare sen go in the order of the list.
    shares, _ = shares_of(99_972, C, C, C, C, C, C, W, W, W, W)
    assert [amount for _, amount in shares] == [4_999] * 4 + [13_330] * 2 + [13_329] * 4
    assert sum(amount for _, amount in shares) == 99_972


def test_no_spare_sen_means_no_word_about_rounding():
    assert shares_of(70_000, W, C, C) == (
        [(W, 30_000), (C, 20_000), (C, 20_000)],
        ["spouse_share", "child_share", "shares_pro_rata"],
    )


def test_two_widows_share_three_fifths_and_each_child_still_gets_two_fifths_before_reduction():
    shares, _ = shares_of(100_000, W, W, C)
    # 3/5 + 2/5 = 1: no reduction; each widow 3/10
    assert shares == [(W, 30_000), (W, 30_000), (C, 40_000)]


def test_parents_are_told_they_receive_nothing_beside_a_widow():
    assert "parents_excluded" in shares_of(100_000, W, P)[1]


def test_no_dependants_gives_no_shares_and_says_so():
    assert shares_of(100_000) == ([], ["no_dependants"])


def test_share_fractions_after_reduction_add_up_to_the_whole():
    shares, _ = dependants_shares(full_rate_sen=100_000, dependants=[W, C, C, C], parameters=PARAMETERS)
    assert sum((share.fraction for share in shares), Fraction(0)) == 1
