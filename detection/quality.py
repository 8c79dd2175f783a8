"""Data quality: the detections a supervisor should look at, and the decisions made on them.

The queue holds the detections with a poor GPS fix or a trust flag (detection.trust computes
them as a check is stored) and the sightings joined to a premises recorded nearby by the likeness
of names alone (detection.premises). A supervisor accepts one (it counts as it is), rejects it
(it counts in no figure, and a premises seen only in rejected checks is excluded), merges its
premises into another nearby, or splits it off into a premises of its own. Every decision is
kept (QualityDecision: who, when, why) and audited.
"""

from dataclasses import dataclass
from enum import StrEnum
from functools import partial

from django.contrib.gis.db.models.functions import Distance, GeometryDistance
from django.contrib.gis.measure import D
from django.db import transaction
from django.db.models import Count, Max, Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from nforce.areas import area_containing
from nforce.audit import record_event
from nforce.models import User
from nforce.problems import Refused
from nforce.scoping import in_office_areas, office_of, visible_to
from registry.names import name_key

from .matching import MERGE_RADIUS_M
from .models import JOINED_BY_NAME, TO_REVIEW, Detection, Premises, QualityDecision
from .placing import announce_premises_changed
from .premises import lock_cells_around

# Premises that are no longer premises of their own: no figure counts them (dashboard).
UNCOUNTED_PREMISES = (Premises.Status.MERGED.value, Premises.Status.EXCLUDED.value)
# Two records of one shop may lie further apart than the automatic join allows (one fix poor,
# the other good): a supervisor may merge premises up to this far apart.
MERGE_REVIEW_RADIUS_M = 4 * MERGE_RADIUS_M
_REVIEW_RADIUS = D(m=MERGE_REVIEW_RADIUS_M)
# premises_match of a detection a supervisor split off (detection.presenting says it in words).
SPLIT_OFF = "split off by a supervisor"

Action = QualityDecision.Action


class Reason(StrEnum):
    """Why a detection is in the queue."""

    POOR_FIX = "poor_fix"
    TRUST_FLAG = "trust_flag"
    JOINED_BY_NAME = "joined_by_name"


class DecisionRefused(Refused):
    """The decision cannot be made: the form field it concerns, and why (translated).
    `conflict`: the detection changed meanwhile (already decided), not a wrong input."""

    def __init__(self, field: str, message: str, *, conflict: bool = False) -> None:
        super().__init__(field=field, message=message, conflict=conflict)


@dataclass(frozen=True)
class Decided:
    decision: QualityDecision
    changed_premises: tuple[int, ...]


def reasons_of(detection: Detection) -> list[Reason]:
    reasons = []
    if detection.gps_poor:
        reasons.append(Reason.POOR_FIX)
    if detection.trust_flags:
        reasons.append(Reason.TRUST_FLAG)
    if JOINED_BY_NAME in detection.premises_match:
        reasons.append(Reason.JOINED_BY_NAME)
    return reasons


# --- reads -------------------------------------------------------------------------------------


def reviewable_by(user: User) -> QuerySet[Detection]:
    """What a supervisor decides on: the detections of their own office; an administrator, all."""
    return _in_own_office(user, visible_to(user, Detection))


def premises_reviewable_by(user: User) -> QuerySet[Premises]:
    return _in_own_office(user, visible_to(user, Premises))


def _in_own_office(user: User, among: QuerySet) -> QuerySet:
    # visible_to() also shows a supervisor their own checks, wherever made: not theirs to judge.
    return among if user.is_superuser else among.filter(in_office_areas(office_of(user)))


def detections_to_review(*, among: QuerySet[Detection], reason: str = "") -> QuerySet[Detection]:
    """The queue: detections no supervisor has decided on yet, newest first (index
    detection_to_review). `among` is what the supervisor may review (their office's)."""
    waiting = among.filter(TO_REVIEW)
    if reason == Reason.POOR_FIX:
        waiting = waiting.filter(gps_poor=True)
    elif reason == Reason.TRUST_FLAG:
        waiting = waiting.exclude(trust_flags=[])
    elif reason == Reason.JOINED_BY_NAME:
        waiting = waiting.filter(premises_match__contains=JOINED_BY_NAME)
    return waiting.select_related("officer", "area", "premises", "employer").order_by("-observed_at", "-id")


def merge_candidates(premises: Premises, *, among: QuerySet[Premises]) -> QuerySet[Premises]:
    """Open premises near this one that it may be merged into, nearest first (`distance`).
    Unsliced: the radius keeps it to a street's worth, and a form validates a choice in it."""
    return (
        among.filter(status=Premises.Status.OPEN, location__dwithin=(premises.location, _REVIEW_RADIUS))
        .exclude(pk=premises.pk)
        .select_related("area")
        .annotate(distance=Distance("location", premises.location))
        .order_by(GeometryDistance("location", premises.location), "pk")
    )


def decisions_on(detection: Detection) -> QuerySet[QualityDecision]:
    return detection.quality_decisions.select_related("decided_by", "premises", "other_premises")


# --- writes ------------------------------------------------------------------------------------


@transaction.atomic
def decide(
    *,
    detection_id: int,
    action: str,
    reason: str,
    by: User,
    among: QuerySet[Detection],
    into: Premises | None = None,
    client_address: str | None = None,
) -> Decided:
    """Record a supervisor's decision on a detection of the queue, and apply it.

    `among`: the detections `by` may review (outside it, Detection.DoesNotExist). `into`: for a
    merge, the premises the detection's premises is merged into (one of merge_candidates())."""
    detection = among.select_for_update(of=("self",)).get(pk=detection_id)
    if detection.review:
        raise DecisionRefused(
            "action", _("A supervisor has already decided on this detection."), conflict=True
        )
    if not reasons_of(detection):
        raise DecisionRefused("action", _("This detection is not in the data-quality queue."))
    if not reason.strip():
        raise DecisionRefused("reason", _("Say why: the decision is kept with its reason."))
    apply = {Action.ACCEPT: _accept, Action.REJECT: _reject, Action.MERGE: _merge, Action.SPLIT: _split}
    if action not in apply:
        raise DecisionRefused("action", _("Choose a decision."))
    decision, changed = apply[Action(action)](detection, into=into)
    decision.detection, decision.reason, decision.decided_by = detection, reason.strip(), by
    decision.save()
    _audit(decision, client_address=client_address)
    if changed:
        why = {Action.REJECT: "excluded", Action.MERGE: "merged", Action.SPLIT: "split"}[Action(action)]
        transaction.on_commit(partial(announce_premises_changed, list(changed), why))
    return Decided(decision=decision, changed_premises=tuple(changed))


def _accept(detection: Detection, *, into: Premises | None) -> tuple[QualityDecision, list[int]]:
    _reviewed(detection, Detection.Review.ACCEPTED)
    return QualityDecision(action=Action.ACCEPT, premises=detection.premises), []


def _reject(detection: Detection, *, into: Premises | None) -> tuple[QualityDecision, list[int]]:
    _reviewed(detection, Detection.Review.REJECTED)
    changed = []
    for premises in _locked(detection.premises_id):
        was = premises.status
        _recount(premises)
        changed += [premises.pk] if premises.status != was else []
    return QualityDecision(action=Action.REJECT, premises=detection.premises), changed


def _merge(detection: Detection, *, into: Premises | None) -> tuple[QualityDecision, list[int]]:
    if detection.premises_id is None:
        raise DecisionRefused("action", _("This detection has no premises to merge."))
    if into is None:
        raise DecisionRefused("into", _("Choose the premises to merge into."))
    if into.pk == detection.premises_id:
        raise DecisionRefused("into", _("A premises cannot be merged into itself."))
    merged, kept = _both_open(detection.premises_id, into.pk)
    if not Premises.objects.filter(pk=kept.pk, location__dwithin=(merged.location, _REVIEW_RADIUS)).exists():
        raise DecisionRefused(
            "into",
            _("Only premises within %(metres)s m of each other can be merged.")
            % {"metres": MERGE_REVIEW_RADIUS_M},
        )
    for moved in merged.detections.all():
        moved.premises = kept
        moved.save(update_fields=["premises"])  # one by one: the dashboard refreshes their days
    _fill_blanks(kept, merged)
    _recount(kept)
    merged.status, merged.merged_into, merged.closed_at = Premises.Status.MERGED, kept, timezone.now()
    merged.save(update_fields=["status", "merged_into", "closed_at"])
    detection.refresh_from_db(fields=["premises"])
    _reviewed(detection, Detection.Review.ACCEPTED)
    decision = QualityDecision(action=Action.MERGE, premises=kept, other_premises=merged)
    return decision, [kept.pk, merged.pk]


def _split(detection: Detection, *, into: Premises | None) -> tuple[QualityDecision, list[int]]:
    premises = _locked(detection.premises_id)
    if not premises:
        raise DecisionRefused("action", _("This detection has no premises to split off from."))
    joined = premises[0]
    if joined.detections.exclude(pk=detection.pk).count() == 0:
        raise DecisionRefused(
            "action", _("This detection is the only one of its premises: nothing to split.")
        )
    opened = _premises_of_its_own(detection)
    detection.premises, detection.premises_match = opened, SPLIT_OFF
    detection.review = Detection.Review.ACCEPTED
    detection.save(update_fields=["premises", "premises_match", "review"])
    _recount(joined)
    return QualityDecision(action=Action.SPLIT, premises=joined, other_premises=opened), [
        joined.pk,
        opened.pk,
    ]


def _reviewed(detection: Detection, review: str) -> None:
    detection.review = review
    detection.save(update_fields=["review"])  # post_save: the dashboard refreshes its day


def _locked(*premises_ids: int | None) -> list[Premises]:
    """The premises, locked in id order, after the cells around them (as a sighting takes them:
    no officer joins a premises while a supervisor merges or splits it)."""
    ids = sorted(pk for pk in premises_ids if pk is not None)
    if not ids:
        return []
    lock_cells_around(*Premises.objects.filter(pk__in=ids).values_list("location", flat=True))
    return list(Premises.objects.select_for_update().filter(pk__in=ids).order_by("pk"))


def _both_open(merged_id: int, kept_id: int) -> tuple[Premises, Premises]:
    by_id = {premises.pk: premises for premises in _locked(merged_id, kept_id)}
    merged, kept = by_id.get(merged_id), by_id.get(kept_id)
    if merged is None or kept is None:
        raise DecisionRefused("into", _("That premises no longer exists."))
    if merged.status != Premises.Status.OPEN or kept.status != Premises.Status.OPEN:
        raise DecisionRefused(
            "into", _("Only two open (unregistered) premises can be merged."), conflict=True
        )
    return merged, kept


def _fill_blanks(kept: Premises, merged: Premises) -> None:
    """What one record left blank, the other may have seen (as a later sighting fills them)."""
    for name in ("address", "kind", "business_registration_no", "ssm_new", "ssm_old"):
        setattr(kept, name, getattr(kept, name) or getattr(merged, name))
    if kept.workers_seen is None or merged.last_detected_at > kept.last_detected_at:
        kept.workers_seen = merged.workers_seen if merged.workers_seen is not None else kept.workers_seen


def _recount(premises: Premises) -> None:
    """Its count and dates from its detections that still count; none left: excluded (when it
    was still open: a registration or a closure that happened stands)."""
    counted = premises.detections.exclude(review=Detection.Review.REJECTED).aggregate(
        n=Count("pk"), first=Min("observed_at"), last=Max("observed_at")
    )
    if counted["n"]:
        premises.detection_count = counted["n"]
        premises.first_detected_at, premises.last_detected_at = counted["first"], counted["last"]
    elif premises.status == Premises.Status.OPEN:
        premises.status, premises.closed_at = Premises.Status.EXCLUDED, timezone.now()
    premises.save()


def _premises_of_its_own(detection: Detection) -> Premises:
    joined = detection.premises
    assert joined is not None  # _split checked it
    name = detection.premises_name or joined.name
    return Premises.objects.create(
        name=name,
        name_key=name_key(name),
        address=detection.address,
        kind=detection.kind,
        location=detection.location,
        area=area_containing(detection.location),
        workers_seen=detection.workers_seen,
        first_detected_at=detection.observed_at,
        last_detected_at=detection.observed_at,
        detection_count=1,
        created_by=detection.officer,
    )


def _audit(decision: QualityDecision, *, client_address: str | None) -> None:
    record_event(
        actor=decision.decided_by,
        action=f"quality.{decision.action}",
        query={
            "detection": decision.detection_id,
            "premises": decision.premises_id,
            "other_premises": decision.other_premises_id,
        },
        result_count=1,
        client_address=client_address,
    )
