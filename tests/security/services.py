"""Real services of a test's own, which it may stop, kill and restart: a PostgreSQL cluster (and a
hot standby of it), a Redis server, gunicorn and a Celery worker, each on a spare port of 127.0.0.1.

The machine's shared PostgreSQL and Redis are never touched. Every wait is bounded.
"""

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
DATABASE = "nforce_fault"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, *, timeout: float, every: float = 0.2, what: str = "a condition"):
    """Poll `condition` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        found = condition()
        if found:
            return found
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout} s for {what}")
        time.sleep(every)


# --- PostgreSQL ------------------------------------------------------------------------------


@dataclass
class OwnPostgres:
    """A cluster in a temporary directory, run by the postgres OS user (initdb refuses root)."""

    root: Path
    port: int
    # More server settings, as postgres command-line options ("-c log_statement=all").
    options: str = ""

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def url(self) -> str:
        return f"postgis://postgres@127.0.0.1:{self.port}/{DATABASE}"

    def _as_postgres(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["runuser", "-u", "postgres", "--", *command],
            capture_output=True,
            text=True,
            check=check,
            timeout=120,
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            f"-c shared_buffers=32MB -c max_connections=40 {self.options}"
        )
        self._as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.root / "log"),
            "-o",
            options,
            "-w",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def sql(self, statement: str, database: str = DATABASE) -> str:
        result = subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                database,
                "-tAc",
                statement,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        return result.stdout.strip()

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def streaming_standbys(self) -> int:
        return int(self.sql("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'"))

    def answers(self) -> bool:
        try:
            self.sql("SELECT 1", database="postgres")
        except subprocess.CalledProcessError:
            return False
        return True

    def log_size(self) -> int:
        return (self.root / "log").stat().st_size

    def log_since(self, size: int) -> str:
        """What the server logged after log_size() returned `size` (statements, with
        log_statement=all)."""
        with (self.root / "log").open("rb") as log:
            log.seek(size)
            return log.read().decode(errors="replace")


def _cluster_directory() -> Path:
    root = Path(tempfile.mkdtemp(prefix="nforce-pg-"))
    shutil.chown(root, "postgres", "postgres")
    return root


def start_own_postgres(*, options: str = "") -> OwnPostgres:
    cluster = OwnPostgres(root=_cluster_directory(), port=free_port(), options=options)
    cluster._as_postgres(
        str(PG_BIN / "initdb"),
        "-D",
        str(cluster.data),
        "--auth=trust",
        "-U",
        "postgres",
        "-E",
        "UTF8",
        "--no-sync",
    )
    cluster.start()
    cluster.sql(f"CREATE DATABASE {DATABASE}", database="postgres")
    return cluster


def start_standby(primary: OwnPostgres, *, options: str = "") -> OwnPostgres:
    """A hot standby of `primary` on a port of its own: a base backup that writes its own
    primary_conninfo (pg_basebackup -R), started, and streaming before this returns."""
    standby = OwnPostgres(root=_cluster_directory(), port=free_port(), options=options)
    standby._as_postgres(
        str(PG_BIN / "pg_basebackup"),
        *("-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres", "-D", str(standby.data)),
        *("--write-recovery-conf", "--wal-method=stream", "--checkpoint=fast", "--no-sync"),
    )
    try:
        standby.start()
        wait_until(primary.streaming_standbys, timeout=30, what="the standby to stream from the primary")
    except BaseException:
        standby.remove()
        raise
    return standby


# --- Redis -----------------------------------------------------------------------------------


@dataclass
class OwnRedis:
    directory: Path
    port: int
    appendonly: bool
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [
            shutil.which("redis-server") or "redis-server",
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "yes" if self.appendonly else "no",
            "--appendfsync",
            "always",
            "--dir",
            str(self.directory),
        ]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(self.answers, timeout=20, what="Redis to answer")

    def answers(self) -> bool:
        try:
            return bool(redis.Redis.from_url(self.url, socket_timeout=1).ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        """SIGTERM: Redis shuts down cleanly (and flushes its append-only file when it keeps one)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)

    def restart(self) -> None:
        self.stop()
        self.start()


def start_own_redis(*, appendonly: bool) -> OwnRedis:
    server = OwnRedis(
        directory=Path(tempfile.mkdtemp(prefix="nforce-redis-")), port=free_port(), appendonly=appendonly
    )
    server.start()
    return server


# --- Django processes: manage.py, gunicorn, Celery ---------------------------------------------


def server_env(*, database_url: str, redis_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.security.fault_settings",
        "DATABASE_URL": database_url,
        "TEST_REDIS_URL": redis_url,
        "DEBUG": "false",
        "PYTHONPATH": str(ROOT),
        "HEALTH_CANARY_TIMEOUT_S": "3",
    }


def manage(env: dict[str, str], *args: str, timeout: float = 600) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


_LOGIN_SCRIPT = """
import json
from django.test import Client
from nforce.tokens import issue_token
from nforce.models import User
from django.contrib.auth.models import Group
user, _ = User.objects.get_or_create(staff_number="FAULT1", defaults={"full_name": "Fault Officer"})
user.groups.add(Group.objects.get_or_create(name="officer")[0])
client = Client()
client.force_login(user)
print(json.dumps({"session": client.cookies["sessionid"].value, "token": issue_token(user=user)}))
"""


def officer_credentials(env: dict[str, str]) -> dict[str, str]:
    """A session cookie and an API token of an officer, made in the served database."""
    return json.loads(manage(env, "shell", "-c", _LOGIN_SCRIPT).strip().splitlines()[-1])


@dataclass
class Process:
    popen: subprocess.Popen
    log: Path
    port: int = 0
    extra: dict = field(default_factory=dict)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, sig)
            try:
                self.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def _spawn(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("w") as out:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def start_gunicorn(env: dict[str, str], directory: Path) -> Process:
    port = free_port()
    log = directory / "gunicorn.log"
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "nforce.wsgi",
        "-b",
        f"127.0.0.1:{port}",
        "-w",
        "2",
        "--threads",
        "2",
        "--access-logfile",
        "-",
        "--timeout",
        "60",
    ]
    server = Process(_spawn(command, env, log), log, port)
    wait_until(lambda: _answers(port), timeout=60, what="gunicorn to answer")
    return server


def _answers(port: int) -> bool:
    try:
        return fetch(port, "GET", "/accounts/login/", timeout=2).status == 200
    except OSError:
        return False


def start_worker(env: dict[str, str], directory: Path, name: str) -> Process:
    log = directory / f"worker-{name}.log"
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "tests.security.fault_tasks",
        "worker",
        "-l",
        "info",
        "-c",
        "1",
        "-P",
        "prefork",
        "-n",
        f"fault-{name}-{os.getpid()}@%h",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
    ]
    worker = Process(_spawn(command, env, log), log)
    wait_until(
        lambda: "ready." in worker.output() or worker.popen.poll() is not None, timeout=60, what="the worker"
    )
    if worker.popen.poll() is not None:
        raise RuntimeError(f"the worker exited:\n{worker.output()}")
    return worker


# --- HTTP ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    def json(self):
        return json.loads(self.body)


def fetch(
    port: int, method: str, path: str, *, headers: dict | None = None, body=None, timeout: float = 30
) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    payload = json.dumps(body) if body is not None else None
    sent = {"Host": f"127.0.0.1:{port}", **(headers or {})}
    if payload is not None:
        sent["Content-Type"] = "application/json"
    started = time.monotonic()
    try:
        connection.request(method, path, body=payload, headers=sent)
        response = connection.getresponse()
        content = response.read()
    finally:
        connection.close()
    return Answer(response.status, dict(response.getheaders()), content, time.monotonic() - started)
