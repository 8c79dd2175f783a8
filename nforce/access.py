"""Who may use what: every page and API operation, by role, in one declarative table.

This module is the machinery and the ground floor's own rows (ENDPOINTS below). Each app declares
the rows of its own URL names in `<app>/access.py` and registers them from its AppConfig.ready();
matrix(), by_name() and personal_url_names() read the table once every app is ready.

The table is the contract that tests/security/test_access_matrix.py holds the code to: it walks
every URL pattern and every OpenAPI operation, probes each as every kind of user, and fails on
an endpoint missing from the matrix. A new page or API view therefore comes with one row in the
access.py of its app.

`personal` marks the endpoints whose answers carry personal data (a person's registration,
contributions or eligibility; a worker list; detections; the audit log): NoStoreMiddleware
answers them with `Cache-Control: no-store` so that no browser or proxy keeps a copy.

Object-level rules (whose objects inside an allowed endpoint) are the scopes of nforce/scoping.py.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.apps import apps
from django.core.exceptions import AppRegistryNotReady, ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Who(StrEnum):
    """The kinds of user the matrix distinguishes. ADMIN is a superuser with admin-site access."""

    ANONYMOUS = "anonymous"
    NO_ROLE = "no_role"
    OFFICER = "officer"
    INSPECTOR = "inspector"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


PUBLIC = frozenset(Who)
SIGNED_IN = PUBLIC - {Who.ANONYMOUS}
STAFF = frozenset({Who.OFFICER, Who.INSPECTOR, Who.SUPERVISOR, Who.ADMIN})
INSPECTORS = frozenset({Who.INSPECTOR, Who.ADMIN})
SUPERVISORS = frozenset({Who.SUPERVISOR, Who.ADMIN})
ADMINS = frozenset({Who.ADMIN})


@dataclass(frozen=True)
class Endpoint:
    name: str  # the URL name, "namespace:name"
    methods: tuple[str, ...]  # every method it answers; each one is probed
    allowed: frozenset[Who]  # who gets past authorisation; everyone else is refused
    personal: bool  # its answers carry personal data: Cache-Control: no-store
    scope: str | Promise = ""  # the object-level rule inside the endpoint, in words
    # Where one URL lets fewer people write than read (GET to all staff, POST to supervisors):
    # (method, who) pairs that replace `allowed` for that method.
    by_method: tuple[tuple[str, frozenset[Who]], ...] = ()

    def allowed_for(self, method: str) -> frozenset[Who]:
        return dict(self.by_method).get(method, self.allowed)


GET, POST, GET_POST = ("GET",), ("POST",), ("GET", "POST")

_ENDPOINTS: dict[str, Endpoint] = {}


def register(*endpoints: Endpoint) -> None:
    """Add an app's rows to the matrix; called from its AppConfig.ready()."""
    for endpoint in endpoints:
        if _ENDPOINTS.setdefault(endpoint.name, endpoint) != endpoint:
            raise ImproperlyConfigured(f"Two access rows name {endpoint.name}.")


def matrix() -> tuple[Endpoint, ...]:
    """Every registered row, in the order the apps registered them."""
    if not apps.ready:
        # Read earlier, the matrix would silently lack the apps not yet ready.
        raise AppRegistryNotReady("The access matrix is complete only once every app is ready.")
    return tuple(_ENDPOINTS.values())


def by_name() -> dict[str, Endpoint]:
    return {endpoint.name: endpoint for endpoint in matrix()}


def personal_url_names() -> frozenset[str]:
    return frozenset(endpoint.name for endpoint in matrix() if endpoint.personal)


def markdown_table() -> str:
    """The matrix as a Markdown table, for the README: ✓ allowed, · refused."""
    kinds = list(Who)
    lines = [
        "| endpoint | methods | " + " | ".join(kinds) + " | no-store | scope |",
        "|---|---|" + "---|" * len(kinds) + "---|---|",
    ]
    for endpoint in matrix():
        marks = " | ".join(_marks(endpoint, who) for who in kinds)
        store = "yes" if endpoint.personal else ""
        lines.append(
            f"| `{endpoint.name}` | {' '.join(endpoint.methods)} | {marks} | {store} | {endpoint.scope} |"
        )
    return "\n".join(lines)


def _marks(endpoint: Endpoint, who: Who) -> str:
    """✓ or ·, one per method where methods differ ("✓/·": GET allowed, POST refused)."""
    return "/".join(
        "✓" if who in endpoint.allowed_for(method) else "·" for method in _distinct_rules(endpoint)
    )


def _distinct_rules(endpoint: Endpoint) -> tuple[str, ...]:
    return endpoint.methods if endpoint.by_method else endpoint.methods[:1]


# --- the ground floor's own rows: home, health, the installable app, sign-in, supervision -------
ENDPOINTS = (
    Endpoint("home", GET, SIGNED_IN, False, _("a user with no role is told to ask for one")),
    Endpoint("healthz", GET, PUBLIC, False),
    Endpoint("pwa-sw", GET, PUBLIC, False),
    Endpoint("pwa-manifest", GET, PUBLIC, False),
    Endpoint("map-base-layer", GET, STAFF, False, _("the areas the user may see, and every office")),
    Endpoint("login", GET_POST, PUBLIC, False),
    Endpoint("logout", POST, PUBLIC, False),
    Endpoint("password_change", GET_POST, SIGNED_IN, False),
    Endpoint("password_change_done", GET, SIGNED_IN, False),
    Endpoint("password_reset", GET_POST, PUBLIC, False),
    Endpoint("password_reset_done", GET, PUBLIC, False),
    Endpoint("password_reset_confirm", GET, PUBLIC, False),
    Endpoint("password_reset_complete", GET, PUBLIC, False),
    Endpoint("set_language", POST, PUBLIC, False),
    Endpoint("admin:index", GET, ADMINS, False),
    Endpoint("audit-log", GET_POST, SUPERVISORS, True, _("the events of the supervisor's own office")),
    Endpoint("lookup-volumes", GET, SUPERVISORS, True, _("the staff of the supervisor's own office")),
    Endpoint("api-schema", GET, STAFF, False),
    Endpoint("api-docs", GET, STAFF, False),
)
