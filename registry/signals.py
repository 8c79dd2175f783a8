"""Signals the floors above connect to. Registry imports none of them.

lookup_made(sender=None, actor, subject: "employer" | "person", location: Point, at: datetime,
            accuracy_m: float | None, id_number: str)
    Sent by the field checks (registry.queries) for a lookup made with a position, inside the
    request (not on commit: the answer is needed). A receiver may answer with an int, the id of
    the record the lookup is counted as (detection: a "checked" detection, every check counts);
    the check's result carries it as `check_id`, which the phone sends back with its tap.
    `id_number` (a person check) is the normalised ID: never to be stored or logged in clear.
"""

from datetime import datetime

from django.contrib.gis.geos import Point
from django.dispatch import Signal
from django.utils import timezone

from nforce.models import User

lookup_made = Signal()


def counted_as(
    *, actor: User, subject: str, location: Point | None, accuracy_m: float | None = None, id_number: str = ""
) -> int | None:
    """Send lookup_made for a lookup made with a position; the id a receiver counted it as."""
    if location is None:
        return None
    at: datetime = timezone.now()
    answers: list[tuple[object, object]] = lookup_made.send(  # type: ignore[assignment]  # stubs say str
        sender=None,
        actor=actor,
        subject=subject,
        location=location,
        at=at,
        accuracy_m=accuracy_m,
        id_number=id_number,
    )
    counted = [answer for _receiver, answer in answers if isinstance(answer, int)]
    return counted[0] if counted else None
