"""GPS quality and trust: PURE rules (no ORM, no clock). Positions in, flags out.

A flag does not refuse a detection: a supervisor reads it. Each names a pattern that a real
phone in a real street does not produce, or only rarely.
"""

from dataclasses import dataclass
from datetime import datetime

from geopy.distance import geodesic

# Beyond this the fix may be off by a whole shop row: the phone warns, the record is flagged.
POOR_ACCURACY_M = 100
# Faster than any road vehicle in a town: 250 km/h.
MAX_PLAUSIBLE_SPEED_M_S = 250 / 3.6
# A phone may hand out the same cached fix for a few minutes (two checks in one shop); the very
# same coordinates again after longer than this come from a replayed or fake position.
SAME_FIX_GRACE_S = 5 * 60
# A device clock this far ahead of the server's is wrong; its times need care in reports.
CLOCK_AHEAD_TOLERANCE_S = 5 * 60


class Flag:
    ACCURACY_ZERO = "accuracy_zero"
    REPEATED_POSITION = "repeated_position"
    IMPOSSIBLE_SPEED = "impossible_speed"
    CLOCK_AHEAD = "clock_ahead"


@dataclass(frozen=True)
class Fix:
    longitude: float
    latitude: float
    accuracy_m: float | None
    observed_at: datetime


def gps_poor(accuracy_m: float | None) -> bool:
    return accuracy_m is None or accuracy_m > POOR_ACCURACY_M


def trust_flags(*, fix: Fix, previous: Fix | None, received_at: datetime) -> list[str]:
    """The suspicious patterns in a fix, compared with the officer's previous detection."""
    flags = []
    if fix.accuracy_m == 0:  # no satellite fix is exact; mock-location apps report 0
        flags.append(Flag.ACCURACY_ZERO)
    if previous is not None and _same_position_later(fix, previous):
        flags.append(Flag.REPEATED_POSITION)
    if previous is not None and _too_fast(fix, previous):
        flags.append(Flag.IMPOSSIBLE_SPEED)
    if (fix.observed_at - received_at).total_seconds() > CLOCK_AHEAD_TOLERANCE_S:
        flags.append(Flag.CLOCK_AHEAD)
    return flags


def _same_position_later(fix: Fix, previous: Fix) -> bool:
    same = (fix.longitude, fix.latitude) == (previous.longitude, previous.latitude)
    return same and abs((fix.observed_at - previous.observed_at).total_seconds()) > SAME_FIX_GRACE_S


def _too_fast(fix: Fix, previous: Fix) -> bool:
    # Both fixes may be off by their accuracy: only the distance beyond that counts as travel.
    slack = (fix.accuracy_m or 0) + (previous.accuracy_m or 0)
    travelled = max(0.0, distance_m(fix, previous) - slack)
    seconds = abs((fix.observed_at - previous.observed_at).total_seconds())
    if seconds == 0:
        return travelled > 0
    return travelled / seconds > MAX_PLAUSIBLE_SPEED_M_S


def distance_m(a: Fix, b: Fix) -> float:
    """On the WGS-84 ellipsoid, as PostGIS measures a geography: the metres agree with SQL's."""
    return geodesic((a.latitude, a.longitude), (b.latitude, b.longitude)).m
