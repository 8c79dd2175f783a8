"""`make loadtest`: 50 staff for 5 minutes against a real gunicorn, with 0 errors and every p95
under 1 s; `make loadtest-ci` (run by `make test`): the same for 60 s.

Run as `python -m bench.loadtest` (the driver), this file prepares a database of its own
(`nforce_load`, or LOADTEST_DB: created if missing, migrated, loaded with `seed_demo`), logins with
API tokens and sessions, its own Redis and a Celery worker, starts gunicorn as `make run` does
(2 workers x 4 threads) on a spare port, runs locust headless with this same file as the
locustfile, prints the figures per request, writes them to --result, and exits non-zero if any
request failed or any kind of request had a p95 over --max-p95-ms.

The users mix what staff do: officers on a phone look employers up by name and by position,
check persons, record detections and load their map of detections; inspectors do the same and
open their map of assignments (the page, and its data); supervisors open the dashboard, its
map and its exports (CSV and Excel). Each waits as a person does (1 to 4 s) between requests.
Only 127.0.0.1 is ever addressed.
"""

import argparse
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
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from locust import HttpUser, between, task

from bench.load_figures import MAX_P95_MS, print_failures, print_table, problems_of, read_stats, save

ROOT = Path(__file__).resolve().parent.parent
DATABASE = os.environ.get("LOADTEST_DB", "nforce_load")
# Logins made, and the weights locust spreads its users by (50 users: 34, 10 and 6).
OFFICERS, INSPECTORS, SUPERVISORS = 34, 10, 6
MALAYSIA = ZoneInfo("Asia/Kuala_Lumpur")  # settings.TIME_ZONE: the dashboard's days
PLAN = Path(os.environ.get("LOADTEST_PLAN", "/nonexistent"))

# --- the users (read by locust) ----------------------------------------------------------------


def _plan() -> dict:
    empty = {"officers": [], "inspectors": [], "supervisors": []}
    return json.loads(PLAN.read_text()) if PLAN.exists() else empty


class Staff(HttpUser):
    """A login of its kind: an API token on every request, its session cookie on page loads."""

    abstract = True
    wait_time = between(1, 4)
    kind = "officers"

    def on_start(self) -> None:
        plan = _plan()
        self.sample = plan
        login = plan[self.kind][random.randrange(len(plan[self.kind]))]
        self.session_id = login["session"]
        self.client.headers["Authorization"] = f"Token {login['token']}"
        self.client.headers["Accept"] = "application/json"
        # A fresh connection per request, as from a phone on a mobile network. Reusing one that
        # gunicorn's keep-alive (2 s) is closing races with the next request and fails in
        # `requests` (browsers retry that case by themselves): a client artefact, not an app error.
        self.client.headers["Connection"] = "close"

    def _page(self, path: str, name: str) -> None:
        """A page or a file as the browser asks for it. The session goes in this request's header
        only: in the client's cookie jar it would make DRF authenticate the API calls by session,
        and then ask them for a CSRF token."""
        headers = {"Cookie": f"sessionid={self.session_id}", "Accept": "*/*"}
        # Not followed: a redirect to the login page would otherwise count as a page served.
        sent = {"name": name, "headers": headers, "allow_redirects": False, "catch_response": True}
        with self.client.get(path, **sent) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code}: {r.text[:200]}")
        self.client.cookies.clear()


class FieldStaff(Staff):
    abstract = True

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

    @task(2)
    def my_assignments_page(self) -> None:
        self._page("/dispatch/", "inspector map: page")

    @task(3)
    def my_assignments_map(self) -> None:
        self.client.get("/api/v1/assignments/mine", name="map: my assignments")


class Supervisor(Staff):
    """The dashboard of their office's areas over the last 30 days, today included (the default
    period, last calendar week, would leave out what the load itself records)."""

    weight = SUPERVISORS
    kind = "supervisors"

    def _period(self) -> str:
        today = datetime.now(MALAYSIA).date()
        return f"from={today - timedelta(days=29)}&to={today}"

    @task(3)
    def dashboard(self) -> None:
        by = random.choice(("area", "officer", "state"))
        self._page(f"/dashboard/?{self._period()}&by={by}", "dashboard")

    @task(1)
    def dashboard_map(self) -> None:
        self._page(f"/dashboard/map.geojson?{self._period()}", "dashboard: map data")

    @task(1)
    def summary(self) -> None:
        self.client.get(f"/api/v1/dashboard/summary?{self._period()}", name="dashboard: summary API")

    @task(3)
    def export(self) -> None:
        """A table by area or officer, the series, or the checks themselves; as CSV or Excel."""
        what = random.choice(("export/area", "export/officer", "export/series", "records/checks/export"))
        fmt = random.choice(("csv", "xlsx"))
        self._page(f"/dashboard/{what}.{fmt}?{self._period()}", "export (csv, xlsx)")


# --- the driver (python -m bench.loadtest) -------------------------------------------------------

_PREPARE = """
import json, random
from django.contrib.auth.models import Group
from django.test import Client
from nforce.tokens import issue_token
from detection.malaysia import in_malaysia
from dispatch.models import Inspector
from nforce.models import Office, User
from registry.models import Employer, InsuredPerson

def login(user):
    client = Client()
    client.force_login(user)
    token = issue_token(user=user)
    return {"token": token, "session": client.cookies["sessionid"].value}

def staff(number, role, office=None):
    user, _ = User.objects.get_or_create(staff_number=number, defaults={"full_name": f"Load {role} {number}"})
    user.home_office = office
    user.save(update_fields=["home_office"])
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user

plan = {"officers": [login(staff(f"LOAD-OFF{n:03d}", "officer")) for n in range(%(officers)d)]}
# seed_demo's inspectors: they serve areas and hold cases, so their maps are not empty.
inspectors = (Inspector.objects.filter(active=True, areas__isnull=False).distinct()
              .select_related("user").order_by("user__staff_number")[:%(inspectors)d])
plan["inspectors"] = [login(inspector.user) for inspector in inspectors]
offices = list(Office.objects.filter(areas__isnull=False).distinct().order_by("code"))
plan["supervisors"] = [login(staff(f"LOAD-SUP{n:03d}", "supervisor", offices[n %% len(offices)]))
                       for n in range(%(supervisors)d)]
employers = list(Employer.objects.exclude(location=None).order_by("?")[:300])
plan["names"] = [e.trading_name or e.name for e in employers]
plan["positions"] = [(e.location.y, e.location.x) for e in employers
                     if in_malaysia(longitude=e.location.x, latitude=e.location.y)]
plan["ids"] = list(InsuredPerson.objects.order_by("?").values_list("id_number", flat=True)[:300])
assert all(plan.values()), {kind: len(found) for kind, found in plan.items()}
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


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", default="5m", help="locust --run-time, e.g. 30s or 5m")
    parser.add_argument("--scale", default="demo", help="seed_demo --scale")
    parser.add_argument("--no-worker", action="store_true", help="no Celery worker (dispatch runs queue up)")
    parser.add_argument("--max-p95-ms", type=int, default=MAX_P95_MS, help="fail above this p95, per request")
    parser.add_argument(
        "--result",
        type=Path,
        default=ROOT / "bench" / "results" / "loadtest-quick.json",
        help="where the figures are written (make loadtest: bench/results/loadtest.json, kept in git)",
    )
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
    # PYTHONPATH: locust imports this file from bench/, and it imports bench.load_figures.
    users_env = {**env, "LOADTEST_PLAN": str(plan), "PYTHONPATH": str(ROOT)}
    subprocess.run(command, cwd=ROOT, env=users_env, check=False)


def _write_plan(env: dict, work: Path) -> Path:
    """Logins with tokens and sessions, employer names and positions, and person IDs for the users."""
    plan = work / "plan.json"
    counts = {"officers": OFFICERS, "inspectors": INSPECTORS, "supervisors": SUPERVISORS}
    printed = _manage(env, "shell", "-c", _PREPARE % counts)
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
    finally:
        for process in reversed(started):
            _stop(process)
        (work / "plan.json").unlink(missing_ok=True)  # tokens and IDs of the load database
    stats = read_stats(work / "load_stats.csv")
    problems = problems_of(stats, max_p95_ms=options.max_p95_ms)
    print_table(stats)
    print_failures(work / "load_failures.csv")
    run = {key: getattr(options, key) for key in ("users", "duration", "scale", "max_p95_ms")}
    save(options.result, run=run, stats=stats, problems=problems)
    verdict = "FAILED: " + "; ".join(problems) if problems else "Passed"
    print(f"\n{verdict}. Figures: {options.result}. Logs: {work}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
