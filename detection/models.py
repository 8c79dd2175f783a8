"""What was seen in the field: detections (GPS-tagged checks) and unregistered premises."""

import uuid

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nforce.fields import optional_foreign_key
from nforce.models import Area, Office, User
from registry.models import Employer, InsuredPerson


class Operation(models.Model):
    """A planned enforcement campaign: a national Ops Kesan, a local raid, or an amnesty window
    (Ops Pemutihan) in which late registrants are not compounded. Detections made by its team
    inside its areas (or its drawn boundary) while it runs are tagged with it."""

    class Kind(models.TextChoices):
        DETECTION = "detection", _("detection (Ops Kesan or local raid)")
        AMNESTY = "amnesty", _("amnesty (Ops Pemutihan)")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.DETECTION)
    # None: a national operation, planned by an administrator.
    office = optional_foreign_key(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="operations"
    )
    areas = models.ManyToManyField(Area, verbose_name=_("areas"), blank=True, related_name="operations")
    boundary = models.MultiPolygonField(_("boundary drawn on the map"), srid=4326, null=True, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("team"), blank=True, related_name="operations"
    )
    created_by = optional_foreign_key(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("operation")
        verbose_name_plural = _("operations")
        indexes = [models.Index(fields=["starts_at", "ends_at"], name="operation_period")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="operation_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Premises(models.Model):
    """A business seen in the field that is not (yet) in the registry, followed up until it is."""

    class Status(models.TextChoices):
        OPEN = "open", _("unregistered, open")
        REGISTERED = "registered", _("registered")
        CEASED = "ceased", _("ceased trading")
        MOVED = "moved", _("moved away")
        NOT_FOUND = "not_found", _("not found")
        # Set by a supervisor's data-quality decision (detection.quality): no longer a premises of
        # its own, so counted nowhere and followed up by nobody.
        MERGED = "merged", _("merged into another premises")
        EXCLUDED = "excluded", _("excluded by a supervisor")

    name = models.CharField(_("signboard name"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False, default="")  # registry.names.name_key
    address = models.CharField(_("address"), max_length=300, blank=True)
    kind = models.CharField(_("kind of business"), max_length=120, blank=True)
    business_registration_no = models.CharField(_("business registration no."), max_length=40, blank=True)
    ssm_new = models.CharField(max_length=12, null=True, blank=True, db_index=True)
    ssm_old = models.CharField(max_length=20, null=True, blank=True, db_index=True)
    location = models.PointField(_("location"), geography=True, srid=4326)
    # Resolved once, when the premises is stored (nforce.areas.area_containing).
    area = optional_foreign_key(
        Area, verbose_name=_("area"), on_delete=models.SET_NULL, related_name="premises"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    workers_seen = models.PositiveIntegerField(_("workers seen"), null=True, blank=True)
    first_detected_at = models.DateTimeField(_("first detected"), default=timezone.now)
    last_detected_at = models.DateTimeField(_("last detected"), default=timezone.now)
    detection_count = models.PositiveIntegerField(_("detections"), default=0)
    created_by = optional_foreign_key(User, on_delete=models.PROTECT, related_name="+")
    # Set when the business appears in the registry (reconciliation or an inspector's outcome).
    registered_employer = optional_foreign_key(Employer, on_delete=models.SET_NULL, related_name="premises")
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    merged_into = optional_foreign_key(
        "self", verbose_name=_("merged into"), on_delete=models.PROTECT, related_name="merged_from"
    )

    class Meta:
        verbose_name = _("premises")
        verbose_name_plural = _("premises")
        indexes = [
            GinIndex(fields=["name_key"], name="premises_name_trgm", opclasses=["gin_trgm_ops"]),
            models.Index(fields=["status", "area"], name="premises_status_area"),
            # The dashboard rollups refresh one day at a time by these two dates.
            models.Index(fields=["first_detected_at"], name="premises_first_detected"),
            models.Index(fields=["registered_at"], name="premises_registered_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="registered") | Q(registered_employer__isnull=False),
                name="premises_registered_has_employer",
            ),
            models.CheckConstraint(
                condition=Q(status="merged", merged_into__isnull=False)
                | (~Q(status="merged") & Q(merged_into__isnull=True)),
                name="premises_merged_names_the_kept",
            ),
        ]

    def __str__(self) -> str:
        return self.name


# Detections a supervisor should look at (detection.quality): a poor fix, a trust flag, or a
# sighting joined to a premises recorded nearby by the likeness of names alone.
JOINED_BY_NAME = ", name "  # in premises_match: "joined: 18 m, name 0.82" (detection.premises)
TO_REVIEW = Q(review="") & (
    Q(gps_poor=True) | ~Q(trust_flags=[]) | Q(premises_match__contains=JOINED_BY_NAME)
)


class Detection(models.Model):
    """One check made in the field, with where and when it was made. Idempotent on client_uuid."""

    class Subject(models.TextChoices):
        EMPLOYER = "employer", _("employer")
        PERSON = "person", _("insured person")
        PREMISES = "premises", _("premises")

    class Outcome(models.TextChoices):
        """What the inspection found. The strings are a contract (enforcement reads them);
        "registered_contributing" is still accepted on input as the synonym of "compliant"
        (detection.outcomes.SYNONYMS). CHECKED is no finding: a lookup made with a position,
        counted as a check, not (yet) completed by the officer's tap."""

        COMPLIANT = "compliant", _("compliant: registered and contributing")
        REGISTERED_NOT_CONTRIBUTING = "registered_not_contributing", _("registered, not contributing")
        NOT_LIABLE = "not_liable", _("not liable: no employees")
        UNREGISTERED = "unregistered", _("unregistered")
        EMPLOYEES_NOT_REGISTERED = "employees_not_registered", _("employees not registered")
        CEASED = "ceased", _("ceased")
        REFUSED = "refused", _("refused the inspection")
        NOT_FOUND = "not_found", _("not found")
        CHECKED = "checked", _("checked, no outcome recorded")

    class Review(models.TextChoices):
        ACCEPTED = "accepted", _("accepted by a supervisor")
        REJECTED = "rejected", _("rejected by a supervisor: excluded from the figures")

    client_uuid = models.UUIDField(_("client UUID"), unique=True, default=uuid.uuid4)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        related_name="detections",
        db_index=False,  # the first column of detection_officer_time
    )
    observed_at = models.DateTimeField(_("observed at (device)"))
    received_at = models.DateTimeField(_("received at (server)"), default=timezone.now)
    location = models.PointField(_("position"), geography=True, srid=4326)
    accuracy_m = models.FloatField(_("GPS accuracy (m)"), null=True, blank=True)
    subject = models.CharField(_("what was checked"), max_length=16, choices=Subject.choices)
    outcome = models.CharField(_("outcome"), max_length=32, choices=Outcome.choices)
    employer = optional_foreign_key(Employer, on_delete=models.SET_NULL, related_name="detections")
    person = optional_foreign_key(InsuredPerson, on_delete=models.SET_NULL, related_name="+")
    premises = optional_foreign_key(Premises, on_delete=models.SET_NULL, related_name="detections")
    # How this detection was joined to its premises, in words (e.g. "joined: 18 m, name 0.82").
    premises_match = models.CharField(max_length=200, blank=True)
    area = optional_foreign_key(Area, on_delete=models.SET_NULL, related_name="+")
    operation = optional_foreign_key(
        Operation, verbose_name=_("operation"), on_delete=models.SET_NULL, related_name="detections"
    )
    premises_name = models.CharField(_("signboard name"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    kind = models.CharField(_("kind of business"), max_length=120, blank=True)
    workers_seen = models.PositiveIntegerField(_("workers seen"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    photo = models.ImageField(_("signboard photo"), upload_to="detections/%Y/%m/", blank=True)
    gps_poor = models.BooleanField(_("poor GPS fix"), default=False)
    trust_flags = ArrayField(models.CharField(max_length=32), default=list, blank=True)
    # A supervisor's data-quality decision (detection.quality); blank until one is made. A rejected
    # detection counts in no figure.
    review = models.CharField(_("review"), max_length=16, choices=Review.choices, blank=True)
    # Hash of the submitted body: a replay with the same UUID and another body is a conflict.
    payload_hash = models.CharField(max_length=64, editable=False, default="")

    class Meta:
        ordering = ["-observed_at"]
        verbose_name = _("detection")
        verbose_name_plural = _("detections")
        indexes = [
            models.Index(fields=["officer", "-observed_at"], name="detection_officer_time"),
            models.Index(fields=["observed_at"], name="detection_time"),
            # The data-quality queue: the few detections still waiting for a supervisor's review.
            models.Index(fields=["-observed_at"], name="detection_to_review", condition=TO_REVIEW),
            # "Every check counts": the officer's open checks, found again when the tap completes one.
            models.Index(
                fields=["officer", "-observed_at"],
                name="detection_officer_checked",
                condition=Q(outcome="checked"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(accuracy_m__isnull=True) | Q(accuracy_m__gte=0),
                name="detection_accuracy_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} @ {self.observed_at:%Y-%m-%d %H:%M}"


class QualityDecision(models.Model):
    """A supervisor's decision on a detection of the data-quality queue: who, when, why."""

    class Action(models.TextChoices):
        ACCEPT = "accept", _("accepted")
        REJECT = "reject", _("rejected (excluded from the figures)")
        MERGE = "merge", _("premises merged")
        SPLIT = "split", _("split off into its own premises")

    action = models.CharField(_("decision"), max_length=16, choices=Action.choices)
    detection = models.ForeignKey(
        Detection, verbose_name=_("detection"), on_delete=models.PROTECT, related_name="quality_decisions"
    )
    # The detection's premises before the decision (merge: the one kept).
    premises = optional_foreign_key(
        Premises, verbose_name=_("premises"), on_delete=models.PROTECT, related_name="+"
    )
    # Merge: the premises merged into the kept one. Split: the premises opened for the detection.
    other_premises = optional_foreign_key(Premises, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("data-quality decision")
        verbose_name_plural = _("data-quality decisions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(action__in=["merge", "split"]) | Q(other_premises__isnull=False),
                name="quality_decision_names_other_premises",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} @ {self.decided_at:%Y-%m-%d %H:%M}"


class DetectionWorker(models.Model):
    """A worker found on site at a detection. The ID number is never stored here: only the audit's
    keyed hash (to match the same worker elsewhere) and its last digits (to read it back to the
    employer). `registered`: under this detection's employer, per the registry at the check."""

    detection = models.ForeignKey(Detection, on_delete=models.CASCADE, related_name="workers")
    id_hash = models.CharField(_("ID number (keyed hash)"), max_length=100)
    masked = models.CharField(_("ID number"), max_length=40)
    name = models.CharField(_("name"), max_length=200, blank=True)
    foreign = models.BooleanField(_("foreign worker (passport)"), default=False)
    registered = models.BooleanField(_("registered under this employer"), default=False)
    person = optional_foreign_key(InsuredPerson, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("worker found on site")
        verbose_name_plural = _("workers found on site")
        constraints = [
            models.UniqueConstraint(fields=["detection", "id_hash"], name="detection_worker_once"),
        ]

    def __str__(self) -> str:
        return self.masked
