import math
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from detection.signals import premises_changed
from detection.submission import Submission
from tests.factories import KLANG, AreaFactory, OfficeFactory, UserFactory

METRES_PER_DEGREE = 111_320


def moved(lon: float, lat: float, *, north_m: float = 0, east_m: float = 0) -> tuple[float, float]:
    """A position some metres north and east of another (flat-earth: fine for a few km)."""
    return (
        lon + east_m / (METRES_PER_DEGREE * math.cos(math.radians(lat))),
        lat + north_m / METRES_PER_DEGREE,
    )


@pytest.fixture
def other_officer(db):
    return UserFactory(roles=["officer"], full_name="Muthu a/l Rajan")


@pytest.fixture
def office(db):
    return OfficeFactory(code="KLG")


@pytest.fixture
def boss(office):
    """The supervisor of the office."""
    return UserFactory(roles=["supervisor"], home_office=office)


@pytest.fixture
def klang_area(db):
    return AreaFactory(code="KLG-1", name="Klang 1")


@pytest.fixture
def submission():
    """submission(**fields) -> a valid Submission: an unregistered shop in Klang, seen now."""

    def make(**fields) -> Submission:
        lon, lat = fields.pop("position", KLANG)
        defaults = {
            "client_uuid": uuid.uuid4(),
            "observed_at": timezone.now(),
            "latitude": lat,
            "longitude": lon,
            "accuracy_m": 12.0,
            "outcome": "unregistered",
            "premises_name": "Restoran Selera Kampung",
        }
        return Submission(**(defaults | fields))

    return make


@pytest.fixture
def body():
    """body(**fields) -> a valid JSON body for POST /api/v1/detections (the documented contract)."""

    def make(**fields) -> dict:
        defaults = {
            "client_uuid": str(uuid.uuid4()),
            "observed_at": _iso(timezone.now()),
            "latitude": KLANG[1],
            "longitude": KLANG[0],
            "accuracy_m": 12,
            "outcome": "unregistered",
            "premises_name": "Restoran Selera Kampung",
            "address": "12 Jalan Tengku Kelana, Klang",
            "workers_seen": 4,
            "notes": "",
        }
        return defaults | fields

    return make


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


@pytest.fixture
def minutes_ago():
    return lambda minutes: timezone.now() - timedelta(minutes=minutes)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded photos go to a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def changed():
    """Every premises_changed sent during the test, as (premises ids, why)."""
    sent: list[tuple[list[int], str]] = []

    def receive(sender, premises_ids, why, **kwargs):
        sent.append((premises_ids, why))

    premises_changed.connect(receive, dispatch_uid="test-premises-changed")
    yield sent
    premises_changed.disconnect(dispatch_uid="test-premises-changed")
