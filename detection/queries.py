"""Reads, named for the screen they serve, with their joins already applied."""

from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from nforce.models import User
from nforce.scoping import visible_to

from .models import Detection, Operation, Premises
from .operations import running_at

# A day of field work is a few dozen checks; a cap keeps a runaway device from making the
# map and the list slow.
MAX_DETECTIONS_SHOWN = 500


def start_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def detections_for_officer_map(*, officer: User, since: datetime) -> QuerySet[Detection]:
    """The officer's own detections since a moment, newest first (map and list of "My detections")."""
    return (
        Detection.objects.filter(officer=officer, observed_at__gte=since)
        .select_related("employer", "premises")
        .order_by("-observed_at")[:MAX_DETECTIONS_SHOWN]
    )


def detections_since_days(*, officer: User, days: int, today: date) -> QuerySet[Detection]:
    """Today (days=1) or the last `days` days, by the Malaysian calendar."""
    return detections_for_officer_map(officer=officer, since=start_of_day(today - timedelta(days=days - 1)))


def premises_with_history(
    premises_id: int, *, among: QuerySet[Premises] | None = None
) -> tuple[Premises, QuerySet[Detection]]:
    """A premises and every detection behind it, oldest first: how it was found and joined.

    `among` is what the viewer may see (nforce.scoping.visible_to); outside it, DoesNotExist.
    """
    premises = (
        (among if among is not None else Premises.objects)
        .select_related("area", "created_by", "registered_employer", "merged_into")
        .get(pk=premises_id)
    )
    history = premises.detections.select_related("officer").order_by("observed_at")
    return premises, history


def photo_visible_to(user: User, *, name: str) -> bool:
    """Whether `user` may see the signboard photo stored as `name` (a path under MEDIA_ROOT): as
    the detection it belongs to, or as its premises (whose page shows every detection's photo).
    A file no detection names is nobody's."""
    seen = Q(pk__in=visible_to(user, Detection).values("pk")) | Q(
        premises__in=visible_to(user, Premises).values("pk")
    )
    return Detection.objects.filter(seen, photo=name).exists()


def operations_for_list(
    *, among: QuerySet[Operation], active_at: datetime | None = None
) -> QuerySet[Operation]:
    """Operations as the list and the API show them, latest start first; running ones only with
    `active_at`."""
    shown = among.select_related("office").prefetch_related("areas", "team").order_by("-starts_at", "pk")
    return shown.filter(running_at(active_at)) if active_at is not None else shown


def detection_with_workers(detection_id: int, *, among: QuerySet[Detection] | None = None) -> Detection:
    """A detection's page: who, where, the operation, and the workers found (DoesNotExist outside `among`)."""
    return (
        (among if among is not None else Detection.objects)
        .select_related("officer", "employer", "premises", "area", "operation")
        .prefetch_related("workers")
        .get(pk=detection_id)
    )
