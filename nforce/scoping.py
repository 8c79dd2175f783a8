"""Which rows a user may see: one scope per model, all in this module, so that no view forgets it.

Views, API views and selectors read through `visible_to(user, Model)` (or a QuerySet that mixes
in ScopedQuerySet: `Detection.objects.visible_to(user)`), and fetch one object with
`get_visible_or_404(user, Model, pk=...)`: an object outside the user's scope answers 404,
never 403, which would confirm that it exists.

Every model of the project has a scope here (a test enforces it); a model without one raises
instead of showing everything. Scopes name models by label and relations by lookup strings, so
this base module imports no app above it (nforce is imported by every app).
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, Q, QuerySet
from django.shortcuts import get_object_or_404

from .roles import Role, has_role

Scope = Callable[[QuerySet, object], QuerySet]
_SCOPES: dict[str, Scope] = {}


def scope(label: str) -> Callable[[Scope], Scope]:
    """Register the scope of the model `app_label.ModelName`."""

    def register(function: Scope) -> Scope:
        _SCOPES[label] = function
        return function

    return register


def scoped_labels() -> frozenset[str]:
    return frozenset(_SCOPES)


def visible_to(user, model_or_queryset: type[Model] | QuerySet) -> QuerySet:
    """The rows of a model (or a narrower queryset) that `user` may see."""
    queryset = (
        model_or_queryset
        if isinstance(model_or_queryset, QuerySet)
        else model_or_queryset._default_manager.all()
    )
    label = queryset.model._meta.label
    if label not in _SCOPES:
        raise ImproperlyConfigured(f"{label} has no scope: add one to nforce/scoping.py.")
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset
    return _SCOPES[label](queryset, user)


def get_visible_or_404(user, model_or_queryset: type[Model] | QuerySet, **lookup) -> Model:
    return get_object_or_404(visible_to(user, model_or_queryset), **lookup)


class ScopedQuerySet(QuerySet):
    """Mix into a model's QuerySet for `Model.objects.visible_to(user)`."""

    def visible_to(self, user) -> QuerySet:
        return visible_to(user, self)


def _office_of(user) -> int | None:
    """The office a supervisor supervises; None for anyone else (they see no office's rows)."""
    return user.home_office_id if has_role(user, Role.SUPERVISOR) else None


def _when(condition: bool, q: Q) -> Q:
    """`q` if the condition holds, else a Q that matches nothing."""
    return q if condition else Q(pk__in=[])


def _filtered(queryset: QuerySet, *alternatives: Q) -> QuerySet:
    """Rows matching any alternative, without the duplicates that to-many joins would make."""
    matching = Q(pk__in=[])
    for alternative in alternatives:
        matching |= alternative
    ids = queryset.model._default_manager.filter(matching).values("pk")
    return queryset.filter(pk__in=ids)


# --- registry: the field check is open to every member of staff (audited and under quota) ---
def _staff_see_all(queryset: QuerySet, user) -> QuerySet:
    return queryset if has_role(user, *Role) else queryset.none()


for _label in (
    "registry.Employer",
    "registry.InsuredPerson",
    "registry.Employment",
    "registry.ContributionYear",
    "registry.NameWord",  # the words of employers' names: as open as the employers
):
    scope(_label)(_staff_see_all)


# --- nforce: offices are reference data; staff, areas and the audit log by office -----------
@scope("nforce.Office")
def _offices(queryset: QuerySet, user) -> QuerySet:
    return queryset


@scope("nforce.User")
def _staff(queryset: QuerySet, user) -> QuerySet:
    office = _office_of(user)
    return queryset.filter(Q(pk=user.pk) | _when(office is not None, Q(home_office_id=office)))


@scope("nforce.Area")
def _areas(queryset: QuerySet, user) -> QuerySet:
    office = _office_of(user)
    served = _when(has_role(user, Role.INSPECTOR), Q(inspectors__user=user))
    return _filtered(queryset, served, _when(office is not None, Q(office_id=office)))


@scope("nforce.AuditEvent")
def _audit_events(queryset: QuerySet, user) -> QuerySet:
    office = _office_of(user)
    return queryset.filter(actor__home_office_id=office) if office is not None else queryset.none()


def _rollups(queryset: QuerySet, user) -> QuerySet:
    """Dashboard figures: one's own, and a supervisor's office's areas."""
    office = _office_of(user)
    return queryset.filter(Q(officer=user) | _when(office is not None, Q(area__office_id=office)))


for _label in ("dashboard.ActivityRollup", "dashboard.BacklogRollup", "dashboard.RegistrationDelayRollup"):
    scope(_label)(_rollups)


@scope("dashboard.AreaDayRollup")
def _area_rollups(queryset: QuerySet, user) -> QuerySet:
    """Summed over officers, so only by area: a supervisor's office's areas."""
    office = _office_of(user)
    return queryset.filter(area__office_id=office) if office is not None else queryset.none()


# --- detection: an officer's own; an inspector's assigned premises; a supervisor's office ---
@scope("detection.Detection")
def _detections(queryset: QuerySet, user) -> QuerySet:
    office = _office_of(user)
    return _filtered(
        queryset,
        Q(officer=user),
        _when(has_role(user, Role.INSPECTOR), Q(premises__assignments__inspector__user=user)),
        _when(office is not None, Q(area__office_id=office)),
    )


def _office_premises(office: int | None, prefix: str = "") -> Q:
    """A supervisor's office's premises, and those no office holds (else nobody would see them)."""
    if office is None:
        return Q(pk__in=[])
    return (
        Q(**{f"{prefix}area__office_id": office})
        | Q(**{f"{prefix}area__isnull": True})
        | Q(**{f"{prefix}area__office__isnull": True})
    )


@scope("detection.Premises")
def _premises(queryset: QuerySet, user) -> QuerySet:
    return _filtered(
        queryset,
        Q(created_by=user),
        Q(detections__officer=user),
        _when(has_role(user, Role.INSPECTOR), Q(assignments__inspector__user=user)),
        _office_premises(_office_of(user)),
    )


# --- dispatch: an inspector's own; a supervisor's office ------------------------------------
@scope("dispatch.Inspector")
def _inspectors(queryset: QuerySet, user) -> QuerySet:
    office = _office_of(user)
    in_office = Q(user__home_office_id=office) | Q(areas__office_id=office)
    return _filtered(queryset, Q(user=user), _when(office is not None, in_office))


@scope("dispatch.Assignment")
def _assignments(queryset: QuerySet, user) -> QuerySet:
    mine = _when(has_role(user, Role.INSPECTOR), Q(inspector__user=user))
    return _filtered(queryset, mine, _office_premises(_office_of(user), prefix="premises__"))
