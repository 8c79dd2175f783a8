"""Issue 17: enforcement's figures in the summary equal a direct count from the facts, live and rebuilt."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest

from dashboard.filters import scoped_filters
from dashboard.kpis import ENFORCEMENT_NAMES, compare, percent_of
from dashboard.models import EnforcementRollup
from dashboard.periods import Period, local_day
from dashboard.rollups import rebuild_rollups
from detection.models import Detection, Operation
from detection.outcomes import NON_COMPLIANT
from enforcement.models import Case, CaseEvent
from enforcement.signals import case_changed
from tests.factories import CaseFactory, OperationFactory, PremisesFactory, at

from .world import CURRENT, PREVIOUS

D = date
TODAY = D(2025, 3, 20)


def _event(case, action, moment, actor, amount=None):
    details = {"amount_rm": amount} if amount is not None else {}
    return CaseEvent.objects.create(
        case=case, action=action, to_state="x", at=moment, actor=actor, details=details
    )


@pytest.fixture
def enforced(world, django_capture_on_commit_callbacks):
    """Operations, compounds, payments and referrals in KLG-1, KLG-2 and SAB-1, both periods."""
    w = world
    with django_capture_on_commit_callbacks(execute=True):
        OperationFactory(office=w.klg, areas=[w.klg1], starts_at=at(D(2025, 3, 11)), created_by=w.amin)
        OperationFactory(office=w.klg, areas=[w.klg2], starts_at=at(D(2025, 3, 16), 23, 30))
        OperationFactory(office=w.klg, areas=[w.klg1], starts_at=at(D(2025, 3, 17), 0, 10))  # after
        OperationFactory(office=w.klg, areas=[w.klg1], starts_at=at(D(2025, 3, 4)))  # previous
        OperationFactory(office=w.sab, areas=[w.sab1], starts_at=at(D(2025, 3, 12)))
        cases = {}
        for name, area, office in (("k1", w.klg1, w.klg), ("k2", w.klg2, w.klg), ("s1", w.sab1, w.sab)):
            cases[name] = CaseFactory(premises=PremisesFactory(area=area), area=area, office=office)
        _event(cases["k1"], "compound", at(D(2025, 3, 12)), w.amin, "1500.00")
        _event(cases["k1"], "record_payment", at(D(2025, 3, 14)), w.amin, "750.50")
        _event(cases["k2"], "compound", at(D(2025, 3, 13)), w.siti, "2000.00")
        _event(cases["k2"], "refer_prosecution", at(D(2025, 3, 15)), w.siti)
        _event(cases["k2"], "notice", at(D(2025, 3, 10)), w.siti)  # not a figure
        _event(cases["k1"], "compound", at(D(2025, 3, 6)), w.amin, "300.00")  # previous
        _event(cases["s1"], "compound", at(D(2025, 3, 12)), None, "999.00")
        _event(cases["s1"], "refer_prosecution", at(D(2025, 3, 12)), None)
    return w, cases


def _direct(period: Period, areas) -> dict:
    """The figures counted straight from the facts, the way dashboard.kpis defines them."""
    start, end = period.bounds()
    in_period = {"at__gte": start, "at__lt": end, "case__area__in": areas}
    events = CaseEvent.objects.filter(**in_period)
    last: dict[tuple, Detection] = {}
    checks = Detection.objects.filter(observed_at__gte=start, observed_at__lt=end, area__in=areas)
    for check in checks.exclude(review=Detection.Review.REJECTED).order_by("observed_at", "id"):
        place = (
            f"p{check.premises_id}"
            if check.premises_id
            else (f"e{check.employer_id}" if check.employer_id else None)
        )
        if place:
            last[(local_day(check.observed_at), place)] = check
    non_compliant = sum(1 for check in last.values() if check.outcome in NON_COMPLIANT)
    amounts = defaultdict(Decimal)
    for event in events:
        amounts[event.action] += Decimal(event.details.get("amount_rm", "0"))
    return {
        "operations_run": Operation.objects.filter(starts_at__gte=start, starts_at__lt=end, areas__in=areas)
        .distinct()
        .count(),
        "compounds_issued": events.filter(action="compound").count(),
        "compounds_amount_rm": amounts["compound"],
        "compounds_paid_rm": amounts["record_payment"],
        "referred_for_prosecution": events.filter(action="refer_prosecution").count(),
        "non_compliant_percent": percent_of(non_compliant, len(last)),
    }


def _figures(kpis) -> dict:
    return {name: getattr(kpis, name) for name in ENFORCEMENT_NAMES}


@pytest.mark.parametrize(
    ("who", "area", "codes"),
    [
        ("supervisor", "", ("KLG-1", "KLG-2")),  # an office
        ("admin", "KLG-2", ("KLG-2",)),  # an area
        ("admin", "", ("KLG-1", "KLG-2", "SAB-1")),  # national
        ("sab_supervisor", "", ("SAB-1",)),
    ],
    ids=["office", "area", "national", "other-office"],
)
def test_the_enforcement_figures_equal_a_direct_count_from_the_facts(enforced, who, area, codes):
    w, _cases = enforced
    areas = [a for a in (w.klg1, w.klg2, w.sab1) if a.code in codes]
    comparison = compare(filters=scoped_filters(user=getattr(w, who), period=CURRENT, area=area), today=TODAY)
    assert _figures(comparison.current) == _direct(CURRENT, areas)
    assert _figures(comparison.previous) == _direct(PREVIOUS, areas)


def test_the_office_figures_are_the_ones_expected(enforced):
    w, _cases = enforced
    current = compare(filters=scoped_filters(user=w.supervisor, period=CURRENT), today=TODAY).current
    assert (
        current.operations_run,
        current.compounds_issued,
        current.compounds_amount_rm,
        current.compounds_paid_rm,
        current.referred_for_prosecution,
        current.non_compliant_percent,
    ) == (2, 2, Decimal("3500.00"), Decimal("750.50"), 1, 75.0)


def test_the_rebuild_gives_the_same_enforcement_rows_as_the_live_refresh(enforced):
    def rows():
        return set(
            EnforcementRollup.objects.values_list(
                *[f.attname for f in EnforcementRollup._meta.concrete_fields if f.name != "id"]
            )
        )

    live = rows()
    assert len(live) > 5
    EnforcementRollup.objects.all().delete()
    rebuild_rollups()
    assert rows() == live


def test_a_case_moved_to_another_area_moves_its_compounds(enforced, django_capture_on_commit_callbacks):
    w, cases = enforced
    klg2 = scoped_filters(user=w.admin, period=CURRENT, area="KLG-2")
    before = compare(filters=klg2, today=TODAY).current.compounds_issued
    with django_capture_on_commit_callbacks(execute=True):
        Case.objects.filter(pk=cases["k1"].pk).update(area=w.klg2)  # no save signal: case_changed only
        case_changed.send(sender=Case, case_id=cases["k1"].pk, action="hand_to")
    assert compare(filters=klg2, today=TODAY).current.compounds_issued == before + 1
