"""The figures of a load test (bench/loadtest.py): locust's statistics read, the verdict (any
failed request, or a p95 over the limit), the table printed and the record written.

Apart from bench/loadtest.py because that file is also locust's locustfile: importing it imports
locust, which patches the standard library (gevent), so it cannot be imported by the tests.
"""

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

from bench.harness import git_commit, machine

MAX_P95_MS = 1000
# A kind of request is held to the p95 limit on its own from this many requests: below it, its
# "p95" is its slowest request or two. Every request counts in the aggregated p95.
MIN_REQUESTS_FOR_P95 = 20


def read_stats(stats_csv: Path) -> list[dict]:
    """locust's figures for each kind of request, and the "Aggregated" row last."""
    if not stats_csv.exists():
        raise SystemExit(f"locust wrote no statistics ({stats_csv}): see the output above")
    return [
        {
            "name": row["Name"],
            "count": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "rps": round(float(row["Requests/s"]), 2),
            **{f"p{q}_ms": _ms(row[f"{q}%"]) for q in (50, 95, 99)},
            "max_ms": round(float(row["Max Response Time"])),
        }
        for row in csv.DictReader(stats_csv.open())
    ]


def _ms(value: str) -> int | None:
    return None if value == "N/A" else round(float(value))


def print_table(stats: list[dict]) -> None:
    heading = ("count", "fail", "rps", "p50", "p95", "p99", "max")
    print(f"\n{'request':28} " + " ".join(f"{h:>6}" for h in heading) + "  (times in ms)")
    for row in stats:
        figures = [row["count"], row["failures"], row["rps"], row["p50_ms"], row["p95_ms"], row["p99_ms"]]
        print(f"{row['name'][:28]:28} " + " ".join(f"{figure!s:>6}" for figure in [*figures, row["max_ms"]]))


def problems_of(stats: list[dict], *, max_p95_ms: int) -> list[str]:
    """Why the run fails: any failed request, nothing measured, or a p95 over the limit: of all
    requests, or of one kind with enough of them (a slow export must not hide among lookups)."""
    total = stats[-1]
    problems = [f"{total['failures']} failed requests"] if total["failures"] else []
    problems += ["no request was made"] if not total["count"] else []
    return problems + [
        f"{row['name']}: p95 {row['p95_ms']} ms > {max_p95_ms} ms"
        for row in stats
        if (row is total or row["count"] >= MIN_REQUESTS_FOR_P95) and (row["p95_ms"] or 0) > max_p95_ms
    ]


def print_failures(failures_csv: Path) -> None:
    for row in csv.DictReader(failures_csv.open()) if failures_csv.exists() else []:
        print(f"  {row['Occurrences']:>5} x {row['Method']} {row['Name']}: {row['Error'][:200]}")


def save(path: Path, *, run: dict, stats: list[dict], problems: list[str]) -> None:
    """The run's settings (`run`), verdict, machine, commit and figures, as JSON at `path`."""
    record = {
        "at": datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"),
        **run,
        "passed": not problems,
        "problems": problems,
        "machine": machine(),
        "git": git_commit(),
        "requests": stats,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=2) + "\n")
