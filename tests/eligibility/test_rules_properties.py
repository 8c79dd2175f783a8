"""Properties the rules must keep for every record, checked on generated ones (hypothesis)."""

import itertools
import math
from datetime import date, timedelta
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from eligibility.forms import CalculatorForm, PeriodFormSet
from eligibility.months import Month
from eligibility.rules import (
    QUALIFYING,
    Contributions,
    Entry,
    Insured,
    Kind,
    Relation,
    Scheme,
    Verdict,
    invalidity_verdict,
    survivors_verdict,
)
from eligibility.serializers import InvalidityClaimSerializer, SurvivorsClaimSerializer

BORN = date(1975, 3, 15)
TODAY = date(2035, 1, 1)
RANK = {Kind.NOT_QUALIFIED: 0, Kind.REDUCED: 1, Kind.FULL: 2}


@st.composite
def claims(draw):
    """A notice date, a fixed first-payable month and a random record of paid months between."""
    notice_on = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2034, 12, 31)))
    notice_month = Month.of(notice_on)
    first_payable = notice_month - draw(st.integers(min_value=1, max_value=300))
    months = list(first_payable.through(notice_month - 1))
    paid = draw(st.lists(st.sampled_from(months), unique=True, max_size=len(months)))
    wages = draw(
        st.lists(st.integers(min_value=0, max_value=1_500_000), min_size=len(paid), max_size=len(paid))
    )
    entries = [Entry(month, wage) for month, wage in zip(paid, wages, strict=True)]
    return notice_on, first_payable, months, entries


def insured(first_payable: Month, entries: list[Entry]) -> Insured:
    return Insured(born_on=BORN, contributions=Contributions.of(entries), first_payable=first_payable)


@given(claims(), st.data())
def test_one_more_paid_month_never_turns_a_pension_into_not_qualified(claim, data):
    notice_on, first_payable, months, entries = claim
    before = invalidity_verdict(insured=insured(first_payable, entries), notice_on=notice_on)
    unpaid = sorted(set(months) - {entry.month for entry in entries})
    if not unpaid or before.kind not in RANK:
        return
    extra = Entry(data.draw(st.sampled_from(unpaid)), 200_000)
    after = invalidity_verdict(insured=insured(first_payable, [*entries, extra]), notice_on=notice_on)
    if before.kind in QUALIFYING:
        assert after.kind is not Kind.NOT_QUALIFIED
    assert RANK[after.kind] >= RANK[before.kind]


@given(claims())
def test_rate_of_a_pension_stays_within_50_and_65_percent(claim):
    notice_on, first_payable, _, entries = claim
    verdict = invalidity_verdict(insured=insured(first_payable, entries), notice_on=notice_on)
    if verdict.kind in QUALIFYING:
        assert 50 <= verdict.rate_percent <= 65
    else:
        assert verdict.rate_percent is None


@given(claims(), st.randoms(use_true_random=False))
def test_verdict_does_not_depend_on_the_order_of_the_months(claim, random):
    notice_on, first_payable, _, entries = claim
    shuffled = list(entries)
    random.shuffle(shuffled)
    assert invalidity_verdict(
        insured=insured(first_payable, entries), notice_on=notice_on
    ) == invalidity_verdict(insured=insured(first_payable, shuffled), notice_on=notice_on)


@given(claims())
def test_shortfall_months_added_in_the_window_do_change_the_verdict(claim):
    notice_on, first_payable, months, entries = claim
    verdict = invalidity_verdict(insured=insured(first_payable, entries), notice_on=notice_on)
    if verdict.shortfall_months is None:
        return
    paid = {entry.month for entry in entries}
    window = set(verdict.window.first.through(verdict.window.last))
    unpaid = [m for m in months if m not in paid]
    best_first = sorted(unpaid, key=lambda month: (month not in window, month))
    extra = [Entry(month, 200_000) for month in best_first[: verdict.shortfall_months]]
    fewer = [Entry(month, 200_000) for month in best_first[: verdict.shortfall_months - 1]]
    assert (
        invalidity_verdict(insured=insured(first_payable, entries + extra), notice_on=notice_on).kind
        != verdict.kind
    )
    assert (
        invalidity_verdict(insured=insured(first_payable, entries + fewer), notice_on=notice_on).kind
        == verdict.kind
    )


ORDER = {Relation.WIDOW: 0, Relation.WIDOWER: 0, Relation.CHILD: 1, Relation.PARENT: 2}


def half_up(amount: Fraction) -> int:
    return math.floor(amount + Fraction(1, 2))


def decision_8(pension_sen: int, dependants: list[Relation]) -> tuple[list[Fraction], list[int], list[int]]:
    """Decision 8 written out again: each person's exact amount, the group each is in, and each
    group's rounded total (one group, the full rate itself, when the shares are reduced pro rata)."""
    ordered = sorted(dependants, key=ORDER.__getitem__)
    spouses = sum(relation in (Relation.WIDOW, Relation.WIDOWER) for relation in ordered)
    children = ordered.count(Relation.CHILD)
    if spouses:
        portions = {0: Fraction(3, 5), 1: Fraction(2, 5) * children, 2: Fraction(0)}
    elif children:
        portions = {1: Fraction(3, 5), 2: Fraction(0)}
    else:
        portions = {2: Fraction(4, 10)}
    whole = sum(portions.values())
    scale = pension_sen / max(whole, Fraction(1))
    sizes = {group: sum(ORDER[relation] == group for relation in ordered) for group in portions}
    exact = [portions[ORDER[relation]] / sizes[ORDER[relation]] * scale for relation in ordered]
    if whole > 1:
        return exact, [0] * len(ordered), [pension_sen]
    groups = [ORDER[relation] for relation in ordered]
    return exact, groups, [half_up(portion * pension_sen) for portion in portions.values()]


@given(
    st.integers(min_value=1, max_value=2_000_000),
    st.lists(st.sampled_from(list(Relation)), min_size=1, max_size=12),
)
def test_survivors_shares_add_up_to_the_rounded_group_totals(pension_sen, dependants):
    verdict = survivors_verdict(
        deceased=Insured(born_on=BORN, contributions=Contributions({})),
        died_on=date(2025, 1, 1),
        receiving_pension_sen=pension_sen,
        dependants=dependants,
    )
    exact, groups, group_totals = decision_8(pension_sen, dependants)
    paid = [share.monthly_sen for share in verdict.shares]
    assert sum(paid) == sum(group_totals)
    spare = [amount - math.floor(amount_exact) for amount, amount_exact in zip(paid, exact, strict=True)]
    assert set(spare) <= {0, 1}  # each amount is its exact one floored, or one sen more
    dropped = [amount - math.floor(amount) for amount in exact]
    for i, j in itertools.combinations(range(len(paid)), 2):  # i listed before j
        if groups[i] == groups[j] and dropped[i] >= dropped[j]:
            assert spare[i] >= spare[j]  # largest dropped fraction first; on a tie, the first listed
        if groups[i] == groups[j] and dropped[i] < dropped[j]:
            assert spare[i] <= spare[j]


@st.composite
def periods(draw):
    """A record as runs of months at one wage (with unpaid gaps), and a notice or death after it."""
    first = Month.at(draw(st.integers(min_value=1995, max_value=2005)), draw(st.integers(1, 12)))
    runs, month = [], first
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        month += draw(st.integers(min_value=0, max_value=4))
        length = draw(st.integers(min_value=1, max_value=30))
        runs.append((month, month + (length - 1), draw(st.integers(min_value=0, max_value=900_000))))
        month += length
    on = (month + draw(st.integers(min_value=0, max_value=40))).first_day
    on += timedelta(days=draw(st.integers(min_value=0, max_value=27)))
    return runs, on, draw(st.sampled_from(list(Scheme)))


def ringgit_text(wage_sen: int) -> str:
    return f"{wage_sen // 100}.{wage_sen % 100:02d}"


def as_periods(runs, on: date, scheme: Scheme) -> Verdict:
    """The calculator page: one row a period."""
    data = {"scheme": scheme.value, "on": on.isoformat(), "date_of_birth": BORN.isoformat()}
    data |= {"periods-TOTAL_FORMS": str(len(runs)), "periods-INITIAL_FORMS": "0"}
    for row, (first, last, wage_sen) in enumerate(runs):
        data |= {f"periods-{row}-first_month": str(first), f"periods-{row}-last_month": str(last)}
        data |= {f"periods-{row}-wage": ringgit_text(wage_sen), f"periods-{row}-category": "1"}
    form, rows = CalculatorForm(data, today=TODAY), PeriodFormSet(data, prefix="periods")
    assert form.is_valid() and rows.is_valid(), (form.errors, rows.errors)
    claim = form.claim(form.check_months(rows))
    assert form.is_valid() and rows.is_valid(), (form.errors, rows.errors)
    return claim.verdict_for(claim.insured)


def month_by_month(runs, on: date, scheme: Scheme) -> Verdict:
    """The API in calculator mode: one entry a month."""
    months = [(month, wage_sen) for first, last, wage_sen in runs for month in first.through(last)]
    serializer_class = InvalidityClaimSerializer if scheme is Scheme.INVALIDITY else SurvivorsClaimSerializer
    data = {
        serializer_class.date_field: on.isoformat(),
        "date_of_birth": BORN.isoformat(),
        "contributions": [{"month": str(month), "wage": ringgit_text(wage)} for month, wage in months],
    }
    serializer = serializer_class(data=data, context={"today": TODAY})
    assert serializer.is_valid(), serializer.errors
    claim = serializer.claim()
    return claim.verdict_for(claim.insured)


@settings(max_examples=60, deadline=None)
@given(periods())
def test_no_pension_moves_by_a_sen_between_a_record_entered_as_periods_or_month_by_month(record):
    runs, on, scheme = record
    by_period, by_month = as_periods(runs, on, scheme), month_by_month(runs, on, scheme)
    assert by_period.monthly_pension_sen == by_month.monthly_pension_sen
    assert by_period == by_month
