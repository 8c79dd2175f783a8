"""Who may use what: every page and API operation, by role, in one declarative table.

The table is the contract that tests/security/test_access_matrix.py holds the code to: it walks
every URL pattern and every OpenAPI operation, probes each as every kind of user, and fails on
an endpoint missing here. A new page or API view therefore comes with one line in MATRIX.

`personal` marks the endpoints whose answers carry personal data (a person's registration,
contributions or eligibility; a worker list; detections; the audit log): NoStoreMiddleware
answers them with `Cache-Control: no-store` so that no browser or proxy keeps a copy.

Object-level rules (whose objects inside an allowed endpoint) live in nforce/scoping.py.
"""

from dataclasses import dataclass
from enum import StrEnum

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


GET, POST, GET_POST = ("GET",), ("POST",), ("GET", "POST")

MATRIX: tuple[Endpoint, ...] = (
    # --- base: home, health, the installable app, sign-in -------------------------------------
    Endpoint("home", GET, SIGNED_IN, False, _("a user with no role is told to ask for one")),
    Endpoint("healthz", GET, PUBLIC, False),
    Endpoint("pwa-sw", GET, PUBLIC, False),
    Endpoint("pwa-manifest", GET, PUBLIC, False),
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
    # --- supervision ------------------------------------------------------------------------
    Endpoint("audit-log", GET, SUPERVISORS, True, _("the events of the supervisor's own office")),
    Endpoint("lookup-volumes", GET, SUPERVISORS, True, _("the staff of the supervisor's own office")),
    Endpoint("dashboard", GET, SUPERVISORS, True, _("the areas of the supervisor's own office")),
    Endpoint("dashboard:records", GET, SUPERVISORS, True, _("the areas of the supervisor's own office")),
    Endpoint(
        "dashboard:records-export", GET, SUPERVISORS, True, _("the areas of the supervisor's own office")
    ),
    Endpoint("dashboard:export", GET, SUPERVISORS, True, _("the areas of the supervisor's own office")),
    Endpoint("dashboard:map", GET, SUPERVISORS, True, _("the areas of the supervisor's own office")),
    Endpoint("dashboard-summary", GET, SUPERVISORS, True, _("the areas of the supervisor's own office")),
    # --- API documentation ------------------------------------------------------------------
    Endpoint("api-schema", GET, STAFF, False),
    Endpoint("api-docs", GET, STAFF, False),
    # --- registry: the field check ----------------------------------------------------------
    Endpoint("registry:check", GET, STAFF, False),
    Endpoint("registry:check-results", POST, STAFF, True),
    Endpoint("registry:person-result", POST, STAFF, True),
    Endpoint("registry-api:employer-search", POST, STAFF, True),
    Endpoint("registry-api:person-check", POST, STAFF, True),
    # --- eligibility ------------------------------------------------------------------------
    Endpoint("eligibility:calculator", GET_POST, STAFF, False),
    Endpoint("eligibility:person", GET_POST, STAFF, True),
    Endpoint("eligibility:employer", GET_POST, STAFF, True),
    Endpoint("eligibility-api:invalidity", POST, STAFF, True),
    Endpoint("eligibility-api:survivors", POST, STAFF, True),
    Endpoint("eligibility-api:employer", POST, STAFF, True),
    # --- detection --------------------------------------------------------------------------
    Endpoint("detection:record", GET, STAFF, False),
    Endpoint("detection:mine", GET, STAFF, True, _("the officer's own detections")),
    Endpoint(
        "detection:premises", GET, STAFF, True, _("premises the viewer found, follows up or supervises")
    ),
    Endpoint("media", GET, STAFF, True, _("signboard photos: signed-in staff only")),
    Endpoint("detection:offline", GET, PUBLIC, False),
    Endpoint("detection-api:detections", POST, STAFF, True, _("recorded as the signed-in officer")),
    Endpoint("detection-api:mine", GET, STAFF, True, _("the officer's own detections")),
    # --- dispatch ---------------------------------------------------------------------------
    Endpoint("dispatch:mine", GET, INSPECTORS, False, _("the inspector's own assignments")),
    Endpoint("dispatch:mine-list", GET, INSPECTORS, False, _("the inspector's own assignments")),
    Endpoint("dispatch:assignment", GET, INSPECTORS, True, _("the inspector's own assignments")),
    Endpoint("dispatch:outcome", POST, INSPECTORS, True, _("the inspector's own assignments")),
    Endpoint("dispatch:queue", GET, SUPERVISORS, True, _("the premises of the supervisor's own office")),
    Endpoint(
        "dispatch:reassign", GET_POST, SUPERVISORS, True, _("the inspectors of the supervisor's own office")
    ),
    Endpoint("dispatch-api:mine", GET, INSPECTORS, False, _("the inspector's own assignments")),
    Endpoint("dispatch-api:outcome", POST, INSPECTORS, True, _("the inspector's own assignments")),
)

BY_NAME: dict[str, Endpoint] = {endpoint.name: endpoint for endpoint in MATRIX}
PERSONAL_URL_NAMES = frozenset(endpoint.name for endpoint in MATRIX if endpoint.personal)


def markdown_table() -> str:
    """The matrix as a Markdown table, for the README: ✓ allowed, · refused."""
    kinds = list(Who)
    lines = [
        "| endpoint | methods | " + " | ".join(kinds) + " | no-store | scope |",
        "|---|---|" + "---|" * len(kinds) + "---|---|",
    ]
    for endpoint in MATRIX:
        marks = " | ".join("✓" if who in endpoint.allowed else "·" for who in kinds)
        store = "yes" if endpoint.personal else ""
        lines.append(
            f"| `{endpoint.name}` | {' '.join(endpoint.methods)} | {marks} | {store} | {endpoint.scope} |"
        )
    return "\n".join(lines)
