"""What every benchmark shares: interleaved floor/subject runs, an HTTP load driver against a real
gunicorn, and the record of each run (machine, commit, rows) in bench/results/.
"""

import http.client
import json
import math
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


# --- rows of the table ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Goal:
    """`ratio <op> value`, e.g. Goal(">=", 0.4) for a throughput, Goal("<=", 10) for a p95."""

    op: str
    value: float

    def met(self, ratio: float | None) -> bool | None:
        if ratio is None:
            return None
        return ratio >= self.value if self.op == ">=" else ratio <= self.value

    def __str__(self) -> str:
        return f"{self.op} {self.value:g}x"


@dataclass
class Row:
    name: str
    goal: Goal | None
    floor: float | None = None
    subject: float | None = None
    ratio: float | None = None
    unit: str = ""
    note: str = ""  # why a row was not measured, or what it measured exactly
    detail: dict = field(default_factory=dict)
    # An absolute bound on the subject (in `unit`), where the issue sets one ("p50 <= 30 ms"):
    # the ratio to the floor says how far from the machine's own floor, the limit whether it is met.
    limit: float | None = None

    @property
    def met(self) -> bool | None:
        verdicts = [self.goal.met(self.ratio) if self.goal else None, self._within_limit()]
        known = [verdict for verdict in verdicts if verdict is not None]
        return all(known) if known else None

    def _within_limit(self) -> bool | None:
        if self.limit is None or self.subject is None:
            return None
        return self.subject <= self.limit

    @property
    def goal_text(self) -> str:
        parts = ([str(self.goal)] if self.goal else []) + (
            [f"<= {self.limit:g} {self.unit}".strip()] if self.limit is not None else []
        )
        return ", ".join(parts) or "-"

    def public(self) -> dict:
        """The shape of bench/results/latest.json."""
        return {
            "name": self.name,
            "floor": _rounded(self.floor),
            "subject": _rounded(self.subject),
            "ratio": _rounded(self.ratio),
            "goal": self.goal_text if self.goal or self.limit is not None else None,
            "met": self.met,
        }

    def full(self) -> dict:
        return {**self.public(), "unit": self.unit, "note": self.note, "detail": self.detail}


def not_measured(name: str, goal: Goal | None, why: str) -> Row:
    return Row(name, goal, note=f"not measured ({why})")


def _rounded(value: float | None) -> float | None:
    return None if value is None else float(f"{value:.4g}")


# --- interleaved runs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Paired:
    floors: list[float]
    subjects: list[float]

    @property
    def ratios(self) -> list[float]:
        return [subject / floor for floor, subject in zip(self.floors, self.subjects, strict=True)]

    def row(self, name: str, goal: Goal, unit: str, **detail) -> Row:
        """Medians of the floor and subject runs; the ratio is the median of the per-pair ratios
        (each pair ran back to back, so a slow moment of the machine hits both sides)."""
        return Row(
            name,
            goal,
            floor=statistics.median(self.floors),
            subject=statistics.median(self.subjects),
            ratio=statistics.median(self.ratios),
            unit=unit,
            detail={"pairs": len(self.floors), "ratios": [round(r, 3) for r in self.ratios], **detail},
        )


def interleaved(floor: Callable[[], float], subject: Callable[[], float], *, pairs: int) -> Paired:
    """floor, subject, floor, subject...: each callable returns one measurement."""
    floors, subjects = [], []
    for _ in range(pairs):
        floors.append(floor())
        subjects.append(subject())
    return Paired(floors, subjects)


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100): a value that was really observed."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return ordered[rank - 1]


def timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


# --- a real server --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn serving bench.settings on the bench database, as `make run` serves the app."""

    def __init__(self, *, database: str, workers: int, threads: int, log: Path) -> None:
        self.port = free_port()
        self.database = database
        self.workers = workers
        self.threads = threads
        self.log = log
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings",
               "DATABASE_URL": f"postgis:///{self.database}"}  # fmt: skip
        command = [
            str(Path(sys.executable).parent / "gunicorn"), "nforce.wsgi", "-b", f"127.0.0.1:{self.port}",
            "-w", str(self.workers), "--threads", str(self.threads), "--log-level", "warning",
        ]  # fmt: skip
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        try:
            self._wait_until_up()
        except BaseException:
            self.__exit__()  # a server that never answered is stopped too, not left behind
            raise
        return self

    def _wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early; see {self.log}")
            try:
                request(self.port, "GET", "/healthz")  # any answer will do: /healthz wants a worker
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start; see {self.log}")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def request(
    port: int, method: str, path: str, body: dict | None = None, token: str = ""
) -> tuple[int, bytes]:
    """One request on a fresh connection (for set-up, not for measuring)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=json.dumps(body) if body is not None else None,
                           headers=_headers(token))  # fmt: skip
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _headers(token: str) -> dict:
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    return headers


# --- load -------------------------------------------------------------------------------------------


@dataclass
class Load:
    """The outcome of a fixed number of requests: wall time, per-request latencies, failures."""

    seconds: float
    latencies: list[float]
    failures: int
    responses: dict[int, bytes] = field(default_factory=dict)  # kept on request, by body index

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds

    @property
    def p50(self) -> float:
        return percentile(self.latencies, 50)

    @property
    def p95(self) -> float:
        return percentile(self.latencies, 95)


class LoadFailed(RuntimeError):
    pass


def load(
    port: int,
    path: str,
    bodies: Sequence[dict],
    *,
    token: str,
    requests: int,
    clients: int = 1,
    keep_responses: bool = False,
) -> Load:
    """POST `requests` JSON bodies (cycling through `bodies`) from `clients` threads, each on its
    own keep-alive connection. A non-2xx answer counts as a failure and is not timed."""
    latencies: list[float] = []
    responses: dict[int, bytes] = {}
    failures = [0]
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)

    def client(indices: range) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = _headers(token)
        mine, kept, failed = [], {}, 0
        start.wait()
        for index in indices:
            body = json.dumps(bodies[index % len(bodies)])
            began = time.perf_counter()
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            elapsed = time.perf_counter() - began
            if 200 <= response.status < 300:
                mine.append(elapsed)
                if keep_responses:
                    kept[index] = content
            else:
                failed += 1
                if failed == 1:
                    print(f"  {path}: HTTP {response.status} {content[:300]!r}", file=sys.stderr)
        connection.close()
        with lock:
            latencies.extend(mine)
            responses.update(kept)
            failures[0] += failed

    threads = [threading.Thread(target=client, args=(range(c, requests, clients),)) for c in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    if failures[0] > requests // 100:
        raise LoadFailed(f"{path}: {failures[0]} of {requests} requests failed")
    return Load(seconds, latencies, failures[0], responses)


# --- the record of a run --------------------------------------------------------------------------


def machine() -> dict:
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    model = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")), platform.processor(),
    )  # fmt: skip
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "cpu": model,
        "python": platform.python_version(),
        "kernel": platform.release(),
        "load_average": os.getloadavg(),
    }


def git_commit() -> dict:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain"))}


def save(rows: list[Row], *, context: dict) -> Path:
    """bench/results/<UTC timestamp>-<mode>.json (everything: kept in git for full runs, the
    record of how the figures moved) and bench/results/latest.json (the rows)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    record = {**context, "machine": machine(), "git": git_commit(), "rows": [row.full() for row in rows]}
    path = RESULTS / f"{stamp}-{context.get('mode', 'full')}.json"
    path.write_text(json.dumps(record, indent=2, default=str) + "\n")
    if context.get("only"):  # some sections only: latest.json keeps the last whole table
        return path
    (RESULTS / "latest.json").write_text(json.dumps([row.public() for row in rows], indent=2) + "\n")
    return path


# --- the table as printed -----------------------------------------------------------------------


def table(rows: list[Row]) -> str:
    header = ("what", "floor", "subject", "ratio", "goal", "met")
    lines = [header]
    for row in rows:
        lines.append((
            row.name,
            _shown(row.floor, row.unit),
            _shown(row.subject, row.unit),
            f"{row.ratio:.3g}x" if row.ratio is not None else "-",
            row.goal_text,
            {True: "yes", False: "NO", None: "-"}[row.met],
        ))  # fmt: skip
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    text = [" | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) for line in lines]
    text.insert(1, "-+-".join("-" * width for width in widths))
    notes = [f"  {row.name}: {row.note}" for row in rows if row.note]
    return "\n".join(text + (["", "notes:", *notes] if notes else []))


def _shown(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    return f"{value:.4g} {unit}".strip()
