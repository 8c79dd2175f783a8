"""Who may use the dashboard pages, exports and API, and the navigation entries they see.

Registered with the ground floor (nforce.access, nforce.navigation) by DashboardConfig.ready().
"""

from django.utils.translation import gettext_lazy as _

from nforce.access import GET, SUPERVISORS, Endpoint
from nforce.navigation import SUPERVISOR, NavEntry

OFFICE = _("the areas of the supervisor's own office")

ENDPOINTS = tuple(
    Endpoint(name, GET, SUPERVISORS, True, OFFICE)
    for name in (
        "dashboard",
        "dashboard:records",
        "dashboard:records-export",
        "dashboard:export",
        "dashboard:map",
        "dashboard-summary",
    )
)

NAVIGATION = (NavEntry(50, "dashboard", _("Dashboard"), SUPERVISOR),)
