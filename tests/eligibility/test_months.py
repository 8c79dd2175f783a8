from eligibility.months import Month
from eligibility.record import Contributions, Entry


def test_months_compare_hash_and_sort_by_calendar_order():
    june, july = Month.at(2024, 6), Month.at(2024, 7)
    assert june < july and june <= july and july > june and july >= june and not july < june
    assert Month.at(2024, 6) == june and len({june, Month.at(2024, 6), july}) == 2
    assert sorted([july, Month.at(2023, 12), june]) == [Month.at(2023, 12), june, july]


def test_a_month_is_never_equal_to_its_text_or_its_index():
    assert Month.at(2024, 6) != "2024-06"
    assert Month.at(2024, 6) != Month.at(2024, 6).index


def test_paid_months_are_counted_between_two_months_both_included():
    paid = Contributions.of(Entry(Month.at(2024, m), 150_000) for m in (1, 2, 5, 9))
    assert paid.paid_between(Month.at(2024, 2), Month.at(2024, 9)) == 3
    assert paid.paid_between(Month.at(2024, 3), Month.at(2024, 4)) == 0
    assert paid.paid_between(Month.at(2024, 9), Month.at(2024, 1)) == 0
