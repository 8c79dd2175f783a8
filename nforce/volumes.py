"""Unusual lookup volumes: who looked up far more than usual, or hit the quota (read from the audit log).

A stolen or misused login shows as a member of staff whose lookups jump well above their own
habit. Each person is compared with themselves: the median of their lookups per working day over
the four weeks before the last seven days (a day without lookups is not a working day).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .models import AuditEvent, User
from .permissions import role_required, signed_in_user
from .roles import Role
from .scoping import visible_to

# Audit actions that read a person's or an employer's record (registry, eligibility, detection).
LOOKUP_ACTIONS = (
    "employer.search",
    "person.check",
    "eligibility.invalidity",
    "eligibility.survivors",
    "eligibility.employer",
    "eligibility.worker",  # each worker an employer check showed: a lookup of that person
    "detection.person",
)
QUOTA_REFUSED = "quota.exceeded"
BASELINE_DAYS = 28
RECENT_DAYS = 7
# Unusual: more than FACTOR times one's own median per working day, and at least FLOOR lookups
# (3 instead of 1 is not worth a supervisor's attention). With no history, twice the floor.
FACTOR = 3
FLOOR = 30


@dataclass(frozen=True)
class StaffVolume:
    staff: User
    last_24h: int
    last_7d: int
    per_day_7d: float | None  # mean per working day in the last 7 days
    median_per_day: float | None  # the baseline; None when there is no history
    refusals_7d: int
    reasons: tuple[str, ...]  # "day_above_usual", "week_above_usual", "no_history", "quota_refused"

    @property
    def unusual(self) -> bool:
        return bool(self.reasons)


def lookup_volumes(*, viewer: User, now: datetime) -> list[StaffVolume]:
    """Every member of staff the viewer supervises who looked anything up in the last five weeks."""
    events = visible_to(viewer, AuditEvent)
    recent = _recent_counts(events, now=now)
    daily = _daily_counts(events, now=now)
    staff = visible_to(viewer, User).filter(pk__in=set(recent) | set(daily)).order_by("full_name")
    volumes = [_volume(person, recent.get(person.pk, {}), daily.get(person.pk, {}), now) for person in staff]
    return sorted(volumes, key=lambda volume: (not volume.unusual, -volume.last_24h))


def _recent_counts(events, *, now: datetime) -> dict[int, dict]:
    lookups = Q(action__in=LOOKUP_ACTIONS)
    rows = (
        events.filter(lookups | Q(action=QUOTA_REFUSED), at__gte=now - timedelta(days=RECENT_DAYS))
        .filter(actor__isnull=False)
        .values("actor")
        .annotate(
            last_24h=Count("pk", filter=lookups & Q(at__gte=now - timedelta(days=1))),
            last_7d=Count("pk", filter=lookups),
            refusals_7d=Count("pk", filter=Q(action=QUOTA_REFUSED)),
        )
        .order_by()
    )
    return {row.pop("actor"): row for row in rows}


def _daily_counts(events, *, now: datetime) -> dict[int, dict]:
    """Lookups per actor per calendar day (Malaysian time), over the baseline and the recent week."""
    rows = (
        events.filter(
            action__in=LOOKUP_ACTIONS,
            actor__isnull=False,
            at__gte=now - timedelta(days=BASELINE_DAYS + RECENT_DAYS),
        )
        .annotate(day=TruncDate("at", tzinfo=timezone.get_current_timezone()))
        .values("actor", "day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found: dict[int, dict] = {}
    for row in rows:
        found.setdefault(row["actor"], {})[row["day"]] = row["n"]
    return found


def _volume(person: User, recent: dict, daily: dict, now: datetime) -> StaffVolume:
    week_start = timezone.localdate(now) - timedelta(days=RECENT_DAYS - 1)
    baseline = [n for day, n in daily.items() if day < week_start]
    week = [n for day, n in daily.items() if day >= week_start]
    usual = median(baseline) if baseline else None
    per_day = sum(week) / len(week) if week else None
    counts = {"last_24h": 0, "last_7d": 0, "refusals_7d": 0, **recent}
    return StaffVolume(
        staff=person,
        median_per_day=usual,
        per_day_7d=round(per_day, 1) if per_day is not None else None,
        reasons=_reasons(usual=usual, per_day=per_day, **counts),
        **counts,
    )


def _reasons(*, usual, per_day, last_24h: int, last_7d: int, refusals_7d: int) -> tuple[str, ...]:
    reasons = []
    if usual is None and last_24h >= 2 * FLOOR:
        reasons.append("no_history")
    if usual is not None and last_24h >= FLOOR and last_24h > FACTOR * usual:
        reasons.append("day_above_usual")
    if usual is not None and per_day is not None and last_7d >= FLOOR and per_day > FACTOR * usual:
        reasons.append("week_above_usual")
    if refusals_7d:
        reasons.append("quota_refused")
    return tuple(reasons)


REASON_TEXT = {
    "no_history": _("many lookups and no history to compare with"),
    "day_above_usual": _("last 24 hours far above their usual day"),
    "week_above_usual": _("last 7 days far above their usual day"),
    "quota_refused": _("refused for going over the lookup quota"),
}


@never_cache
@role_required(Role.SUPERVISOR)
@require_GET
def lookup_volumes_page(request: HttpRequest) -> HttpResponse:
    volumes = lookup_volumes(viewer=signed_in_user(request), now=timezone.now())
    rows = [{"volume": volume, "why": [REASON_TEXT[code] for code in volume.reasons]} for volume in volumes]
    context = {"rows": rows, "factor": FACTOR, "floor": FLOOR, "baseline_days": BASELINE_DAYS}
    return render(request, "nforce/volumes.html", context)
