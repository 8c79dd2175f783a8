"""The roles staff hold in Nforce. Group names are a contract: keep them as they are."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    OFFICER = "officer"
    INSPECTOR = "inspector"
    SUPERVISOR = "supervisor"

    @property
    def label(self):
        return ROLE_LABELS[self]


def roles_of(user) -> frozenset[Role]:
    """The roles a user holds; superusers hold every role."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset(Role)
    cached = getattr(user, "_nforce_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(role for role in Role if role.value in names)
        user._nforce_roles = cached
    return cached


def has_role(user, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))


ROLE_LABELS = {Role.OFFICER: _("officer"), Role.INSPECTOR: _("inspector"), Role.SUPERVISOR: _("supervisor")}
