"""Who may use the enforcement pages and API, and the navigation entries they see.

Registered with the ground floor (nforce.access, nforce.navigation) by EnforcementConfig.ready().
"""

from django.utils.translation import gettext_lazy as _

from nforce.access import GET, INSPECTORS, POST, SUPERVISORS, Endpoint
from nforce.navigation import INSPECTOR, SUPERVISOR, NavEntry

CASE_STAFF = INSPECTORS | SUPERVISORS
OWN = _("the inspector's own cases")
HELD_OR_OFFICE = _("cases the inspector holds, or of the supervisor's own office")
REPORT_SCOPE = _("the supervisor's own office; any for administrators")

ENDPOINTS = (
    Endpoint("enforcement:mine", GET, INSPECTORS, True, OWN),
    Endpoint("enforcement:case", GET, CASE_STAFF, True, HELD_OR_OFFICE),
    Endpoint("enforcement:act", POST, CASE_STAFF, True, HELD_OR_OFFICE),
    Endpoint("enforcement:notice-pdf", GET, CASE_STAFF, True, HELD_OR_OFFICE),
    Endpoint("enforcement:compound-pdf", GET, CASE_STAFF, True, HELD_OR_OFFICE),
    Endpoint("enforcement:office", GET, SUPERVISORS, True, _("the cases of the supervisor's own office")),
    Endpoint("enforcement:report", GET, SUPERVISORS, False, REPORT_SCOPE),
    Endpoint("enforcement:report-csv", GET, SUPERVISORS, False, REPORT_SCOPE),
    Endpoint("enforcement:report-pdf", GET, SUPERVISORS, False, REPORT_SCOPE),
    Endpoint("enforcement-api:report", GET, SUPERVISORS, False, REPORT_SCOPE),
    Endpoint(
        "enforcement-api:operation-report",
        GET,
        SUPERVISORS,
        False,
        _("the supervisor's own office's and national operations; any for administrators"),
    ),
    Endpoint("enforcement-api:mine", GET, INSPECTORS, True, OWN),
    Endpoint("enforcement-api:case", GET, CASE_STAFF, True, HELD_OR_OFFICE),
    Endpoint("enforcement-api:actions", POST, CASE_STAFF, True, HELD_OR_OFFICE),
    Endpoint("enforcement-api:notice-pdf", GET, CASE_STAFF, True, HELD_OR_OFFICE),
    Endpoint("enforcement-api:compound-pdf", GET, CASE_STAFF, True, HELD_OR_OFFICE),
)

NAVIGATION = (
    NavEntry(45, "enforcement:mine", _("My cases"), INSPECTOR),
    NavEntry(65, "enforcement:office", _("Office cases"), SUPERVISOR),
    NavEntry(66, "enforcement:report", _("Enforcement report"), SUPERVISOR),
)
