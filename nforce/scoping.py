"""Which rows a user may see: one scope per model, so that no view forgets it.

Views, API views and selectors read through `visible_to(user, Model)` (or a QuerySet that mixes
in ScopedQuerySet: `Detection.objects.visible_to(user)`), and fetch one object with
`get_visible_or_404(user, Model, pk=...)`: an object outside the user's scope answers 404,
never 403, which would confirm that it exists.

This module is the machinery; the rules live with the models. Each app declares the scopes of
its own models in `<app>/scopes.py` with `@scope(Model)`, imported by its AppConfig.ready(); the
ground floor's own are in nforce/scopes.py. An app above may let more users see a lower floor's
rows with `@widen(Model)` (dispatch: an inspector sees the areas they serve), when that model's
scope takes `widenings()`. Every model of the project has a scope (a test enforces it); a model
without one raises instead of showing everything.
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, Q, QuerySet
from django.shortcuts import get_object_or_404

from .roles import Role, has_role

Scope = Callable[[QuerySet, object], QuerySet]  # (rows, user) -> the rows that user may see
Widening = Callable[[object], Q]  # user -> further rows that user may see
_SCOPES: dict[str, Scope] = {}
_WIDENINGS: dict[str, list[Widening]] = {}


def _label(model: type[Model] | str) -> str:
    return model if isinstance(model, str) else model._meta.label


def scope(model: type[Model] | str) -> Callable[[Scope], Scope]:
    """Register the scope of a model (the class, or its label "app_label.ModelName")."""
    label = _label(model)

    def register(function: Scope) -> Scope:
        if _SCOPES.setdefault(label, function) is not function:
            raise ImproperlyConfigured(f"{label} has two scopes: {_SCOPES[label]} and {function}.")
        return function

    return register


def widen(model: type[Model] | str) -> Callable[[Widening], Widening]:
    """Register, from an app above, further rows of a lower floor's model that a user may see."""
    found = _WIDENINGS.setdefault(_label(model), [])

    def register(function: Widening) -> Widening:
        if function not in found:
            found.append(function)
        return function

    return register


def widenings(model: type[Model] | str, user) -> list[Q]:
    """What the apps above add to a model's scope for `user` (see widen())."""
    return [function(user) for function in _WIDENINGS.get(_label(model), ())]


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
        raise ImproperlyConfigured(f"{label} has no scope: add one to the scopes.py of its app.")
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


# --- helpers for the scopes of every app -----------------------------------------------------------
def office_of(user) -> int | None:
    """The office a supervisor supervises; None for anyone else (they see no office's rows)."""
    return user.home_office_id if has_role(user, Role.SUPERVISOR) else None


def when(condition: bool, q: Q) -> Q:
    """`q` if the condition holds, else a Q that matches nothing."""
    return q if condition else Q(pk__in=[])


def filtered(queryset: QuerySet, *alternatives: Q) -> QuerySet:
    """Rows matching any alternative, without the duplicates that to-many joins would make."""
    matching = Q(pk__in=[])
    for alternative in alternatives:
        matching |= alternative
    ids = queryset.model._default_manager.filter(matching).values("pk")
    return queryset.filter(pk__in=ids)


def in_office_areas(office: int | None, prefix: str = "") -> Q:
    """Rows in the areas of a supervisor's office; `prefix` leads to the row's `area`
    ("premises__"). Rows in no area, or in an area of no office, are no office's: administrators
    only see them (visible_to() gives a superuser every row), not every supervisor at once."""
    if office is None:
        return Q(pk__in=[])
    return Q(**{f"{prefix}area__office_id": office})


def open_to_staff(queryset: QuerySet, user) -> QuerySet:
    """A scope: every row for anyone holding a role, none for a user without one."""
    return queryset if has_role(user, *Role) else queryset.none()
