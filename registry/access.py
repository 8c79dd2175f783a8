"""Who may use the registry's pages and API, and the navigation entries they see.

Registered with the ground floor (nforce.access, nforce.navigation) by RegistryConfig.ready().
"""

from django.utils.translation import gettext_lazy as _

from nforce.access import GET, POST, STAFF, Endpoint
from nforce.navigation import EVERY_ROLE, NavEntry

ENDPOINTS = (
    Endpoint("registry:check", GET, STAFF, False),
    Endpoint("registry:check-results", POST, STAFF, True),
    Endpoint("registry:person-result", POST, STAFF, True),
    Endpoint("registry-api:employer-search", POST, STAFF, True),
    Endpoint("registry-api:person-check", POST, STAFF, True),
    Endpoint(
        "registry-api:employer-pack", GET, STAFF, False, _("the employers of the areas of the user's office")
    ),
)

NAVIGATION = (NavEntry(10, "registry:check", _("Check"), EVERY_ROLE),)
