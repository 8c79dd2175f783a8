"""`python -m bench [--quick]`: every row of the national-scale table, each against its floor.

Full mode builds (once, then reuses) the national dataset in the database nforce_bench; --quick
uses a small one in nforce_bench_quick, so that neither rebuild wipes the other.
"""

import argparse
import os
import sys
import time
import traceback
from pathlib import Path

SECTIONS = (
    "field",
    "lookups",
    "import",
    "eligibility",
    "detection",
    "dashboard",
    "operation",
    "dispatch",
    "offline",
    "partitioning",
    "cold",
)
SELF_CONTAINED = frozenset({"dashboard", "operation", "dispatch"})


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small scale, a few minutes")
    parser.add_argument("--database", help="bench database (default nforce_bench, or nforce_bench_quick)")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, help="run only these sections")
    cold = parser.add_mutually_exclusive_group()
    cold.add_argument("--cold", action="store_true", help="measure cold cache even in --quick mode")
    cold.add_argument(
        "--no-cold", action="store_true", help="skip the cold-cache row (it restarts PostgreSQL for everyone)"
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker (as make run)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    mode = "quick" if args.quick else "full"
    database = args.database or ("nforce_bench_quick" if args.quick else "nforce_bench")
    # Before Django reads its settings: the bench never touches the app's database.
    os.environ["DATABASE_URL"] = f"postgis:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

    from . import dataset

    dataset.ensure_database(database)
    import django

    django.setup()
    from . import run

    scale = dataset.SCALES["quick" if args.quick else "national"]
    started = time.monotonic()
    sections = [s for s in SECTIONS if not args.only or s in args.only]
    # The rows that build databases of their own need none of the shared dataset.
    built = False if set(sections) <= SELF_CONTAINED else dataset.ensure_dataset(scale)
    measure_cold = args.cold or (mode == "full" and not args.no_cold)
    outcome = run.run_sections(
        sections, mode=mode, database=database, workers=args.workers, threads=args.threads, cold=measure_cold
    )
    context = {
        "mode": mode,
        "database": database,
        "scale": dataset.recorded_scale(),
        "dataset_built_this_run": built,
        "seconds": round(time.monotonic() - started, 1),
        "sizes": outcome.sizes,
        "server": {"workers": args.workers, "threads": args.threads},
        "extra": outcome.extra,
        # A run of some sections only: its record is kept, latest.json (the whole table) is not replaced.
        "only": sections if len(sections) < len(SECTIONS) else None,
    }
    saved = run.report(outcome, context)
    print(f"\nsaved {saved.relative_to(Path.cwd()) if saved.is_relative_to(Path.cwd()) else saved}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        traceback.print_exc()
        sys.exit(130)
