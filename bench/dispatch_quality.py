"""Dispatch quality on a seeded instance, against the OR-Tools min-cost-flow optimum.

    .venv/bin/python -m bench.dispatch_quality --premises 100000 --inspectors 2000 --areas 50
    .venv/bin/python -m bench.dispatch_quality --dense     # the dense city

Builds the instance in a throwaway database (dropped and made again; --keep leaves it), runs
dispatch.assign.assign_open_premises as the beat task would, and prints: run time; violations
of capacity or area (goal 0); max load / capacity (goal <= 1.0); total distance against the
optimum of the same instance from OR-Tools' min-cost flow (goal <= 1.05); after 1% more
premises, the share of existing assignments that change (goal <= 2%).

The instance: a grid of square areas in Peninsular Malaysia (about 28 km a side); in each, the
same number of inspectors based at random, capacity 40-80 open cases, one in ten also serving
the next area; premises clustered around four towns per area (70%) or anywhere in it (30%),
with some areas busier than others. Distances are great-circle, as dispatch computes them.

The dense city (--dense): 4,000 premises, 120 inspectors of capacity 20-40 and 10 square areas
of ~11 km, laid out the same way at that scale: premises 1-2 km from the nearest inspector, and
more premises than room (about 3,600 places), so the run must choose who waits. Its floor is the
same OR-Tools optimum, which places the most premises it can (max flow) at the least distance.

`run(quick)` is the `python -m bench` side (bench/external.py): the same, in a subprocess on
its own database, returned as rows of the bench table.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "nforce_bench_dispatch"
ON = date(2026, 12, 1)
CELL_DEGREES = 0.25
ORIGIN = (100.8, 1.6)  # (lon, lat) of the grid's south-west corner, in Johor
METRES = 1000  # OR-Tools needs integer costs: distances in metres
RESULT_MARKER = "DISPATCH-QUALITY "
FULL = {"premises": 100_000, "inspectors": 2000, "areas": 50}
QUICK = {"premises": 10_000, "inspectors": 200, "areas": 10}
DENSE = {"premises": 4000, "inspectors": 120, "areas": 10}


@dataclass(frozen=True)
class Layout:
    """The instance's geometry: the side of an area (degrees) and the inspectors' capacity."""

    cell_degrees: float = CELL_DEGREES
    capacity: tuple[int, int] = (40, 80)

    @property
    def scale(self) -> float:  # towns and their spread, relative to the national layout
        return self.cell_degrees / CELL_DEGREES


NATIONAL = Layout()
DENSE_CITY = Layout(cell_degrees=0.1, capacity=(20, 40))  # 0.1 degree: ~11 km a side


# --- the instance ------------------------------------------------------------------------------


def area_cells(count: int, cell: float = CELL_DEGREES) -> list[tuple[float, float]]:
    """South-west corners of `count` grid cells, ten to a row."""
    return [(ORIGIN[0] + (n % 10) * cell, ORIGIN[1] + (n // 10) * cell) for n in range(count)]


def build_areas(cells, cell: float = CELL_DEGREES):
    from django.contrib.gis.geos import MultiPolygon, Polygon

    from nforce.models import Area

    areas = []
    for n, (lon, lat) in enumerate(cells):
        ring = (
            (lon, lat),
            (lon + cell, lat),
            (lon + cell, lat + cell),
            (lon, lat + cell),
            (lon, lat),
        )
        areas.append(
            Area(
                code=f"B-{n:03d}", name=f"Kawasan Bench {n}", boundary=MultiPolygon(Polygon(ring), srid=4326)
            )
        )
    return Area.objects.bulk_create(areas)


def build_inspectors(areas, cells, count: int, rng: random.Random, layout: Layout = NATIONAL) -> None:
    from django.contrib.auth.hashers import make_password
    from django.contrib.gis.geos import Point

    from dispatch.models import Inspector
    from nforce.models import User

    unusable = make_password(None)
    users = User.objects.bulk_create(
        [
            User(staff_number=f"BINS{n:05d}", full_name=f"Pemeriksa {n}", password=unusable)
            for n in range(count)
        ]
    )
    inspectors, serving = [], []
    for n, user in enumerate(users):
        home = n % len(areas)
        lon, lat = cells[home]
        cell = layout.cell_degrees
        base = Point(lon + rng.random() * cell, lat + rng.random() * cell, srid=4326)
        inspectors.append(Inspector(user=user, capacity=rng.randint(*layout.capacity), base_location=base))
        serving.append([home] + ([(home + 1) % len(areas)] if rng.random() < 0.1 else []))
    inspectors = Inspector.objects.bulk_create(inspectors)
    through = Inspector.areas.through
    through.objects.bulk_create(
        [
            through(inspector_id=i.pk, area_id=areas[a].pk)
            for i, served in zip(inspectors, serving, strict=True)
            for a in served
        ]
    )


def premises_positions(
    cells, count: int, rng: random.Random, layout: Layout = NATIONAL
) -> list[tuple[int, float, float]]:
    """(area index, lon, lat): busier and quieter areas, most premises near a few towns."""
    cell, scale = layout.cell_degrees, layout.scale
    weights = [rng.uniform(0.75, 1.25) for _ in cells]
    towns = [
        [(lon + rng.uniform(0.05, 0.2) * scale, lat + rng.uniform(0.05, 0.2) * scale) for _ in range(4)]
        for lon, lat in cells
    ]
    spots = []
    for index in rng.choices(range(len(cells)), weights=weights, k=count):
        lon, lat = cells[index]
        if rng.random() < 0.7:
            town_lon, town_lat = rng.choice(towns[index])
            spot = (rng.gauss(town_lon, 0.02 * scale), rng.gauss(town_lat, 0.02 * scale))
        else:
            spot = (lon + rng.random() * cell, lat + rng.random() * cell)
        spot = (min(max(spot[0], lon), lon + cell), min(max(spot[1], lat), lat + cell))
        spots.append((index, *spot))
    return spots


def build_premises(areas, spots, *, start: int, detected_at) -> None:
    from django.contrib.gis.geos import Point

    from detection.models import Premises

    batch = []
    for n, (index, lon, lat) in enumerate(spots, start=start):
        batch.append(
            Premises(
                name=f"Kedai Bench {n}",
                name_key=f"KEDAI BENCH {n}",
                location=Point(lon, lat, srid=4326),
                area_id=areas[index].pk,
                detection_count=1,
                first_detected_at=detected_at + timedelta(seconds=n),
                last_detected_at=detected_at + timedelta(seconds=n),
            )
        )
    Premises.objects.bulk_create(batch, batch_size=10_000)


# --- measures ----------------------------------------------------------------------------------


def snapshot():
    """What the database holds: premises, inspectors (base, capacity, areas) and live assignments."""
    from detection.models import Premises
    from dispatch.geo import Latitude, Longitude
    from dispatch.models import Assignment, Inspector

    premises = list(
        Premises.objects.filter(status="open")
        .annotate(lat=Latitude("location"), lon=Longitude("location"))
        .values_list("id", "area_id", "lat", "lon")
        .order_by("id")
    )
    inspectors = {
        pk: (lat, lon, capacity)
        for pk, lat, lon, capacity in Inspector.objects.annotate(
            lat=Latitude("base_location"), lon=Longitude("base_location")
        ).values_list("id", "lat", "lon", "capacity")
    }
    serving: dict[int, list[int]] = {}
    for inspector_id, area_id in Inspector.areas.through.objects.values_list("inspector_id", "area_id"):
        serving.setdefault(area_id, []).append(inspector_id)
    live = dict(Assignment.objects.live().values_list("premises_id", "inspector_id"))
    return premises, inspectors, serving, live


def haversine_km(lat1, lon1, lat2, lon2):
    import numpy as np

    from dispatch.solver import EARTH_RADIUS_KM

    p1, p2 = np.radians(lat1), np.radians(lat2)
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))


def measured(premises, inspectors, serving, live) -> dict:
    """Violations, loads and total distance of the live assignments."""
    import numpy as np

    by_id = {pk: (area, lat, lon) for pk, area, lat, lon in premises}
    loads: dict[int, int] = {}
    wrong_area, rows = 0, []
    for premises_id, inspector_id in live.items():
        area, lat, lon = by_id[premises_id]
        wrong_area += inspector_id not in serving.get(area, ())
        loads[inspector_id] = loads.get(inspector_id, 0) + 1
        base_lat, base_lon, _capacity = inspectors[inspector_id]
        rows.append((lat, lon, base_lat, base_lon))
    table = np.array(rows, dtype=float).reshape(-1, 4)
    ratios = [loads.get(pk, 0) / capacity for pk, (_lat, _lon, capacity) in inspectors.items() if capacity]
    return {
        "assigned": len(live),
        "capacity_violations": sum(1 for pk, n in loads.items() if n > inspectors[pk][2]),
        "area_violations": int(wrong_area),
        "max_load_ratio": max(ratios, default=0.0),
        "mean_load_ratio": float(np.mean(ratios)) if ratios else 0.0,
        "sd_load_ratio": float(np.std(ratios)) if ratios else 0.0,
        "distance_km": float(haversine_km(*table.T).sum()),
    }


def optimum(premises, inspectors, serving, *, load_weight_km: float = 0.0) -> dict:
    """OR-Tools min-cost flow: premises -> inspectors of their area -> sink, within capacity.

    With load_weight_km, each inspector's slots cost what dispatch's load penalty costs, so the
    optimum is that of dispatch's own objective (distance + load penalty).
    """
    import numpy as np
    from ortools.graph.python import min_cost_flow

    started = time.monotonic()
    column = {pk: n for n, pk in enumerate(inspectors)}
    tails, heads, distance_m = _arcs(premises, inspectors, serving, column)
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.array(tails), np.array(heads), np.ones(len(tails), dtype=np.int64), distance_m.astype(np.int64)
    )
    sink = len(premises) + len(inspectors)
    _sink_arcs(flow, inspectors, column, len(premises), sink, load_weight_km)
    flow.set_nodes_supplies(np.arange(len(premises)), np.ones(len(premises), dtype=np.int64))
    flow.set_node_supply(sink, -len(premises))
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"OR-Tools min-cost flow ended with status {status}")
    placed = flow.flows(np.arange(len(tails)))
    return {
        "assigned": int(placed.sum()),
        "distance_km": float((distance_m * placed).sum()) / METRES,
        "objective_km": flow.optimal_cost() / METRES,
        "seconds": time.monotonic() - started,
    }


def _arcs(premises, inspectors, serving, column):
    """Every premises -> inspector-of-its-area arc, with its length in metres (numpy, by area)."""
    import numpy as np

    by_area: dict[int, list[tuple[int, float, float]]] = {}
    for n, (_pk, area, lat, lon) in enumerate(premises):
        by_area.setdefault(area, []).append((n, lat, lon))
    tails, heads, lengths = [], [], []
    for area, found in by_area.items():
        ids = serving.get(area, [])
        if not ids:
            continue
        rows = np.array(found)
        bases = np.array([inspectors[pk][:2] for pk in ids])
        tails.append(np.repeat(rows[:, 0].astype(np.int64), len(ids)))
        heads.append(np.tile(np.array([len(premises) + column[pk] for pk in ids]), len(rows)))
        lengths.append(
            haversine_km(
                np.repeat(rows[:, 1], len(ids)),
                np.repeat(rows[:, 2], len(ids)),
                np.tile(bases[:, 0], len(rows)),
                np.tile(bases[:, 1], len(rows)),
            )
        )
    return np.concatenate(tails), np.concatenate(heads), np.rint(np.concatenate(lengths) * METRES)


def _sink_arcs(flow, inspectors, column, offset, sink, load_weight_km) -> None:
    for pk, (_lat, _lon, capacity) in inspectors.items():
        node = offset + column[pk]
        if not load_weight_km:
            flow.add_arc_with_capacity_and_unit_cost(node, sink, capacity, 0)
            continue
        for slot in range(capacity):  # convex: the k-th case costs weight * k / capacity
            flow.add_arc_with_capacity_and_unit_cost(
                node, sink, 1, round(load_weight_km * slot / capacity * METRES)
            )


def own_objective(stats: dict, inspectors, live, load_weight_km: float) -> float:
    loads: dict[int, int] = {}
    for inspector_id in live.values():
        loads[inspector_id] = loads.get(inspector_id, 0) + 1
    penalty = sum(
        load_weight_km * n * (n - 1) / 2 / inspectors[pk][2] for pk, n in loads.items() if inspectors[pk][2]
    )
    return stats["distance_km"] + penalty


def load_weight_of(premises, inspectors, serving) -> float:
    """The load penalty dispatch.solver chose for this instance (LOAD_WEIGHT_TRIPS typical trips)."""
    from dispatch.solver import Job, Seat, _Solver

    seats = [
        Seat(key=pk, lat=lat, lon=lon, capacity=capacity, load=0)
        for pk, (lat, lon, capacity) in inspectors.items()
    ]
    jobs = [
        Job(key=pk, lat=lat, lon=lon, candidates=tuple(serving.get(area, ())))
        for pk, area, lat, lon in premises
    ]
    return _Solver(seats, jobs).load_weight_km()


# --- the run -----------------------------------------------------------------------------------


def fresh_database(name: str) -> None:
    subprocess.run(["dropdb", "--if-exists", name], check=True)
    subprocess.run(["createdb", name], check=True)


def measure(*, premises: int, inspectors: int, areas: int, seed: int, say, layout: Layout = NATIONAL) -> dict:
    from django.core.management import call_command
    from django.utils import timezone

    from dispatch.assign import assign_open_premises

    rng = random.Random(seed)
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    cells = area_cells(areas, layout.cell_degrees)
    area_rows = build_areas(cells, layout.cell_degrees)
    build_inspectors(area_rows, cells, inspectors, rng, layout)
    detected = timezone.now() - timedelta(days=30)
    build_premises(area_rows, premises_positions(cells, premises, rng, layout), start=0, detected_at=detected)
    say(f"instance built in {time.monotonic() - started:.1f} s")

    progress = lambda done, total: say(f"  placed {done} of {total}") if done % 20_000 == 0 else None  # noqa: E731
    before_run = snapshot()
    first = assign_open_premises(on=ON, progress=progress)
    state = snapshot()
    stats = measured(*state)
    best = optimum(*state[:3])
    load_weight_km = load_weight_of(*before_run[:3])
    best_own = optimum(*state[:3], load_weight_km=load_weight_km)
    say(f"first run done; optimum in {best['seconds']:.1f} s")

    extra = max(1, premises // 100)
    build_premises(
        area_rows, premises_positions(cells, extra, rng, layout), start=premises, detected_at=timezone.now()
    )
    before = state[3]
    second = assign_open_premises(on=ON)
    after_state = snapshot()
    changed = sum(1 for pk, inspector in before.items() if after_state[3].get(pk) != inspector)
    after_stats = measured(*after_state)
    after_best = optimum(*after_state[:3])
    return {
        "instance": {
            "premises": premises,
            "inspectors": inspectors,
            "areas": areas,
            "seed": seed,
            "area_km": round(layout.cell_degrees * 111.32, 1),
            "capacity": list(layout.capacity),
        },
        "first_run_s": first.seconds,
        "first_run": first.as_dict(),
        "stats": stats,
        "optimum": best,
        "objective_ratio": own_objective(stats, state[1], state[3], load_weight_km)
        / best_own["objective_km"],
        "load_weight_km": load_weight_km,
        "second_run_s": second.seconds,
        "second_run": second.as_dict(),
        "extra": extra,
        "changed": changed,
        "changed_share": changed / max(1, len(before)),
        "after_stats": after_stats,
        "after_optimum": after_best,
    }


def report(result: dict) -> str:
    s, o, a, ao, i = (result[k] for k in ("stats", "optimum", "after_stats", "after_optimum", "instance"))
    first, queued = result["first_run_s"], result["first_run"]["queued"] or "none"
    ratio = s["distance_km"] / o["distance_km"]
    return "\n".join(
        [
            f"Dispatch quality: {i['premises']} premises, {i['inspectors']} inspectors, "
            f"{i['areas']} areas (seed {i['seed']})",
            f"run time (first run, all premises): {first:.1f} s ({_phases(result['first_run'])}); "
            f"queued: {queued}",
            f"violations: capacity {s['capacity_violations']}, area {s['area_violations']} (goal 0)",
            f"max load / capacity: {s['max_load_ratio']:.3f} (goal <= 1.0); "
            f"mean {s['mean_load_ratio']:.2f}, sd {s['sd_load_ratio']:.2f}",
            f"assigned: {s['assigned']} (OR-Tools max flow: {o['assigned']})",
            f"total distance: {s['distance_km']:,.0f} km; OR-Tools min-cost-flow optimum "
            f"{o['distance_km']:,.0f} km; ratio {ratio:.4f} (goal <= 1.05); OR-Tools {o['seconds']:.1f} s",
            f"distance + load penalty ({result['load_weight_km']:.2f} km at full load) vs its own "
            f"OR-Tools optimum: ratio {result['objective_ratio']:.4f}",
            f"after {result['extra']} more premises (+1%): run {result['second_run_s']:.2f} s; existing "
            f"assignments changed: {result['changed']} of {s['assigned']} "
            f"({result['changed_share']:.2%}) (goal <= 2%)",
            f"  then: distance vs a fresh optimum {a['distance_km'] / ao['distance_km']:.4f}; "
            f"violations: capacity {a['capacity_violations']}, area {a['area_violations']}",
        ]
    )


def _phases(summary: dict) -> str:
    return ", ".join(f"{name} {seconds:.1f} s" for name, seconds in summary["phases"].items())


def dense_rows(result: dict) -> list[dict]:
    """The dense city's row: distance against the optimum, with the most premises placed."""
    s, o = result["stats"], result["optimum"]
    ratio = s["distance_km"] / o["distance_km"]
    most = s["assigned"] >= o["assigned"]
    return [
        {
            "name": "dispatch, dense city (4,000 premises, 120 inspectors of 20-40, 10 areas of 11 km): "
            "total distance vs OR-Tools min-cost flow optimum",
            "floor": round(o["distance_km"], 1),
            "subject": round(s["distance_km"], 1),
            "ratio": round(ratio, 4),
            "goal": "<= 1.05",
            "unit": "km",
            "met": ratio <= 1.05 and most,
            "note": f"placed {s['assigned']} of {result['instance']['premises']} (OR-Tools max flow "
            f"{o['assigned']}); load/capacity max {s['max_load_ratio']:.2f}, "
            f"mean {s['mean_load_ratio']:.2f}, sd {s['sd_load_ratio']:.2f}; "
            f"load penalty {result['load_weight_km']:.2f} km at full load; "
            f"run {result['first_run_s']:.1f} s; capacity/area violations "
            f"{s['capacity_violations']}/{s['area_violations']}",
        }
    ]


def rows(result: dict) -> list[dict]:
    """bench/external.py's rows."""
    s, o = result["stats"], result["optimum"]
    ratio = s["distance_km"] / o["distance_km"]
    return [
        {
            "name": "dispatch: total distance vs OR-Tools min-cost flow optimum",
            "floor": round(o["distance_km"], 1),
            "subject": round(s["distance_km"], 1),
            "ratio": round(ratio, 4),
            "goal": "<= 1.05",
            "unit": "km",
            "met": ratio <= 1.05,
            "note": f"run {result['first_run_s']:.1f} s; capacity/area violations "
            f"{s['capacity_violations']}/{s['area_violations']}; load/capacity max "
            f"{s['max_load_ratio']:.2f}, mean {s['mean_load_ratio']:.2f}; placed {s['assigned']} "
            f"(OR-Tools max flow {o['assigned']})",
        },
        {
            "name": "dispatch: existing assignments changed after +1% premises",
            "floor": None,
            "subject": result["changed"],
            "ratio": round(result["changed_share"], 4),
            "goal": "<= 0.02",
            "met": result["changed_share"] <= 0.02,
        },
    ]


def run(quick: bool) -> list[dict]:
    """For `python -m bench`: the national instance (QUICK's size in quick mode) and the dense
    city (its own size in both modes: it is small), each in a subprocess on a database of its own
    named after the bench's (so that two checkouts' benches do not drop each other's)."""
    bench_database = os.environ.get("DATABASE_URL", "").rsplit("/", 1)[-1] or "nforce_bench"
    found = _subprocess(QUICK if quick else FULL, database=f"{bench_database}_dispatch")
    dense = _subprocess({**DENSE, "dense": None}, database=f"{bench_database}_dispatch_dense")
    return rows(found) + dense_rows(dense)


def _subprocess(size: dict, *, database: str) -> dict:
    command = [sys.executable, "-m", "bench.dispatch_quality", "--json", "--database", database]
    for key, value in size.items():
        command += [f"--{key}"] + ([] if value is None else [str(value)])
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    line = next(line for line in done.stdout.splitlines() if line.startswith(RESULT_MARKER))
    result: dict = json.loads(line[len(RESULT_MARKER) :])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.dispatch_quality", description=__doc__.split("\n\n")[0]
    )
    for key, value in FULL.items():
        parser.add_argument(f"--{key}", type=int, help=f"default {value} ({DENSE[key]} with --dense)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dense", action="store_true", help="the dense city (11 km areas, capacity 20-40)")
    parser.add_argument("--database", default=DATABASE, help=f"throwaway database (default {DATABASE})")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--json", action="store_true", help="also print the result as one JSON line")
    args = parser.parse_args(argv)
    for key, value in (DENSE if args.dense else FULL).items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    if args.database in {"nforce", "nforce_bench", "nforce_bench_quick"}:
        parser.error("the dispatch bench drops and recreates its database: give a throwaway one")

    # Before Django reads its settings: this database only, and room for the bulk statements.
    os.environ["DATABASE_URL"] = f"postgis:///{args.database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nforce.settings")
    os.environ.setdefault("DB_STATEMENT_TIMEOUT_MS", "600000")
    fresh_database(args.database)
    import django

    django.setup()
    say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    try:
        result = measure(
            premises=args.premises,
            inspectors=args.inspectors,
            areas=args.areas,
            seed=args.seed,
            say=say,
            layout=DENSE_CITY if args.dense else NATIONAL,
        )
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            subprocess.run(["dropdb", "--if-exists", args.database], check=False)
    print(report(result), flush=True)
    if args.json:
        print(RESULT_MARKER + json.dumps(result, default=str), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
