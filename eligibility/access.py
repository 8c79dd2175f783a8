"""Who may use the eligibility pages and API, and the navigation entries they see.

Registered with the ground floor (nforce.access, nforce.navigation) by EligibilityConfig.ready().
"""

from django.utils.translation import gettext_lazy as _

from nforce.access import GET_POST, POST, STAFF, Endpoint
from nforce.navigation import EVERY_ROLE, NavEntry

ENDPOINTS = (
    Endpoint("eligibility:calculator", GET_POST, STAFF, False),
    Endpoint("eligibility:person", GET_POST, STAFF, True),
    Endpoint("eligibility:employer", GET_POST, STAFF, True),
    Endpoint("eligibility-api:invalidity", POST, STAFF, True),
    Endpoint("eligibility-api:survivors", POST, STAFF, True),
    Endpoint("eligibility-api:employer", POST, STAFF, True),
)

NAVIGATION = (NavEntry(30, "eligibility:calculator", _("Pension eligibility"), EVERY_ROLE),)
