from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from detection.trust import Fix, distance_m, gps_poor, trust_flags

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
KLANG = Fix(101.4450, 3.0449, 10.0, T0)


def later(fix: Fix, *, seconds: float, east_m: float = 0, accuracy_m: float | None = 10.0) -> Fix:
    return Fix(
        fix.longitude + east_m / 111_160,
        fix.latitude,
        accuracy_m,
        fix.observed_at + timedelta(seconds=seconds),
    )


@pytest.mark.parametrize(
    ("accuracy_m", "poor"), [(5, False), (100, False), (100.1, True), (2500, True), (None, True)]
)
def test_a_fix_worse_than_100_m_is_poor(accuracy_m, poor):
    assert gps_poor(accuracy_m) is poor


@pytest.mark.parametrize(
    ("fix", "previous", "expected"),
    [
        (KLANG, None, []),
        (Fix(101.4450, 3.0449, 0.0, T0), None, ["accuracy_zero"]),
        # the same cached fix for a second check in the same shop is normal...
        (later(KLANG, seconds=60), KLANG, []),
        # ...the very same coordinates an hour later are not
        (later(KLANG, seconds=3600), KLANG, ["repeated_position"]),
        # 2 km in 10 minutes is a car in town (12 km/h)
        (later(KLANG, seconds=600, east_m=2000), KLANG, []),
        # 30 km in 5 minutes is 360 km/h
        (later(KLANG, seconds=300, east_m=30_000), KLANG, ["impossible_speed"]),
        # GPS jitter inside both accuracies is not travel, even a second apart
        (later(KLANG, seconds=1, east_m=15), KLANG, []),
        (later(KLANG, seconds=0, east_m=500), KLANG, ["impossible_speed"]),
    ],
    ids=["first", "zero-accuracy", "cached-fix", "replayed-fix", "car", "too-fast", "jitter", "same-instant"],
)
def test_trust_flags_mark_suspicious_patterns_only(fix, previous, expected):
    assert trust_flags(fix=fix, previous=previous, received_at=fix.observed_at) == expected


def test_a_device_clock_far_ahead_of_the_server_is_flagged():
    assert trust_flags(fix=KLANG, previous=None, received_at=T0 - timedelta(hours=2)) == ["clock_ahead"]


def test_distance_between_klang_and_kuala_lumpur_is_about_28_km():
    kuala_lumpur = Fix(101.6869, 3.1390, None, T0)
    assert 28_000 < distance_m(KLANG, kuala_lumpur) < 29_000


@pytest.mark.django_db
@pytest.mark.parametrize(
    "other",
    [Fix(101.4450, 3.5449, None, T0), Fix(101.9450, 3.0449, None, T0), Fix(116.0735, 5.9804, None, T0)],
    ids=["north", "east", "kota kinabalu"],
)
def test_distance_is_the_one_postgis_measures_between_geographies(other):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_Distance(ST_MakePoint(%s, %s)::geography, ST_MakePoint(%s, %s)::geography)",
            [KLANG.longitude, KLANG.latitude, other.longitude, other.latitude],
        )
        (postgis_m,) = cursor.fetchone()
    assert distance_m(KLANG, other) == pytest.approx(postgis_m, abs=0.01)
