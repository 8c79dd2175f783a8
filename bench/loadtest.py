"""`make loadtest`: 50 field staff for 5 minutes against a real gunicorn, with 0 errors.

Run as `python -m bench.loadtest` (the driver), this file prepares a database of its own
(`nforce_load`: created if missing, migrated, loaded with `seed_demo`), field logins with API
tokens, its own Redis and a Celery worker, starts gunicorn as `make run` does (2 workers x
4 threads) on a spare port, runs locust headless with this same file as the locustfile, prints
the figures per request and exits non-zero if any request failed.

The users mix what officers and inspectors do on a phone: employer lookups by name and by
position, person checks, recorded detections, and map loads (my detections, my assignments),
each with the think time of a person (1 to 4 s). Only 127.0.0.1 is ever addressed.
"""

import argparse
import csv
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path

from locust import HttpUser, between, task

ROOT = Path(__file__).resolve().parent.parent
DATABASE = os.environ.get("LOADTEST_DB", "nforce_load")
OFFICERS, INSPECTORS = 40, 10  # logins made; locust spreads its users over the two kinds by weight
PLAN = Path(os.environ.get("LOADTEST_PLAN", "/nonexistent"))

# --- the users (read by locust) ----------------------------------------------------------------


def _plan() -> dict:
    return json.loads(PLAN.read_text()) if PLAN.exists() else {"officers": [], "inspectors": []}


class FieldStaff(HttpUser):
    abstract = True
    wait_time = between(1, 4)
    kind = "officers"

    def on_start(self) -> None:
        plan = _plan()
        self.sample = plan
        login = plan[self.kind][random.randrange(len(plan[self.kind]))]
        self.client.headers["Authorization"] = f"Token {login['token']}"
        self.client.headers["Accept"] = "application/json"
        # A fresh connection per request, as from a phone on a mobile network. Reusing one that
        # gunicorn's keep-alive (2 s) is closing races with the next request and fails in
        # `requests` (browsers retry that case by themselves): a client artefact, not an app error.
        self.client.headers["Connection"] = "close"

    def _post(self, path: str, body: dict, name: str) -> None:
        self.client.post(path, json=body, name=name)

    @task(4)
    def employer_by_name(self) -> None:
        self._post(
            "/api/v1/registry/employers/search",
            {"q": random.choice(self.sample["names"])},
            "employer by name",
        )

    @task(2)
    def employers_near(self) -> None:
        lat, lon = random.choice(self.sample["positions"])
        body = {"lat": lat, "lon": lon, "radius_m": 500}
        self._post("/api/v1/registry/employers/search", body, "employers near me")

    @task(3)
    def person_check(self) -> None:
        self._post(
            "/api/v1/registry/persons/check", {"id_number": random.choice(self.sample["ids"])}, "person check"
        )

    @task(2)
    def record_detection(self) -> None:
        lat, lon = random.choice(self.sample["positions"])
        body = {
            "client_uuid": str(uuid.uuid4()),
            "observed_at": datetime.now(UTC).isoformat(),
            "latitude": lat + random.uniform(-0.0002, 0.0002),
            "longitude": lon + random.uniform(-0.0002, 0.0002),
            "accuracy_m": random.choice((8, 12, 20, 35)),
            "outcome": "unregistered",
            "premises_name": f"Kedai Ujian Beban {random.randrange(10_000)}",
            "workers_seen": random.randrange(1, 9),
        }
        with self.client.post(
            "/api/v1/detections", json=body, name="record detection", catch_response=True
        ) as r:
            if r.status_code not in (200, 201):
                r.failure(f"{r.status_code}: {r.text[:200]}")

    @task(2)
    def my_detections_map(self) -> None:
        self.client.get("/api/v1/detections/mine?days=7", name="map: my detections")


class Officer(FieldStaff):
    weight = OFFICERS
    kind = "officers"


class Inspector(FieldStaff):
    weight = INSPECTORS
    kind = "inspectors"

    @task(3)
    def my_assignments_map(self) -> None:
        self.client.get("/api/v1/assignments/mine", name="map: my assignments")


# --- the driver (python -m bench.loadtest) -------------------------------------------------------

_PREPARE = """
import json, random
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from detection.malaysia import in_malaysia
from dispatch.models import Inspector
from nforce.models import User
from registry.models import Employer, InsuredPerson
plan = {"officers": [], "inspectors": []}
for kind, role, count in (("officers", "officer", %(officers)d), ("inspectors", "inspector", %(inspectors)d)):
    for n in range(count):
        user, _ = User.objects.get_or_create(staff_number=f"LOAD-{role[:3].upper()}{n:03d}",
                                             defaults={"full_name": f"Load {role} {n}"})
        user.groups.add(Group.objects.get_or_create(name=role)[0])
        if role == "inspector":
            Inspector.objects.get_or_create(user=user)
        plan[kind].append({"token": Token.objects.get_or_create(user=user)[0].key})
employers = list(Employer.objects.exclude(location=None).order_by("?")[:300])
plan["names"] = [e.trading_name or e.name for e in employers]
plan["positions"] = [(e.location.y, e.location.x) for e in employers
                     if in_malaysia(longitude=e.location.x, latitude=e.location.y)]
plan["ids"] = list(InsuredPerson.objects.order_by("?").values_list("id_number", flat=True)[:300])
print(json.dumps(plan))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(command: list[str], env: dict, **kwargs) -> str:
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False, **kwargs)
    if done.returncode:
        raise SystemExit(f"{' '.join(command[:4])} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done.stdout


def _manage(env: dict, *args: str) -> str:
    return _run([sys.executable, "manage.py", *args], env)


def _prepare_database(env: dict, scale: str) -> None:
    exists = _run(
        [
            "psql",
            "-h",
            "/var/run/postgresql",
            "-d",
            "postgres",
            "-tAc",
            f"select 1 from pg_database where datname='{DATABASE}'",
        ],
        env,
    )
    if exists.strip() != "1":
        _run(["createdb", "-h", "/var/run/postgresql", DATABASE], env)
    _manage(env, "migrate", "--no-input", "-v", "0")
    _manage(env, "seed_demo", "--scale", scale)


def _spawn(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    with log.open("w") as out:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def _wait_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - 127.0.0.1 only
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {timeout} s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, 15)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)


def _report(stats_csv: Path) -> int:
    rows = list(csv.DictReader(stats_csv.open()))
    heading = ("count", "fail", "rps", "p50", "p95", "p99", "max")
    print(f"\n{'request':28} " + " ".join(f"{h:>6}" for h in heading) + "  (times in ms)")
    for row in rows:
        print(
            f"{row['Name'][:28]:28} {row['Request Count']:>7} {row['Failure Count']:>5} "
            f"{float(row['Requests/s']):6.1f} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6} "
            f"{float(row['Max Response Time']):7.0f}"
        )
    total = next(row for row in rows if row["Name"] == "Aggregated")
    return int(total["Failure Count"])


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", default="5m", help="locust --run-time, e.g. 30s or 5m")
    parser.add_argument("--scale", default="demo", help="seed_demo --scale")
    parser.add_argument("--no-worker", action="store_true", help="no Celery worker (dispatch runs queue up)")
    return parser.parse_args()


def _environment(redis_port: int) -> dict[str, str]:
    """`make run`'s settings, on the load database and a Redis of the run's own."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "nforce.settings",
        "DATABASE_URL": f"postgis:///{DATABASE}",
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
    }


def _redis_command(port: int, work: Path) -> list[str]:
    server = shutil.which("redis-server") or "redis-server"
    return [
        server,
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(work),
    ]


def _servers(env: dict, work: Path, web_port: int, *, worker: bool) -> list[tuple[list[str], str]]:
    """gunicorn as `make run` starts it, and (unless told not to) one Celery worker."""
    bin_dir = Path(sys.executable).parent
    web = [
        str(bin_dir / "gunicorn"),
        "nforce.wsgi",
        "-b",
        f"127.0.0.1:{web_port}",
        "-w",
        "2",
        "--threads",
        "4",
    ]
    web += ["--access-logfile", str(work / "access.log")]
    found = [(web, "gunicorn.log")]
    if worker:
        celery = [sys.executable, "-m", "celery", "-A", "nforce", "worker", "-l", "warning", "-c", "1"]
        found.append(([*celery, "-n", f"load-{os.getpid()}@%h"], "worker.log"))
    return found


def _locust(options: argparse.Namespace, env: dict, work: Path, web_port: int, plan: Path) -> None:
    command = [str(Path(sys.executable).parent / "locust"), "-f", str(Path(__file__).resolve()), "--headless"]
    command += ["-u", str(options.users), "-r", "10", "--run-time", options.duration]
    command += ["--host", f"http://127.0.0.1:{web_port}", "--csv", str(work / "load"), "--only-summary"]
    command += ["--stop-timeout", "10", "--loglevel", "WARNING"]
    print(f"Load: {options.users} users for {options.duration} on 127.0.0.1:{web_port}", flush=True)
    subprocess.run(command, cwd=ROOT, env={**env, "LOADTEST_PLAN": str(plan)}, check=False)


def _write_plan(env: dict, work: Path) -> Path:
    """Logins with tokens, employer names and positions, and person IDs for the users to use."""
    plan = work / "plan.json"
    printed = _manage(env, "shell", "-c", _PREPARE % {"officers": OFFICERS, "inspectors": INSPECTORS})
    plan.write_text(printed.strip().splitlines()[-1])
    return plan


def main() -> int:
    options = _options()
    work = Path(tempfile.mkdtemp(prefix="nforce-load-"))
    redis_port, web_port = _free_port(), _free_port()
    env = _environment(redis_port)
    started = [_spawn(_redis_command(redis_port, work), env, work / "redis.log")]
    try:
        print(f"Preparing database {DATABASE} (migrate, seed_demo --scale {options.scale})…", flush=True)
        _prepare_database(env, options.scale)
        plan = _write_plan(env, work)
        started += [
            _spawn(command, env, work / log)
            for command, log in _servers(env, work, web_port, worker=not options.no_worker)
        ]
        _wait_http(f"http://127.0.0.1:{web_port}/accounts/login/")
        _locust(options, env, work, web_port, plan)
        failures = _report(work / "load_stats.csv")
    finally:
        for process in reversed(started):
            _stop(process)
        (work / "plan.json").unlink(missing_ok=True)  # tokens and IDs of the load database
    print(f"\n{failures} failed requests. Logs: {work}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
