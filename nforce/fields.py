"""Model fields every app declares alike. Each app may import this: it names no app's model."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, overload

from django.db import models
from django.db.models.expressions import Combinable

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise  # a lazy translation, to mypy

_Target = TypeVar("_Target", bound=models.Model)


@overload
def optional_foreign_key(
    to: type[_Target],
    *,
    on_delete: Callable[..., None],
    related_name: str,
    verbose_name: "str | _StrPromise | None" = None,
) -> "models.ForeignKey[_Target | Combinable | None, _Target | None]": ...


@overload
def optional_foreign_key(
    to: str,
    *,
    on_delete: Callable[..., None],
    related_name: str,
    verbose_name: "str | _StrPromise | None" = None,
) -> "models.ForeignKey[Any, Any]": ...


def optional_foreign_key(
    to: type[models.Model] | str,
    *,
    on_delete: Callable[..., None],
    related_name: str,
    verbose_name: "str | _StrPromise | None" = None,
) -> "models.ForeignKey[Any, Any]":
    """A link that may be missing: NULL in its column, and left empty in forms and the admin.

    What happens when the row it points to goes (on_delete) and what the other side calls it
    (related_name, "+" for nothing) are each link's own decision: every caller says them. Name the
    model's class (User, not settings.AUTH_USER_MODEL) and mypy knows what the link gives; a name
    in a string ("self") gives Any.
    """
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        on_delete=on_delete,
        null=True,
        blank=True,
        related_name=related_name,
    )
