"""The assignment solver on its own: no database, small instances checked by hand or by brute force."""

import itertools
import random

import pytest
from geopy.distance import geodesic

from dispatch.solver import UNKNOWN_DISTANCE_KM, Job, Seat, distance_km, solve
from registry.models import MALAYSIA_BOUNDS

KLANG = (3.0449, 101.4450)  # (lat, lon)


def seat(key, *, north_km=0.0, capacity=10, load=0):
    return Seat(key=key, lat=KLANG[0] + north_km / 111.32, lon=KLANG[1], capacity=capacity, load=load)


def job(key, *, north_km=0.0, candidates=(1, 2), wait_km=0.0):
    return Job(
        key=key, lat=KLANG[0] + north_km / 111.32, lon=KLANG[1], candidates=tuple(candidates), wait_km=wait_km
    )


def test_distance_between_klang_and_kuala_lumpur_is_about_27_km():
    assert distance_km(3.0449, 101.4450, 3.1390, 101.6869) == pytest.approx(28.8, abs=0.5)


def somewhere_in_malaysia(rng: random.Random) -> tuple[float, float]:
    box = MALAYSIA_BOUNDS
    return rng.uniform(box["lat_min"], box["lat_max"]), rng.uniform(box["lon_min"], box["lon_max"])


def test_the_solvers_distances_stay_within_half_a_percent_of_geodesic_across_malaysia():
    """Its fast form (a sphere) against geopy's ellipsoid, on pairs near and far in every direction:
    each premises may only go to its own inspector, so plan.distance_km is that pair's distance."""
    rng = random.Random(14)
    starts = [somewhere_in_malaysia(rng) for _ in range(2000)]
    pairs = [(a, somewhere_in_malaysia(rng)) for a in starts]
    pairs += [(a, (a[0] + rng.uniform(-0.2, 0.2), a[1] + rng.uniform(-0.2, 0.2))) for a in starts]
    pairs += [((lat, 110.0), (lat + 0.3, 110.0)) for lat in (0.7, 4.0, 7.3)]  # due north: a sphere's worst
    seats = [Seat(key=k, lat=a[0], lon=a[1], capacity=1, load=0) for k, (a, _b) in enumerate(pairs)]
    jobs = [Job(key=k, lat=b[0], lon=b[1], candidates=(k,)) for k, (_a, b) in enumerate(pairs)]
    plan = solve(seats=seats, jobs=jobs)
    worst = max(abs(plan.distance_km[k] / geodesic(a, b).km - 1) for k, (a, b) in enumerate(pairs))
    assert worst < 0.005


def test_each_premises_goes_to_the_nearest_inspector_when_there_is_room():
    plan = solve(seats=[seat(1), seat(2, north_km=10)], jobs=[job(10, north_km=1), job(11, north_km=9)])
    assert plan.placed == {10: 1, 11: 2}
    assert plan.distance_km[10] == pytest.approx(1.0, abs=0.01)


def test_a_premises_only_goes_to_an_inspector_of_its_area():
    plan = solve(seats=[seat(1), seat(2, north_km=10)], jobs=[job(10, north_km=9, candidates=[1])])
    assert plan.placed == {10: 1}


def test_capacity_is_never_exceeded_and_the_rest_is_reported_full():
    jobs = [job(k, candidates=[1]) for k in range(5)]
    plan = solve(seats=[seat(1, capacity=3, load=1)], jobs=jobs)
    assert len(plan.placed) == 2
    assert plan.full == [2, 3, 4]  # the oldest are served first
    assert plan.loads[1] == 3


def test_when_room_runs_short_the_farthest_premises_waits_not_the_newest():
    jobs = [job(10, north_km=6), job(11, north_km=1), job(12, north_km=2)]
    plan = solve(seats=[seat(1, capacity=2)], jobs=jobs)
    assert plan.placed == {11: 1, 12: 1} and plan.full == [10]


def test_a_premises_that_has_waited_longer_goes_before_a_slightly_nearer_newcomer():
    seats = [seat(1, capacity=1)]
    waited = [job(10, north_km=4, wait_km=3.0), job(11, north_km=2)]  # 2 km farther, 3 days older
    assert solve(seats=seats, jobs=waited).placed == {10: 1}
    much_farther = [job(10, north_km=6, wait_km=3.0), job(11, north_km=2)]  # 4 km farther
    assert solve(seats=seats, jobs=much_farther).placed == {11: 1}


def test_the_load_penalty_does_not_send_a_case_past_a_nearer_inspector_in_a_town():
    # Premises 1-2 km from the inspectors: the near one nearly full still takes the case rather
    # than a colleague 3 km farther (a fixed 5 km penalty at full load sent it on).
    seats = [seat(1, capacity=10, load=9), seat(2, north_km=4, capacity=10)]
    jobs = [job(10, north_km=1)]
    plan = solve(seats=seats, jobs=jobs)
    assert plan.placed == {10: 1}
    assert solve(seats=seats, jobs=jobs, load_weight_km=5.0).placed == {10: 2}


def test_an_inspector_already_above_capacity_gets_nothing_more():
    plan = solve(seats=[seat(1, capacity=2, load=5)], jobs=[job(1, candidates=[1])])
    assert plan.full == [1] and plan.loads[1] == 5


def test_an_earlier_premises_moves_along_a_chain_when_that_lowers_the_total_distance():
    # Inspector 1 at 0 km (room for one), inspector 2 at 10 km. The first premises (5 km) takes
    # inspector 1; the second (0 km) can only be served by inspector 1, so the first moves to 2.
    jobs = [job(10, north_km=5), job(11, north_km=0, candidates=[1])]
    plan = solve(seats=[seat(1, capacity=1), seat(2, north_km=10, capacity=1)], jobs=jobs)
    assert plan.placed == {10: 2, 11: 1}


def test_at_equal_distance_the_less_loaded_inspector_takes_the_case():
    seats = [seat(1, capacity=10, load=8), seat(2, capacity=10, load=1)]
    plan = solve(seats=seats, jobs=[job(10)])
    assert plan.placed == {10: 2}


def test_load_is_spread_between_two_inspectors_at_the_same_base():
    plan = solve(seats=[seat(1), seat(2)], jobs=[job(k) for k in range(10)])
    assert plan.loads == {1: 5, 2: 5}


def test_an_inspector_without_a_base_comes_after_those_whose_distance_is_known():
    no_base = Seat(key=2, lat=None, lon=None, capacity=10, load=0)
    plan = solve(seats=[seat(1, north_km=20), no_base], jobs=[job(10)])
    assert plan.placed == {10: 1}
    only = solve(seats=[no_base], jobs=[job(10, candidates=[2])])
    assert only.placed == {10: 2} and only.distance_km[10] is None
    assert UNKNOWN_DISTANCE_KM > 20


def test_a_premises_whose_inspectors_are_unknown_to_the_solver_is_full():
    plan = solve(seats=[seat(1)], jobs=[job(10, candidates=[99])])
    assert plan.full == [10]


def test_progress_is_reported_at_the_end():
    seen = []
    solve(
        seats=[seat(1)],
        jobs=[job(1, candidates=[1])],
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(1, 1)]


def _objective(seats, jobs, placed, weight):
    by_key = {s.key: s for s in seats}
    total = sum(
        distance_km(j.lat, j.lon, by_key[placed[j.key]].lat, by_key[placed[j.key]].lon)
        for j in jobs
        if j.key in placed
    )
    for s in seats:
        final = s.load + sum(1 for k in placed.values() if k == s.key)
        total += sum(weight / s.capacity * n for n in range(s.load, final))
    return total


def _best_by_brute_force(seats, jobs, weight, placed_keys):
    """The lowest total over every way of placing exactly `placed_keys` within capacity."""
    best = None
    for choice in itertools.product(*[[*list(j.candidates), None] for j in jobs]):
        placed = {j.key: c for j, c in zip(jobs, choice, strict=True) if c is not None}
        loads = {s.key: s.load + sum(1 for c in placed.values() if c == s.key) for s in seats}
        if set(placed) != placed_keys or any(loads[s.key] > s.capacity for s in seats):
            continue
        value = _objective(seats, jobs, placed, weight)
        best = value if best is None else min(best, value)
    return best


@pytest.mark.parametrize("seed", range(40))
def test_the_solver_finds_the_same_total_as_brute_force(seed):
    rng = random.Random(seed)
    seats = [
        Seat(
            key=k, lat=3 + rng.random() / 10, lon=101 + rng.random() / 10, capacity=rng.randint(1, 3), load=0
        )
        for k in range(1, rng.randint(2, 3) + 1)
    ]
    jobs = [
        Job(
            key=k,
            lat=3 + rng.random() / 10,
            lon=101 + rng.random() / 10,
            candidates=tuple(s.key for s in seats if rng.random() < 0.8),
        )
        for k in range(rng.randint(2, 6))
    ]
    weight = rng.choice([0.0, 5.0])
    plan = solve(seats=seats, jobs=jobs, load_weight_km=weight)
    assert all(plan.loads[s.key] <= s.capacity for s in seats)
    best = _best_by_brute_force(seats, jobs, weight, set(plan.placed))
    assert _objective(seats, jobs, plan.placed, weight) == pytest.approx(best, abs=1e-9)
    # and nobody was left out who could have been placed
    most = max(
        sum(1 for c in choice if c is not None)
        for choice in itertools.product(*[[*list(j.candidates), None] for j in jobs])
        if all(sum(1 for c in choice if c == s.key) <= s.capacity for s in seats)
    )
    assert len(plan.placed) == most
    # and those left out are the ones whose absence costs least: no other set of as many does better
    every_best = min(
        _best_by_brute_force(seats, jobs, weight, {j.key for j, c in zip(jobs, choice, strict=True) if c})
        or float("inf")
        for choice in itertools.product([True, False], repeat=len(jobs))
        if sum(choice) == most
    )
    assert _objective(seats, jobs, plan.placed, weight) == pytest.approx(every_best, abs=1e-4)
