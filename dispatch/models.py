"""Who follows up where: inspectors (areas served, capacity, leave) and their assignments."""

from datetime import date

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from detection.models import Premises
from nforce.fields import optional_foreign_key
from nforce.models import Area, User
from registry.models import Employer


class InspectorQuerySet(models.QuerySet["Inspector"]):
    def available_on(self, on: date) -> "InspectorQuerySet":
        """Inspectors who may take work on that day: active, login active, not on leave."""
        on_leave = Q(leave_from__lte=on) & (Q(leave_until__isnull=True) | Q(leave_until__gte=on))
        return self.filter(active=True, user__is_active=True).exclude(on_leave)


class Inspector(models.Model):
    """A member of staff who follows up unregistered premises in the areas they serve."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="inspector",
    )
    areas = models.ManyToManyField(
        Area, verbose_name=_("areas served"), related_name="inspectors", blank=True
    )
    capacity = models.PositiveIntegerField(_("capacity (open cases)"), default=20)
    base_location = models.PointField(_("base"), geography=True, srid=4326, null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    # On leave from leave_from to leave_until, both included; no end date means until further notice.
    leave_from = models.DateField(_("on leave from"), null=True, blank=True)
    leave_until = models.DateField(_("on leave until"), null=True, blank=True)

    objects = InspectorQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspector")
        verbose_name_plural = _("inspectors")
        constraints = [
            models.CheckConstraint(
                condition=Q(leave_until__isnull=True)
                | (Q(leave_from__isnull=False) & Q(leave_until__gte=models.F("leave_from"))),
                name="inspector_leave_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    def is_on_leave(self, on: date) -> bool:
        if self.leave_from is None or on < self.leave_from:
            return False
        return self.leave_until is None or on <= self.leave_until


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def live(self) -> "AssignmentQuerySet":
        """Not closed: the premises is still the inspector's case (open, or visited and followed up)."""
        return self.exclude(status=Assignment.Status.CLOSED)


class Assignment(models.Model):
    """One premises given to one inspector to follow up, and what came of it."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        VISITED = "visited", _("visited, follow-up")
        CLOSED = "closed", _("closed")

    class Outcome(models.TextChoices):
        REGISTERED = "registered", _("registered")
        NOTICE_ISSUED = "notice_issued", _("notice issued")
        CEASED = "ceased", _("ceased trading")
        MOVED = "moved", _("moved")
        REFUSED = "refused", _("refused")
        NOT_FOUND = "not_found", _("not found")

    premises = models.ForeignKey(
        Premises, verbose_name=_("premises"), on_delete=models.PROTECT, related_name="assignments"
    )
    inspector = models.ForeignKey(
        Inspector, verbose_name=_("inspector"), on_delete=models.PROTECT, related_name="assignments"
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    employer = optional_foreign_key(
        Employer, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True)
    visit_location = models.PointField(
        _("position of the visit"), geography=True, srid=4326, null=True, blank=True
    )
    visited_at = models.DateTimeField(_("visited at"), null=True, blank=True)
    # Why it went to this inspector: English words for logs and the admin, and the numbers
    # (dispatch.presenting.reason_text) so that pages render it again in the reader's language.
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    reason_data = models.JSONField(_("reason (data)"), default=dict, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = optional_foreign_key(
        User, verbose_name=_("closed by"), on_delete=models.PROTECT, related_name="+"
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [
            models.Index(fields=["inspector", "status"], name="assignment_inspector_status"),
            # The dashboard rollups refresh one day at a time by these two dates.
            models.Index(fields=["assigned_at"], name="assignment_assigned_at"),
            models.Index(fields=["closed_at"], name="assignment_closed_at"),
        ]
        constraints = [
            # Two dispatch runs at once, or a run racing a supervisor, can never give one premises
            # to two inspectors: the database refuses a second live assignment.
            models.UniqueConstraint(
                fields=["premises"],
                condition=~Q(status="closed"),
                name="assignment_one_open_per_premises",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="registered") | Q(employer__isnull=False),
                name="assignment_registered_has_employer",
            ),
            models.CheckConstraint(
                condition=Q(status="closed") | Q(closed_at__isnull=True),
                name="assignment_closed_at_only_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.premises} → {self.inspector}"

    def is_overdue(self, on: date) -> bool:
        return self.status != self.Status.CLOSED and self.due_on < on


class OutcomeRecord(models.Model):
    """One outcome as the inspector sent it, keyed by the UUID the phone made for it.

    A phone that lost the answer (a lift, a basement) sends the same outcome again with the same
    client_uuid: the stored record answers it, as it answered the first time, and nothing is
    applied twice (no second note, no second follow-up date, no second audit row).
    """

    client_uuid = models.UUIDField(_("client UUID"), unique=True)
    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.PROTECT, related_name="outcome_records"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Assignment.Outcome.choices)
    employer = optional_foreign_key(
        Employer, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True)
    position = models.PointField(_("position"), geography=True, srid=4326, null=True, blank=True)
    # What the first answer said, so that a replay says the same even after later outcomes.
    status_after = models.CharField(_("status after"), max_length=16, choices=Assignment.Status.choices)
    due_on_after = models.DateField(_("due on after"))

    class Meta:
        verbose_name = _("outcome record")
        verbose_name_plural = _("outcome records")

    def __str__(self) -> str:
        return f"{self.assignment_id}: {self.outcome} ({self.client_uuid})"
