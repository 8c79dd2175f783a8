"""Enforcement: a case per non-compliant premises, its findings, its moves, the compound schedule
and the counters behind notice and compound numbers."""

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from detection.models import Detection, DetectionWorker, Operation, Premises
from nforce.fields import optional_foreign_key
from nforce.models import Area, Office, User
from registry.models import Employer


class State(models.TextChoices):
    OPEN = "open", _("open")
    NOTICE_ISSUED = "notice_issued", _("notice issued")
    COMPOUNDED = "compounded", _("compounded")
    PAID = "paid", _("compound paid")
    WAIVED = "waived", _("waived")
    REFERRED = "referred_for_prosecution", _("referred for prosecution")
    CLOSED = "closed", _("closed")


class Section(models.TextChoices):
    ACT4_S4 = "act4_s4", _("Act 4 s.4: employer not registered")
    ACT4_S5 = "act4_s5", _("Act 4 s.5: employee not registered")
    ACT800_S14 = "act800_s14", _("Act 800 s.14: employer not registered")
    ACT800_S16 = "act800_s16", _("Act 800 s.16: employee not registered")
    ARREARS = "arrears", _("registered, not contributing (arrears)")


class CaseQuerySet(models.QuerySet["Case"]):
    def live(self) -> "CaseQuerySet":
        return self.exclude(state=State.CLOSED)


class Case(models.Model):
    """Everything found wrong at one premises, and what enforcement did about it."""

    premises = models.ForeignKey(
        Premises, verbose_name=_("premises"), on_delete=models.PROTECT, related_name="cases"
    )
    employer = optional_foreign_key(
        Employer, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="+"
    )
    # Null only when neither the premises' area nor the finding officer has an office: such a case
    # cannot be numbered until an administrator gives it one.
    office = optional_foreign_key(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    area = optional_foreign_key(Area, verbose_name=_("area"), on_delete=models.SET_NULL, related_name="+")
    # The operation of the first finding's detection (None: found outside any operation).
    operation = optional_foreign_key(
        Operation, verbose_name=_("operation"), on_delete=models.SET_NULL, related_name="cases"
    )
    state = models.CharField(_("state"), max_length=32, choices=State.choices, default=State.OPEN)
    inspector = optional_foreign_key(
        User, verbose_name=_("inspector"), on_delete=models.PROTECT, related_name="cases"
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    days_to_registration = models.PositiveIntegerField(_("days to registration"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    notice_number = models.CharField(_("notice number"), max_length=40, blank=True)
    notice_issued_at = models.DateTimeField(_("notice issued at"), null=True, blank=True)
    notice_due = models.DateField(_("register by"), null=True, blank=True)
    compound_number = models.CharField(_("compound number"), max_length=40, blank=True)
    compounded_at = models.DateTimeField(_("compounded at"), null=True, blank=True)
    compound_amount_rm = models.DecimalField(
        _("compound amount (RM)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    compound_due = models.DateField(_("pay by"), null=True, blank=True)
    paid_rm = models.DecimalField(_("paid (RM)"), max_digits=10, decimal_places=2, null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["inspector", "state"], name="case_inspector_state"),
            models.Index(fields=["office", "state"], name="case_office_state"),
        ]
        constraints = [
            # Two findings at once at one premises gather in one case: the second insert fails.
            models.UniqueConstraint(
                fields=["premises"], condition=~Q(state="closed"), name="case_one_open_per_premises"
            ),
            models.UniqueConstraint(
                fields=["notice_number"], condition=~Q(notice_number=""), name="case_notice_number_unique"
            ),
            models.UniqueConstraint(
                fields=["compound_number"],
                condition=~Q(compound_number=""),
                name="case_compound_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(compound_amount_rm__isnull=True) | Q(compound_amount_rm__gte=0),
                name="case_compound_amount_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.premises} · {self.get_state_display()}"


class Finding(models.Model):
    """One offence found at the premises, by the section of the Act it breaks."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="findings")
    detection = optional_foreign_key(
        Detection, verbose_name=_("detection"), on_delete=models.SET_NULL, related_name="+"
    )
    section = models.CharField(_("section"), max_length=16, choices=Section.choices)
    workers = models.PositiveIntegerField(_("workers"), default=0)
    foreign_workers = models.PositiveIntegerField(_("foreign workers"), default=0)
    found_at = models.DateTimeField(_("found at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["found_at", "id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            # A detection delivered twice (signal replays, a receiver run again) adds nothing.
            models.UniqueConstraint(fields=["detection", "section"], name="finding_once_per_detection"),
        ]

    def __str__(self) -> str:
        return self.get_section_display()


class CaseEvent(models.Model):
    """One move of a case: who, when, where, from which state to which, and with what."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=32)
    from_state = models.CharField(_("from"), max_length=32, blank=True)
    to_state = models.CharField(_("to"), max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    location = models.PointField(_("position"), geography=True, srid=4326, null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    # The phone's id for the move: a replay from its outbox finds this row and changes nothing.
    client_uuid = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state} → {self.to_state}"


class CompoundRate(models.Model):
    """One line of the compound schedule: an offence, a band of months unregistered, an amount,
    from a date, with where the figure comes from and how sure it is."""

    class Confidence(models.TextChoices):
        HIGH = "high", _("high")
        MEDIUM = "medium", _("medium")
        LOW = "low", _("low")

    section = models.CharField(_("offence"), max_length=16, choices=Section.choices)
    months_from = models.PositiveIntegerField(_("months unregistered, from"))
    months_to = models.PositiveIntegerField(_("months unregistered, below"), null=True, blank=True)
    amount_rm = models.DecimalField(_("amount (RM)"), max_digits=10, decimal_places=2)
    per_worker = models.BooleanField(_("per worker"), default=False)
    valid_from = models.DateField(_("valid from"))
    source = models.TextField(_("source"))
    confidence = models.CharField(_("confidence"), max_length=8, choices=Confidence.choices)

    class Meta:
        ordering = ["section", "valid_from", "months_from"]
        verbose_name = _("compound rate")
        verbose_name_plural = _("compound schedule")
        constraints = [
            models.UniqueConstraint(
                fields=["section", "valid_from", "months_from"], name="compound_rate_one_per_band"
            ),
            models.CheckConstraint(
                condition=Q(months_to__isnull=True) | Q(months_to__gt=models.F("months_from")),
                name="compound_rate_band_not_empty",
            ),
            models.CheckConstraint(condition=Q(amount_rm__gte=0), name="compound_rate_amount_positive"),
        ]

    def __str__(self) -> str:
        upper = self.months_to if self.months_to is not None else "…"
        return f"{self.section} {self.months_from}-{upper} months: RM{self.amount_rm} from {self.valid_from}"


class NumberCounter(models.Model):
    """The last number given per office, year and kind; locked FOR UPDATE while a number is taken,
    in the transaction that stores it, so a rollback gives the number back (no gaps)."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField()
    kind = models.CharField(max_length=16)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "year", "kind"], name="number_counter_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.office_id}/{self.year}/{self.kind}: {self.last}"


class Notification(models.Model):
    """An in-app message to one member of staff (a notice or compound past due)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enforcement_notifications"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=32)
    due = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # The escalation job runs every hour: one message per case, kind and due date.
            models.UniqueConstraint(fields=["user", "case", "kind", "due"], name="notification_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.case_id}"


class WorkerRegistration(models.Model):
    """A worker found unregistered at the case's premises whom the registry now holds under the
    case's employer (enforcement/workers.py): the s.5 part of the case, worker by worker."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="worker_registrations"
    )
    worker = models.OneToOneField(
        DetectionWorker, verbose_name=_("worker"), on_delete=models.CASCADE, related_name="registration"
    )
    foreign = models.BooleanField(_("foreign worker (passport)"), default=False)
    registered_at = models.DateTimeField(_("registered at"))

    class Meta:
        ordering = ["registered_at", "id"]
        verbose_name = _("worker registered")
        verbose_name_plural = _("workers registered")

    def __str__(self) -> str:
        return f"{self.case_id} · {self.worker_id}"
