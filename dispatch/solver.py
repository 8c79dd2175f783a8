"""Which inspector takes which premises: a minimum-cost assignment. Pure: no ORM, clock or settings.

The cost of giving a premises to an inspector is the distance from the inspector's base plus a
load penalty that grows with how full the inspector already is, so that among inspectors at
similar distances the one with fewer open cases is chosen. The penalty at full load is one
typical trip of the instance (the median distance from a premises to its nearest inspector), so
it breaks near-ties without outweighing distances: 5 km in a town whose premises are 1.5 km from
an inspector would send inspectors past each other to even out their loads. The total cost is
minimised exactly by successive shortest augmenting paths (as in min-cost flow), never exceeding
any capacity and only ever using an inspector who serves the premises' area.

Premises are placed one at a time, oldest first. Placing one may move premises placed earlier in
the same run along a chain of inspectors (A's premises to B, B's to C...) when that lowers the
total; assignments from earlier runs are never moved (stability), they only count as load.

When there is not room for every premises, as many as possible are placed (never fewer, whatever
the distances), and which of them wait is part of the same minimum: leaving a premises out costs
UNPLACED_KM plus its `wait_km` (dispatch.assign: a kilometre per day it has waited). A waiting
list is a seat like the others, with room for everyone, that every premises may take at that
cost; so a far premises waits rather than a near one of the same age, and one that has waited
days is placed before a newcomer a few kilometres nearer. Without waits the oldest go first.

The search runs on a graph whose nodes are inspectors: an edge u -> x exists when a premises
placed at u in this run could go to x instead, costing (its cost at x - its cost at u). Node
potentials keep every edge's reduced cost non-negative, so Dijkstra finds each shortest path.
"""

import heapq
import math
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from geopy.distance import ELLIPSOIDS, geodesic


def _gaussian_radius_km(latitude: float) -> float:
    """Radius of the sphere closest to the WGS-84 ellipsoid around a latitude: sqrt(M * N)."""
    ellipsoid: tuple[float, float, float] = ELLIPSOIDS["WGS-84"]  # km, km, flattening
    a, b, _flattening = ellipsoid
    phi = math.radians(latitude)
    return a * a * b / ((a * math.cos(phi)) ** 2 + (b * math.sin(phi)) ** 2)


# The solver measures its many distances on a sphere (haversine: 0.5 us against geodesic()'s
# 90 us, see _Solver._distances). This sphere fits the ellipsoid over Malaysia (1 to 7.5 degrees
# north), keeping it within 0.35% of geodesic() in every direction; the mean Earth radius
# (6371.0 km) is 0.56% long north-south near the equator. tests/dispatch/test_solver.py pins it.
EARTH_RADIUS_KM = _gaussian_radius_km(4.0)
# What a case costs at a full inspector beyond one at an idle inspector, in typical trips of the
# instance (the median of each premises' distance to its nearest inspector): a tie-breaker that
# spreads the load without sending anyone far (bench/dispatch_quality.py measures its price).
LOAD_WEIGHT_TRIPS = 1.0
# ... and never less than this, so that equal distances still go to the less loaded inspector.
LOAD_WEIGHT_MIN_KM = 0.1
# What leaving a premises out of a run costs: more than any chain of moves that places it could
# (so the most premises are always placed), small enough for kilometres to stay exact beside it.
UNPLACED_KM = 1_000_000.0
# Without waits, an earlier premises costs this much more to leave out than the one after it:
# the oldest are placed first among equals (100,000 premises: 0.01 km in all).
ORDER_KM = 1e-7
# An inspector without a base still serves the area, after everyone whose distance is known.
UNKNOWN_DISTANCE_KM = 50.0
PROGRESS_EVERY = 1000

# The search graph's edges out of one inspector: other inspector -> (cost delta, job that would move).
Edges = dict[int, tuple[float, int]]
# The shortest-path tree: inspector -> (inspector before it, job moved between them); None at a start.
Predecessors = dict[int, tuple[int, int] | None]


@dataclass(frozen=True)
class Seat:
    """An inspector as the solver sees it: where they start from and how much room they have."""

    key: int
    lat: float | None
    lon: float | None
    capacity: int
    load: int  # live cases kept from earlier runs


@dataclass(frozen=True)
class Job:
    """A premises to place, with the inspectors allowed to take it (those serving its area)."""

    key: int
    lat: float
    lon: float
    candidates: tuple[int, ...]
    wait_km: float = 0.0  # what leaving it out costs beyond UNPLACED_KM (how long it has waited)


@dataclass
class Plan:
    placed: dict[int, int] = field(default_factory=dict)  # job key -> seat key
    distance_km: dict[int, float | None] = field(default_factory=dict)  # job key -> km from base
    full: list[int] = field(default_factory=list)  # job keys no inspector had room for
    loads: dict[int, int] = field(default_factory=dict)  # seat key -> live cases after the run


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """On the WGS-84 ellipsoid, as PostGIS measures a geography (for one distance; see _distances)."""
    km: float = geodesic((lat1, lon1), (lat2, lon2)).km
    return km


def solve(
    *,
    seats: Sequence[Seat],
    jobs: Sequence[Job],
    load_weight_km: float | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Plan:
    """Place as many jobs as there is room for, oldest (first given) first; the rest go to `full`.

    `load_weight_km`: the load penalty at full load; by default LOAD_WEIGHT_TRIPS typical trips
    (LOAD_WEIGHT_MIN_KM at least).
    """
    solver = _Solver(seats, jobs)
    solver.weigh_load(solver.load_weight_km() if load_weight_km is None else load_weight_km)
    for done in range(1, len(jobs) + 1):
        solver.place(done - 1)
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == len(jobs)):
            progress(done, len(jobs))
    return solver.plan()


def _radians(seat: Seat) -> tuple[float, float, float] | None:
    if seat.lat is None or seat.lon is None:
        return None
    lat = math.radians(seat.lat)
    return lat, math.radians(seat.lon), math.cos(lat)


class _Solver:
    def __init__(self, seats: Sequence[Seat], jobs: Sequence[Job]) -> None:
        # The last seat is the waiting list: no base, no load penalty, room for every job.
        self.seats = [*seats, Seat(key=-1, lat=None, lon=None, capacity=len(jobs) + 1, load=0)]
        self.waiting = len(self.seats) - 1
        self.index = {seat.key: i for i, seat in enumerate(seats)}
        self.load = [seat.load for seat in self.seats]
        self.bases = [_radians(seat) for seat in self.seats]
        self.weight = [0.0] * len(self.seats)
        self.pi = [0.0] * len(self.seats)  # node potentials (the sink's stays 0)
        self.members: list[set[int]] = [set() for _ in self.seats]  # jobs placed in this run
        self.edges: list[Edges | None] = [None for _ in self.seats]  # built when first needed
        self.left: list[set[int]] = [set() for _ in self.seats]  # jobs gone since edges were read
        self.groups: dict[tuple[int, ...], int] = {}  # jobs of one area share a candidate list
        self.group_pos: list[dict[int, int]] = []  # group -> {seat index: position in costs}
        self.job_group: list[int] = []
        self.job_cost: list[array[float]] = []
        self.job_at: list[int] = []
        self.job_keys: list[int] = []
        for order, job in enumerate(jobs):
            self._add_job(job, unplaced_km=UNPLACED_KM + job.wait_km + ORDER_KM * (len(jobs) - order))

    def load_weight_km(self) -> float:
        """The load penalty at full load for this instance: LOAD_WEIGHT_TRIPS typical trips (the
        median over the jobs of the distance to their nearest inspector), LOAD_WEIGHT_MIN_KM at least."""
        nearest = sorted(
            min((costs[pos] for seat, pos in self.group_pos[group].items() if self.bases[seat]), default=0.0)
            for group, costs in zip(self.job_group, self.job_cost, strict=True)
        )
        typical = nearest[len(nearest) // 2] if nearest else 0.0
        return max(LOAD_WEIGHT_MIN_KM, LOAD_WEIGHT_TRIPS * typical)

    def weigh_load(self, load_weight_km: float) -> None:
        for i, seat in enumerate(self.seats[: self.waiting]):
            self.weight[i] = load_weight_km / seat.capacity if seat.capacity else 0.0

    def place(self, j: int) -> None:
        found = self._shortest_path(j)
        if found is not None:
            self._augment(j, *found)

    def plan(self) -> Plan:
        result = Plan(loads={seat.key: self.load[i] for i, seat in enumerate(self.seats[: self.waiting])})
        for j, key in enumerate(self.job_keys):
            seat = self.job_at[j]
            if seat < 0 or seat == self.waiting:
                result.full.append(key)
                continue
            result.placed[key] = self.seats[seat].key
            known = self.seats[seat].lat is not None and self.seats[seat].lon is not None
            result.distance_km[key] = self._cost(j, seat) if known else None
        return result

    def _add_job(self, job: Job, *, unplaced_km: float) -> None:
        seats = tuple(self.index[key] for key in job.candidates if key in self.index)
        group = self.groups.get(seats)
        if group is None:
            group = self.groups[seats] = len(self.group_pos)
            self.group_pos.append({seat: pos for pos, seat in enumerate((*seats, self.waiting))})
        self.job_group.append(group)
        self.job_cost.append(array("d", [*self._distances(job, seats), unplaced_km]))
        self.job_at.append(-1)
        self.job_keys.append(job.key)

    def _distances(self, job: Job, seats: tuple[int, ...]) -> list[float]:
        """Haversine on the EARTH_RADIUS_KM sphere from the job to each seat, the seats'
        trigonometry done once: the hot loop of a large run, in plain Python (numpy costs more
        than it saves on an area's ten or so inspectors)."""
        lat, lon = math.radians(job.lat), math.radians(job.lon)
        cos_lat, found = math.cos(lat), []
        for seat in seats:
            base = self.bases[seat]
            if base is None:
                found.append(UNKNOWN_DISTANCE_KM)
                continue
            b_lat, b_lon, b_cos = base
            h = math.sin((b_lat - lat) / 2) ** 2 + cos_lat * b_cos * math.sin((b_lon - lon) / 2) ** 2
            found.append(2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h))))
        return found

    def _cost(self, j: int, seat: int) -> float:
        return self.job_cost[j][self.group_pos[self.job_group[j]][seat]]

    def _penalty(self, seat: int) -> float:
        """Marginal cost of one more case: grows with the load, so the total is convex."""
        return self.weight[seat] * self.load[seat]

    def _has_room(self, seat: int) -> bool:
        return self.load[seat] < self.seats[seat].capacity

    def _shortest_path(self, j: int) -> tuple[Predecessors, int] | None:
        """Dijkstra from job j to the cheapest inspector with room: (predecessors, last seat)."""
        dist, prev, heap = self._start(j)
        finished: set[int] = set()
        best, last = math.inf, -1
        while heap:
            d, u = heapq.heappop(heap)
            if d >= best:
                break
            if d > dist[u] or u in finished:
                continue
            finished.add(u)
            if self._has_room(u) and d + self._penalty(u) + self.pi[u] < best:
                best, last = d + self._penalty(u) + self.pi[u], u
            if u != self.waiting:
                # Nothing is gained by taking a job off the waiting list: none of its inspectors
                # can reach room any more (a premises that found no augmenting path never will,
                # as in bipartite matching), so a path through the list only comes back to it.
                self._relax(u, d, dist, prev, heap)
        if last < 0:  # never: the waiting list always has room
            return None
        # Keep reduced costs non-negative for the next search (Johnson's potentials).
        for u in finished:
            if dist[u] < best:
                self.pi[u] += dist[u] - best
        return prev, last

    def _start(self, j: int) -> tuple[dict[int, float], Predecessors, list[tuple[float, int]]]:
        positions = self.group_pos[self.job_group[j]]
        costs = self.job_cost[j]
        keys = {seat: costs[pos] - self.pi[seat] for seat, pos in positions.items()}
        lowest = min(keys.values(), default=0.0)
        dist = {seat: key - lowest for seat, key in keys.items()}
        heap = [(d, seat) for seat, d in dist.items()]
        heapq.heapify(heap)
        return dist, dict.fromkeys(dist), heap

    def _relax(
        self, u: int, d: float, dist: dict[int, float], prev: Predecessors, heap: list[tuple[float, int]]
    ) -> None:
        pi_u = self.pi[u]
        for x, (delta, job) in self._edges_from(u).items():
            nd = d + delta + pi_u - self.pi[x]
            if nd < dist.get(x, math.inf):
                dist[x] = nd
                prev[x] = (u, job)
                heapq.heappush(heap, (nd, x))

    def _edges_from(self, u: int) -> Edges:
        edges = self.edges[u]
        if edges is None:
            edges = self.edges[u] = {}
            self.left[u].clear()
            for job in self.members[u]:
                self._add_edges(edges, u, job)
        elif self.left[u]:
            self._refresh_edges(u, edges)
        return edges

    def _refresh_edges(self, u: int, edges: Edges) -> None:
        """Jobs left u: find again only the edges one of them was the cheapest way out for."""
        left = self.left[u]
        stale = [x for x, (_delta, job) in edges.items() if job in left]
        left.clear()
        for x in stale:
            del edges[x]
        for job in self.members[u]:
            positions = self.group_pos[self.job_group[job]]
            costs = self.job_cost[job]
            here = costs[positions[u]]
            for x in stale:
                pos = positions.get(x)
                if pos is not None:
                    delta = costs[pos] - here
                    if x not in edges or delta < edges[x][0]:
                        edges[x] = (delta, job)

    def _add_edges(self, edges: Edges, u: int, job: int) -> None:
        positions = self.group_pos[self.job_group[job]]
        costs = self.job_cost[job]
        here = costs[positions[u]]
        current = edges.get
        for x, pos in positions.items():  # the hot loop of a large first run: kept plain
            delta = costs[pos] - here
            best = current(x)
            if (best is None or delta < best[0]) and x != u:
                edges[x] = (delta, job)

    def _augment(self, j: int, prev: Predecessors, last: int) -> None:
        self.load[last] += 1
        seat = last
        while (step := prev[seat]) is not None:
            origin, moved = step
            self._move(moved, origin, seat)
            seat = origin
        self._move(j, -1, seat)

    def _move(self, job: int, origin: int, target: int) -> None:
        if origin >= 0:
            self.members[origin].discard(job)
            self.left[origin].add(job)  # its cheapest ways out may have left with this job
        self.members[target].add(job)
        self.job_at[job] = target
        edges = self.edges[target]
        if edges is not None:
            self._add_edges(edges, target, job)
