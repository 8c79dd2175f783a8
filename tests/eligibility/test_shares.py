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


def test_a_widow_and_two_children_are_reduced_pro_rata_and_rounded_half_up():
    shares, reasons = shares_of(191_750, C, W, C)
    assert shares == [(W, 82_179), (C, 54_786), (C, 54_786)]
    assert "shares_pro_rata" in reasons
    assert "shares_rounded" in reasons


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
