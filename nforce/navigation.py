"""Role-aware navigation: each entry names the roles that see it."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .roles import Role, roles_of


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str | Promise
    roles: frozenset[Role]


EVERY_ROLE = frozenset(Role)

ENTRIES = (
    NavEntry("registry:check", _("Check"), EVERY_ROLE),
    NavEntry("detection:mine", _("My detections"), EVERY_ROLE),
    NavEntry("eligibility:calculator", _("Pension eligibility"), EVERY_ROLE),
    NavEntry("dispatch:mine", _("My premises"), frozenset({Role.INSPECTOR})),
    NavEntry("dashboard", _("Dashboard"), frozenset({Role.SUPERVISOR})),
    NavEntry("dispatch:queue", _("Dispatch queue"), frozenset({Role.SUPERVISOR})),
    NavEntry("audit-log", _("Audit log"), frozenset({Role.SUPERVISOR})),
    NavEntry("lookup-volumes", _("Lookup volumes"), frozenset({Role.SUPERVISOR})),
)


def entries_for(user) -> list[dict]:
    held = roles_of(user)
    shown = []
    for entry in ENTRIES:
        if not entry.roles & held:
            continue
        shown.append({"url": reverse(entry.url_name), "label": entry.label})
    if user.is_authenticated and user.is_staff:
        shown.append({"url": reverse("admin:index"), "label": _("Administration")})
    return shown
