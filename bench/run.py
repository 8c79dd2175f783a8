"""Runs the sections of `make bench`, each guarded so that one failure leaves the others' rows."""

import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction

from . import sizes as storage
from .harness import ROOT, Goal, Row, Server, not_measured, save, table

# The table, in its order: a section's rows are placed under these names.
ORDER = (
    "server",
    "field",
    "lookups",
    "eligibility",
    "cold",
    "detection",
    "import",
    "dashboard",
    "operation",
    "dispatch",
    "offline",
)


@dataclass(frozen=True)
class Effort:
    eligibility_persons: int
    cold_persons: int
    import_months: int
    detection_requests: int
    pairs: int
    field_checks: int  # Enter to result, over 4G in the phone's browser


EFFORT = {
    "quick": Effort(
        eligibility_persons=100,
        cold_persons=30,
        import_months=48_000,
        detection_requests=400,
        pairs=3,
        field_checks=30,
    ),
    "full": Effort(
        eligibility_persons=300,
        cold_persons=60,
        import_months=200_004,
        detection_requests=1500,
        pairs=5,
        field_checks=120,
    ),
}


@dataclass
class Outcome:
    rows: dict[str, list[Row]] = field(default_factory=dict)
    sizes: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    def ordered(self) -> list[Row]:
        return [row for section in ORDER for row in self.rows.get(section, [])]


def run_sections(
    sections: list[str], *, mode: str, database: str, workers: int, threads: int, cold: bool
) -> Outcome:
    outcome = Outcome(sizes=storage.measured_sizes())
    print(storage.sizes_text(outcome.sizes), file=sys.stderr)
    effort = EFFORT[mode]
    _truncate_audit()
    if {"field", "lookups", "detection"} & set(sections):
        _guarded(
            outcome, "server", lambda: _server_sections(outcome, sections, mode, database, workers, threads)
        )
    if "import" in sections:
        _guarded(outcome, "import", lambda: {"import": _import(effort)})
    if "eligibility" in sections:
        _guarded(outcome, "eligibility", lambda: {"eligibility": _eligibility(database, effort)})
    for section in ("dashboard", "operation", "dispatch"):
        if section in sections:
            _guarded(outcome, section, lambda s=section: {s: _external(outcome, s, mode, database)})
    if "offline" in sections:
        _guarded(outcome, "offline", _offline)
    if "partitioning" in sections:
        _guarded(outcome, "partitioning", lambda: _partitioning(outcome, mode))
    if "cold" in sections:
        _guarded(outcome, "cold", lambda: {"cold": [_cold(effort, cold)]})
    return outcome


def _guarded(outcome: Outcome, section: str, call) -> None:
    print(f"== {section}", file=sys.stderr, flush=True)
    try:
        outcome.rows.update(call() or {})
    except Exception as error:  # noqa: BLE001 - a broken section is reported as such, the others still run
        traceback.print_exc()
        why = f"not measured (error: {type(error).__name__}: {error})"[:400]
        outcome.rows.setdefault(section, []).append(Row(f"{section} section", None, note=why))


def _truncate_audit() -> None:
    """Every lookup writes an audit row: start each run from the same (empty) log. The log refuses
    TRUNCATE; the bench database's superuser goes past its trigger for this one statement."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("TRUNCATE nforce_auditevent")


def _server_sections(
    outcome: Outcome, sections, mode: str, database: str, workers: int, threads: int
) -> None:
    """The HTTP rows, against one gunicorn started for them (and stopped, whatever happens)."""
    from . import lookups, samples
    from .detection_speed import detection_row
    from .field_check import field_check_rows

    token = samples.bench_token()
    effort, http = EFFORT[mode], lookups.EFFORT[mode]
    log = ROOT / "var" / "bench-gunicorn.log"
    log.parent.mkdir(exist_ok=True)
    with Server(database=database, workers=workers, threads=threads, log=log) as server:
        if "field" in sections:
            _guarded(
                outcome, "field", lambda: {"field": field_check_rows(server, checks=effort.field_checks)}
            )
        if "lookups" in sections:
            _guarded(outcome, "lookups", lambda: {"lookups": lookups.lookup_rows(server, token, http)})
        if "detection" in sections:
            _guarded(
                outcome,
                "detection",
                lambda: {
                    "detection": [
                        detection_row(
                            server,
                            token,
                            requests=effort.detection_requests,
                            clients=http.clients,
                            pairs=effort.pairs,
                        )
                    ]
                },
            )


def _import(effort: Effort) -> list[Row]:
    from .import_speed import import_rows

    rows = import_rows(months=effort.import_months, pairs=max(2, effort.pairs - 2))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM registry_contributionyear")  # the runs' deleted rows
    return rows


def _eligibility(database: str, effort: Effort) -> list[Row]:
    from . import eligibility_speed

    return [
        eligibility_speed.hot_row(database=database, persons=effort.eligibility_persons, pairs=effort.pairs),
        eligibility_speed.batch_row(pairs=effort.pairs),
    ]


def _cold(effort: Effort, allowed: bool) -> Row:
    from . import eligibility_speed

    name = "one person's eligibility, cold cache (PostgreSQL restarted, OS cache dropped) vs the same, hot"
    if not allowed:
        return not_measured(name, Goal("<=", 20), "restarts PostgreSQL: full mode or --cold only")
    return eligibility_speed.cold_row(persons=effort.cold_persons)


def _external(outcome: Outcome, section: str, mode: str, database: str) -> list[Row]:
    from .external import external_rows

    rows, output = external_rows(section, quick=mode == "quick", database=database)
    outcome.extra[f"{section}_output"] = output
    return rows


def _offline() -> dict:
    from .offline_speed import offline_rows

    return {"offline": offline_rows()}


def _partitioning(outcome: Outcome, mode: str) -> None:
    from .partitioning import compare_layouts, layouts_text

    outcome.extra["partitioning"] = compare_layouts(quick=mode == "quick")
    print(layouts_text(outcome.extra["partitioning"]), file=sys.stderr)


def report(outcome: Outcome, context: dict) -> Path:
    rows = outcome.ordered()
    print()
    print(f"Nforce benchmarks, {context['mode']} mode, database {context['database']}: {context['scale']}")
    print(table(rows))
    print()
    print(storage.sizes_text(outcome.sizes))
    if "partitioning" in outcome.extra:
        from .partitioning import layouts_text

        print()
        print(layouts_text(outcome.extra["partitioning"]))
    return save(rows, context=context)
