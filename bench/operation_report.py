"""The operation report of a national operation (issue 17): p95 of GET /api/v1/operations/{id}/report
against p95 of GET /api/v1/dashboard/summary (national, a month), goal <= 2x.

`python -m bench.operation_report [--quick] [--keep]`, or through `make bench` (bench.external
calls run()). Builds, in a throwaway database of its own (nforce_bench_op_<pid>, dropped at the end
unless --keep), the dashboard rows' national facts at 1x (bench.dashboard_scale: 60 areas, a year
of 300k checks, their premises, assignments and registrations; a case for each of the premises),
then a national Ops Kesan over every area with 5,000 places inspected (quick: 12 areas, 60k checks,
500 places), their detections and the cases they opened walked through every state
(bench.operation_seed), and the dashboard rollups rebuilt from all of it.

Both requests go through the real URLs, middleware and views (Django's test client, in process,
signed in as an administrator: no network in the figures), taking turns (and turns about who goes
first), so that whatever else the machine does weighs on both alike.
"""

import argparse
import os
import sys
import time
from dataclasses import dataclass

from .dashboard_scale import (
    MONTH,
    SCALES,
    Scale,
    activate,
    build_facts,
    build_staff,
    connect,
    create_database,
    drop_database,
    execute,
    log,
    migrate,
)
from .harness import percentile

GOAL = 2.0
WARM = 5


@dataclass(frozen=True)
class Size:
    facts: Scale
    places: int
    pairs: int  # report and summary requests, each, after the warm-up


SIZES = {
    "full": Size(facts=SCALES["full"], places=5_000, pairs=200),
    "quick": Size(facts=SCALES["quick"], places=500, pairs=60),
}
SUMMARY = f"/api/v1/dashboard/summary?from={MONTH[0]}&to={MONTH[1]}"


def database_name() -> str:
    return f"nforce_bench_op_{os.getpid()}"


def mute_rollup_signals() -> None:
    """The seed writes thousands of cases through enforcement's code: each would queue a refresh of
    its days' rollups. The rollups are rebuilt once at the end instead (as the dashboard rows do)."""
    from django.db.models.signals import post_delete, post_init, post_save

    from dashboard.freshness import TRACKED
    from enforcement.models import Case
    from enforcement.signals import case_changed

    case_changed.disconnect(sender=Case, dispatch_uid="rollup-case-changed")
    for model in TRACKED:
        post_init.disconnect(sender=model, dispatch_uid=f"rollup-init-{model.__name__}")
        post_save.disconnect(sender=model, dispatch_uid=f"rollup-save-{model.__name__}")
        post_delete.disconnect(sender=model, dispatch_uid=f"rollup-delete-{model.__name__}")


def build(size: Size, name: str):
    """The database: national facts, the operation on top, rollups rebuilt. Returns its
    connection and what was built."""
    from dashboard.rollups import rebuild_rollups

    from .operation_seed import seed_operation

    create_database(name)
    wrapper = connect(name)
    log(f"operation report: migrating {name}")
    migrate()
    build_staff(size.facts)
    started = time.perf_counter()
    facts = build_facts(size.facts, 1)
    log(f"operation report: national facts {facts} in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    seeded = seed_operation(places=size.places, areas=size.facts.areas)
    log(f"operation report: operation {seeded.as_dict()} in {time.perf_counter() - started:.0f} s")
    rebuild_rollups()
    execute("VACUUM ANALYZE")
    execute("CHECKPOINT")
    wrapper.close()  # timed on a fresh server process, as the dashboard rows are
    return wrapper, {**facts, **seeded.as_dict()}


def _client():
    from django.test import Client

    from .dashboard_scale import _bench_users

    admin, _supervisor = _bench_users()
    client = Client(HTTP_HOST="localhost")
    client.force_login(admin)
    return client


def _get(client, path: str) -> tuple[float, dict]:
    started = time.perf_counter()
    response = client.get(path, HTTP_ACCEPT="application/json")
    took = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}: {response.content[:300]!r}")
    return took, response.json()


def measure(size: Size, operation_id: int) -> dict:
    """Latencies (ms) of both requests, taking turns; and the report's body, checked."""
    client = _client()
    report = f"/api/v1/operations/{operation_id}/report"
    with unthrottled():
        _took, body = _get(client, report)
        if body["premises_inspected"] != size.places:
            raise RuntimeError(f"the report counts {body['premises_inspected']} places, not {size.places}")
        times: dict[str, list[float]] = {"summary": [], "report": []}
        paths = {"summary": SUMMARY, "report": report}
        for turn in range(WARM + size.pairs):
            for key in ("summary", "report") if turn % 2 == 0 else ("report", "summary"):
                took, _body = _get(client, paths[key])
                if turn >= WARM:
                    times[key].append(took)
    return {"times": times, "body": body}


def unthrottled():
    """The API's throttle stays in the path (its Redis count on every request, as in production)
    at a rate no run reaches: 300 a minute per login is an officer's pace, not a benchmark's."""
    from django.conf import settings
    from django.test import override_settings

    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "staff": "1000000/minute"}
    return override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates})


def rows_of(size: Size, measured: dict, built: dict) -> list[dict]:
    times = measured["times"]
    summary, report = (percentile(times[key], 95) for key in ("summary", "report"))
    medians = [percentile(times[key], 50) for key in ("summary", "report")]
    ratio = report / summary
    body = measured["body"]
    detail = {
        "requests": size.pairs,
        "p50_ms": {"summary": round(medians[0], 2), "report": round(medians[1], 2)},
        "built": built,
        "report": {key: body[key] for key in ("premises_inspected", "by_outcome", "compounds")},
    }
    return [
        {
            "name": f"operation report, national operation of {size.places:,} premises: p95 vs "
            "dashboard summary p95 (national, a month)",
            "floor": round(summary, 3),
            "subject": round(report, 3),
            "ratio": round(ratio, 3),
            "goal": f"<= {GOAL}x",
            "met": ratio <= GOAL,
            "unit": "ms",
            "detail": detail,
        },
        {
            "name": "operation report p50 vs dashboard summary p50 (for contrast)",
            "floor": round(medians[0], 3),
            "subject": round(medians[1], 3),
            "ratio": round(medians[1] / medians[0], 3),
            "goal": None,
            "met": None,
            "unit": "ms",
        },
    ]


def measured_body(rows: list[dict]) -> dict:
    return rows[0]["detail"]["report"]


def report_text(rows: list[dict], built: dict) -> str:
    lines = [
        f"built: {built}",
        f"the report: {measured_body(rows)}",
        f"{'':80} {'floor ms':>9} {'subj. ms':>9} {'ratio':>7}  goal",
    ]
    for row in rows:
        goal = f"{row['goal']} {'met' if row['met'] else 'NOT MET'}" if row["goal"] else "(none)"
        lines.append(
            f"{row['name'][:80]:80} {row['floor']:9.2f} {row['subject']:9.2f} {row['ratio']:6.2f}x  {goal}"
        )
    return "\n".join(lines)


def measure_all(quick: bool, name: str) -> list[dict]:
    size = SIZES["quick" if quick else "full"]
    mute_rollup_signals()
    wrapper, built = build(size, name)
    activate(wrapper)
    measured = measure(size, built["operation_id"])
    wrapper.close()
    rows = rows_of(size, measured, built)
    log(report_text(rows, built))
    return rows


# --- entry points ----------------------------------------------------------------------------


def run(quick: bool = False) -> list[dict]:
    """bench.external's contract: Django is set up (on the shared bench database, left alone)."""
    name = database_name()
    try:
        return measure_all(quick, name)
    finally:
        drop_database(name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.operation_report", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="12 areas, 60k checks, 500 places")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)
    name = database_name()
    # Django's settings need a database that is not the app's; connect() points at ours.
    os.environ["DATABASE_URL"] = f"postgis:///{name}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    try:
        rows = measure_all(args.quick, name)
        return 0 if rows[0]["met"] else 1
    finally:
        if not args.keep:
            drop_database(name)


if __name__ == "__main__":
    sys.exit(main())
