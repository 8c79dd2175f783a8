"""Every check counts: a registry lookup made with a position is a detection in the "checked"
state, completed by the officer's tap (capture.py fills the same record) or left as it is.

Registry is below detection and does not know it: it sends registry.signals.lookup_made, and
count_lookup() answers with the id of the "checked" record, which the page (or the app) sends back
as `check_id` with the tap. A search box sends a lookup as the officer types, so the lookups of one
officer at one place within a few minutes are one check, not one per keystroke.
"""

from datetime import datetime, timedelta

from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D
from django.db import transaction

from nforce.areas import area_containing
from nforce.models import User
from registry.models import InsuredPerson

from .models import Detection
from .operations import running_operation_for
from .trust import gps_poor

SAME_CHECK_WITHIN = timedelta(minutes=5)
SAME_CHECK_METRES = 50
# A tap without the check's id completes the officer's latest open check made this close before.
TAP_WITHIN = timedelta(minutes=15)
TAP_AHEAD = timedelta(minutes=1)  # two clocks: the server's for the lookup, the phone's for the tap
TAP_METRES = 100
CHECKED = Detection.Outcome.CHECKED


@transaction.atomic
def count_lookup(
    *,
    actor: User,
    subject: str,
    location: Point,
    at: datetime,
    accuracy_m: float | None = None,
    id_number: str = "",
) -> int:
    """The id of the "checked" detection this lookup counts as: the officer's open check here in
    the last minutes (the same shop, typed letter by letter), else a new one."""
    same = _open_checks(actor, location, metres=SAME_CHECK_METRES, since=at - SAME_CHECK_WITHIN, until=at)
    existing = same.filter(subject=subject).values_list("pk", flat=True).first()
    if existing is not None:
        return existing
    return Detection.objects.create(
        officer=actor,
        observed_at=at,
        received_at=at,
        location=location,
        accuracy_m=accuracy_m,
        gps_poor=gps_poor(accuracy_m),
        subject=subject,
        outcome=CHECKED,
        person_id=_person_id(id_number),
        area=area_containing(location),
        operation=running_operation_for(actor, location, at),
    ).pk


def _person_id(id_number: str) -> int | None:
    if not id_number:
        return None
    return InsuredPerson.objects.filter(id_number=id_number).values_list("pk", flat=True).first()


# The open check a tap completes: the one it names (check_id), if still open and the officer's;
# else the officer's latest open check made just before, close by (index detection_officer_checked).
_OPEN_CHECK_SQL = """
(SELECT d.id FROM detection_detection d
  WHERE d.officer_id = %(officer_id)s AND d.outcome = 'checked'
    AND (d.id = %(check_id)s OR (
      d.observed_at BETWEEN %(tap_since)s AND %(tap_until)s
      AND ST_DWithin(d.location, {point}::geography, %(tap_metres)s)))
  ORDER BY d.id = %(check_id)s DESC NULLS LAST, d.observed_at DESC LIMIT 1)
"""


def open_check_id_sql(point_sql: str) -> str:
    return _OPEN_CHECK_SQL.replace("{point}", point_sql)


def still_open(check_id: int | None) -> Detection | None:
    """The open check, locked; None if another tap completed it meanwhile (this one is then a
    detection of its own)."""
    if check_id is None:
        return None
    return Detection.objects.select_for_update().filter(pk=check_id, outcome=CHECKED).first()


def _open_checks(officer: User, point: Point, *, metres: int, since: datetime, until: datetime):
    """The officer's open checks near a point, newest first (index detection_officer_checked)."""
    return Detection.objects.filter(
        officer=officer,
        outcome=CHECKED,
        observed_at__gte=since,
        observed_at__lte=until,
        location__dwithin=(point, D(m=metres)),
    ).order_by("-observed_at")


def lookup_made(sender, *, actor: User, subject: str, location: Point, at: datetime, **details) -> int:
    """Receiver of registry.signals.lookup_made; its answer is the check's id."""
    return count_lookup(
        actor=actor,
        subject=subject,
        location=location,
        at=at,
        accuracy_m=details.get("accuracy_m"),
        id_number=details.get("id_number", ""),
    )
