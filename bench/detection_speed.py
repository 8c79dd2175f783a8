"""Detection ingest (POST /api/v1/detections) throughput against the bare view, same bodies.

Every request is a new detection (a fresh client_uuid): replays are cheap and would flatter the
endpoint. Seven in ten are registered employers seen at their address, three in ten are
unregistered premises with a signboard name, which go through the premises merge.
"""

import random
import uuid
from datetime import UTC, datetime, timedelta

import redis
from django.conf import settings
from django.db import connection
from django.urls import Resolver404, resolve

from . import samples
from .harness import Goal, Row, Server, interleaved, load, not_measured
from .lookups import BARE
from .words import DISTINCTIVE, PREMISES_KINDS

DETECTIONS = "/api/v1/detections"
NAME = "detection ingest throughput vs bare Django view"
GOAL = Goal(">=", 0.6)
_NAMESPACE = uuid.UUID("6f1c1f4e-7b1e-4d5e-9a63-0c6c0e5b2a11")


def detection_row(server: Server, token: str, *, requests: int, clients: int, pairs: int) -> Row:
    try:
        resolve(DETECTIONS)
    except Resolver404:
        return not_measured(NAME, GOAL, "endpoint missing")
    _clear_detections()
    sites = _sites(400)
    runs = iter(range(10_000))

    def bodies() -> list[dict]:
        return _bodies(sites, requests, run=next(runs))

    def run(path: str):
        return lambda: (
            load(server.port, path, bodies(), token=token, requests=requests, clients=clients).throughput
        )

    try:
        load(server.port, DETECTIONS, bodies()[:100], token=token, requests=100, clients=4)  # warm
        paired = interleaved(run(BARE), run(DETECTIONS), pairs=pairs)
    finally:
        _clear_queued_tasks()
    return paired.row(NAME, GOAL, "req/s", clients=clients, requests_per_run=requests)


def _sites(count: int) -> list[tuple[str, float, float]]:
    """Employers to be seen at, inside the country's outline (a few generated near the border of
    Johor fall in Singapore, which the registry's bounding box lets through but detection refuses)."""
    from detection.malaysia import in_malaysia

    codes = samples.employer_codes(count)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT employer_code, ST_Y(location::geometry), ST_X(location::geometry) FROM registry_employer "
            "WHERE employer_code = ANY(%s) AND location IS NOT NULL ORDER BY employer_code",
            [codes],
        )
        found = cursor.fetchall()
    return [(code, lat, lon) for code, lat, lon in found if in_malaysia(longitude=lon, latitude=lat)]


def _bodies(sites: list[tuple[str, float, float]], count: int, *, run: int) -> list[dict]:
    rng = random.Random(run)
    now = datetime.now(UTC)
    found = []
    for index in range(count):
        code, lat, lon = sites[index % len(sites)]
        body = {
            "client_uuid": str(uuid.uuid5(_NAMESPACE, f"{now.isoformat()}/{run}/{index}")),
            "observed_at": (now - timedelta(seconds=count - index)).isoformat(),
            "latitude": lat + rng.uniform(-2e-4, 2e-4),
            "longitude": lon + rng.uniform(-2e-4, 2e-4),
            "accuracy_m": rng.choice((5, 8, 12, 20, 35)),
            "workers_seen": rng.randrange(1, 12),
        }
        if rng.random() < 0.7:
            body |= {"outcome": "registered_contributing", "employer_code": code}
        else:
            name = f"{rng.choice(PREMISES_KINDS)} {rng.choice(DISTINCTIVE)} {rng.choice(DISTINCTIVE)}"
            body |= {"outcome": "unregistered", "premises_name": name.title(), "kind": "retail"}
        found.append(body)
    return found


def _clear_detections() -> None:
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE detection_detection, detection_premises CASCADE")


def _clear_queued_tasks() -> None:
    """Tasks the endpoint queued (no worker runs in the bench): the bench's own Redis database."""
    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()
