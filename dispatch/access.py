"""Who may use the dispatch pages and API, and the navigation entries they see.

Registered with the ground floor (nforce.access, nforce.navigation) by DispatchConfig.ready().
"""

from django.utils.translation import gettext_lazy as _

from nforce.access import GET, GET_POST, INSPECTORS, POST, SUPERVISORS, Endpoint
from nforce.navigation import INSPECTOR, SUPERVISOR, NavEntry

OWN = _("the inspector's own assignments")

ENDPOINTS = (
    Endpoint("dispatch:mine", GET, INSPECTORS, False, OWN),
    Endpoint("dispatch:mine-list", GET, INSPECTORS, False, OWN),
    Endpoint("dispatch:kept", GET, INSPECTORS, False, _("no data: the phone fills it from what it kept")),
    Endpoint("dispatch:assignment", GET, INSPECTORS, True, OWN),
    Endpoint("dispatch:outcome", POST, INSPECTORS, True, OWN),
    Endpoint("dispatch:queue", GET, SUPERVISORS, True, _("the premises of the supervisor's own office")),
    Endpoint(
        "dispatch:reassign", GET_POST, SUPERVISORS, True, _("the inspectors of the supervisor's own office")
    ),
    Endpoint("dispatch-api:mine", GET, INSPECTORS, False, OWN),
    Endpoint("dispatch-api:outcome", POST, INSPECTORS, True, OWN),
)

NAVIGATION = (
    NavEntry(40, "dispatch:mine", _("My premises"), INSPECTOR),
    NavEntry(60, "dispatch:queue", _("Dispatch queue"), SUPERVISOR),
)
