"""Role-aware navigation: each entry names the roles that see it.

Each app registers the entries of its own pages from its AppConfig.ready() (register()), the
ground floor its own below; `position` orders the bar across apps.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .roles import Role, roles_of


@dataclass(frozen=True)
class NavEntry:
    position: int  # place on the bar, smallest first
    url_name: str
    label: str | Promise
    roles: frozenset[Role]


EVERY_ROLE = frozenset(Role)
INSPECTOR = frozenset({Role.INSPECTOR})
SUPERVISOR = frozenset({Role.SUPERVISOR})
_ENTRIES: dict[str, NavEntry] = {}


def register(*entries: NavEntry) -> None:
    for entry in entries:
        _ENTRIES[entry.url_name] = entry


def entries_for(user) -> list[dict]:
    held = roles_of(user)
    shown = [
        {"url": reverse(entry.url_name), "label": entry.label}
        for entry in sorted(_ENTRIES.values(), key=lambda entry: entry.position)
        if entry.roles & held
    ]
    if user.is_authenticated and user.is_staff:
        shown.append({"url": reverse("admin:index"), "label": _("Administration")})
    return shown


ENTRIES = (
    NavEntry(70, "audit-log", _("Audit log"), SUPERVISOR),
    NavEntry(80, "lookup-volumes", _("Lookup volumes"), SUPERVISOR),
)
