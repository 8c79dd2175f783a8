"""The load test's verdict and figures (bench/load_figures.py): no server, no locust."""

import csv
import json

import pytest

from bench.load_figures import problems_of, read_stats, save

# The columns of locust's --csv statistics that are read, in locust's order.
LOCUST_COLUMNS = [
    "Type",
    "Name",
    "Request Count",
    "Failure Count",
    "Max Response Time",
    "Requests/s",
    "50%",
    "95%",
    "99%",
]


def _row(name: str, *, count: int = 100, failures: int = 0, p95: int | None = 200) -> dict:
    return {"name": name, "count": count, "failures": failures, "p95_ms": p95}


def _stats(*rows: dict, total_p95: int | None = 200) -> list[dict]:
    count = sum(row["count"] for row in rows)
    failures = sum(row["failures"] for row in rows)
    return [*rows, _row("Aggregated", count=count, failures=failures, p95=total_p95)]


@pytest.mark.parametrize(
    ("stats", "problems"),
    [
        (_stats(_row("person check"), _row("export")), []),
        (_stats(_row("person check"), _row("export", failures=1)), ["1 failed requests"]),
        (_stats(_row("export", p95=1100), total_p95=300), ["export: p95 1100 ms > 1000 ms"]),
        (_stats(_row("export", p95=1000), total_p95=1000), []),
        # Five exports: their "p95" is the slowest one; the aggregate holds them to the limit.
        (_stats(_row("person check"), _row("export", count=5, p95=3000), total_p95=300), []),
        (_stats(_row("person check", p95=900), total_p95=1200), ["Aggregated: p95 1200 ms > 1000 ms"]),
        (_stats(total_p95=None), ["no request was made"]),
    ],
)
def test_a_run_fails_on_any_error_or_a_p95_over_the_limit(stats, problems):
    assert problems_of(stats, max_p95_ms=1000) == problems


def test_locusts_statistics_are_read_with_times_in_whole_milliseconds(tmp_path):
    path = tmp_path / "load_stats.csv"
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(LOCUST_COLUMNS)
        writer.writerow(["POST", "person check", 3, 0, 614.2, 0.5, 20, 75, 120])
        writer.writerow(["", "Aggregated", 0, 0, 0, 0.0, "N/A", "N/A", "N/A"])
    first, total = read_stats(path)
    assert first == {
        "name": "person check", "count": 3, "failures": 0, "rps": 0.5,
        "p50_ms": 20, "p95_ms": 75, "p99_ms": 120, "max_ms": 614,
    }  # fmt: skip
    assert (total["name"], total["p95_ms"]) == ("Aggregated", None)


def test_the_record_says_whether_the_run_passed_and_on_what_machine(tmp_path):
    path = tmp_path / "results" / "loadtest.json"
    stats = _stats(_row("export", p95=1100))
    save(path, run={"users": 50, "duration": "60s"}, stats=stats, problems=["export: p95 1100 ms > 1000 ms"])
    record = json.loads(path.read_text())
    assert (record["users"], record["duration"], record["passed"]) == (50, "60s", False)
    assert record["requests"] == stats
    assert record["machine"]["cores"] >= 1
    assert len(record["git"]["commit"]) == 40
