from datetime import date

import pytest

from dashboard import records
from dashboard.filters import scoped_filters
from dashboard.kpis import compare

from .world import CURRENT, PREVIOUS

TODAY = date(2025, 3, 20)

COUNTED_BY = {
    "checks": lambda f: records.checks_made(filters=f).count(),
    "premises_visited": lambda f: records.visits_made(filters=f).count(),
    "unregistered_found": lambda f: records.premises_found(filters=f).count(),
    "assignments_open": lambda f: records.assignments_open(filters=f, today=TODAY).count(),
    "assignments_overdue": lambda f: records.assignments_open(filters=f, today=TODAY, overdue=True).count(),
    "registrations_won": lambda f: records.registrations_won(filters=f).count(),
    "workers_covered": lambda f: len(records.workers_covered(filters=f)),
}


@pytest.mark.parametrize("kpi", COUNTED_BY)
@pytest.mark.parametrize(
    "narrowing",
    [{}, {"area": "KLG-1"}, {"area": "KLG-2"}, {"officer": "KLG0001"}, {"officer": "KLG0003"}],
    ids=["office", "KLG-1", "KLG-2", "amin", "ravi"],
)
def test_the_records_behind_a_number_are_as_many_as_the_number(world, kpi, narrowing):
    for period in CURRENT, PREVIOUS:
        filters = scoped_filters(user=world.supervisor, period=period, **narrowing)
        shown = getattr(compare(filters=filters, today=TODAY).current, kpi)
        assert COUNTED_BY[kpi](filters) == shown, period


def test_a_visit_lists_the_first_check_at_the_place_that_day(world):
    visits = records.visits_made(filters=scoped_filters(user=world.supervisor, period=CURRENT, area="KLG-1"))
    p1_on_the_10th = [v for v in visits if v.premises == world.facts.p1 and v.observed_at.day == 10]
    assert [v.officer for v in p1_on_the_10th] == [world.amin]


def test_registrations_carry_their_delay_workers_and_credited_officer(world):
    won = {
        p.name: p
        for p in records.registrations_won(filters=scoped_filters(user=world.supervisor, period=CURRENT))
    }
    p0 = won["Kilang Papan Maju"]
    assert (records.days_to_registration(p0), p0.workers, p0.credited_name) == (22, 2, "Ravi a/l Muthu")
    assert won["Kedai Jahit Aminah"].credited_name == "Siti binti Omar"


def test_the_map_shows_premises_found_in_the_period_and_still_unregistered(world):
    shown = records.unregistered_for_map(filters=scoped_filters(user=world.supervisor, period=CURRENT))
    assert {p.name for p in shown} == {"Kedai Runcit Ah Seng", "Bengkel Motor Jaya"}


def test_a_supervisor_never_sees_the_records_of_another_office(world):
    filters = scoped_filters(user=world.supervisor, period=CURRENT)
    assert "Kedai Kopi Likas" not in {p.name for p in records.premises_found(filters=filters)}
    assert "Kedai Kopi Likas" not in {p.name for p in records.registrations_won(filters=filters)}
