"""The ground floor's models: staff, offices, areas and the audit log. Every app may import this."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.gis.db import models
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .fields import optional_foreign_key

staff_number_validator = RegexValidator(
    r"^[A-Za-z0-9._-]{3,32}$",
    _("A staff number has 3 to 32 letters, digits, dots, dashes or underscores."),
)


class CodedPlace(models.Model):
    """An office or an area: known by a short code (imports, case numbers) and a name; shown with both."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Office(CodedPlace):
    """A branch office; supervisors see the areas of their own office."""

    state = models.CharField(_("state"), max_length=40)
    location = models.PointField(_("location"), geography=True, srid=4326, null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")


class Area(CodedPlace):
    """An enforcement locality: premises inside its boundary go to the inspectors serving it.

    Lives in the base app (beside Office) because a premises' area is resolved once, when the
    premises is stored (detection), and dispatch and dashboards read it.
    """

    office = optional_foreign_key(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="areas"
    )
    state = models.CharField(_("state"), max_length=40, blank=True)
    boundary = models.MultiPolygonField(_("boundary"), srid=4326)

    class Meta:
        ordering = ["code"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")


class StaffManager(BaseUserManager["User"]):
    """UserManager's methods, by staff number: createsuperuser passes the USERNAME_FIELD by name."""

    use_in_migrations = True

    def _create_user(
        self, staff_number: str, email: str | None, password: str | None, **extra_fields: Any
    ) -> "User":
        user = self.model(staff_number=staff_number, email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(
        self, staff_number: str, email: str | None = None, password: str | None = None, **extra_fields: Any
    ) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(staff_number, email, password, **extra_fields)

    def create_superuser(
        self, staff_number: str, email: str | None = None, password: str | None = None, **extra_fields: Any
    ) -> "User":
        extra_fields.update(is_staff=True, is_superuser=True)
        return self._create_user(staff_number, email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A member of staff. Logs in with the staff number printed on the staff card."""

    staff_number = models.CharField(
        _("staff number"), max_length=32, unique=True, validators=[staff_number_validator]
    )
    full_name = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("email"), blank=True)
    home_office = optional_foreign_key(
        Office, verbose_name=_("home office"), on_delete=models.PROTECT, related_name="staff"
    )
    is_staff = models.BooleanField(
        _("admin site access"), default=False, help_text=_("May log in to the admin site.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = StaffManager()

    USERNAME_FIELD = "staff_number"
    REQUIRED_FIELDS = ["full_name"]
    EMAIL_FIELD = "email"

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.staff_number})"

    def get_full_name(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # set_password() keeps the new password until the save: every change of it (the password
        # page, the admin, `changepassword`) revokes the login's API tokens, as a leak would need.
        password_changed = getattr(self, "_password", None) is not None and self.pk is not None
        super().save(*args, **kwargs)
        if password_changed:
            from .tokens import revoke_tokens  # knox's model needs this one loaded first

            revoke_tokens(user=self)

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.staff_number


class AuditEvent(models.Model):
    """One audited action. Append-only: a database trigger refuses UPDATE, DELETE and TRUNCATE.

    National IDs are never stored in clear: `subject_hash` is a keyed hash that names its key
    ("k1:<hex>", see nforce.audit.identifier_hash) so that an auditor can still match all the
    lookups of one person, across key changes (nforce.audit.events_about).
    """

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, verbose_name=_("by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=48, db_index=True)
    subject_hash = models.CharField(_("subject (keyed hash)"), max_length=80, blank=True)
    query = models.JSONField(_("query"), default=dict, blank=True)
    result_count = models.IntegerField(_("results"), null=True)
    location = models.PointField(_("position"), geography=True, srid=4326, null=True)
    client_address = models.GenericIPAddressField(_("client address"), null=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["actor", "-at"]), models.Index(fields=["subject_hash"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"
