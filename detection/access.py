"""Who may use the detection pages and API, and the navigation entries they see.

Registered with the ground floor (nforce.access, nforce.navigation) by DetectionConfig.ready().
"""

from django.utils.translation import gettext_lazy as _

from nforce.access import GET, GET_POST, POST, PUBLIC, STAFF, SUPERVISORS, Endpoint
from nforce.navigation import EVERY_ROLE, SUPERVISOR, NavEntry

OWN = _("the officer's own detections")
OFFICE = _("the detections of the supervisor's own office")
PLANNED = _("own office's and national operations")

ENDPOINTS = (
    Endpoint("detection:record", GET, STAFF, False),
    Endpoint("detection:mine", GET, STAFF, True, OWN),
    Endpoint(
        "detection:premises", GET, STAFF, True, _("premises the viewer found, follows up or supervises")
    ),
    Endpoint("detection:offline", GET, PUBLIC, False),
    Endpoint("media", GET, STAFF, True, _("signboard photos: whoever may see the detection or its premises")),
    Endpoint("detection:detection", GET, STAFF, True, _("detections the viewer made or supervises")),
    Endpoint(
        "detection:detection-move", POST, SUPERVISORS, True, _("detections of the supervisor's own office")
    ),
    Endpoint("detection:operations", GET, SUPERVISORS, False, PLANNED),
    Endpoint("detection:operation-new", GET_POST, SUPERVISORS, False, _("in the supervisor's own office")),
    Endpoint("detection:operation-edit", GET_POST, SUPERVISORS, False, _("the supervisor's own office's")),
    Endpoint("detection:running-operation", GET, STAFF, False, _("the operations whose team the user is in")),
    Endpoint("detection-api:detections", POST, STAFF, True, _("recorded as the signed-in officer")),
    Endpoint("detection-api:mine", GET, STAFF, True, OWN),
    Endpoint("detection:quality", GET, SUPERVISORS, True, OFFICE),
    Endpoint("detection:quality-decision", GET_POST, SUPERVISORS, True, OFFICE),
    Endpoint(
        "detection-api:operations",
        GET_POST,
        STAFF,
        False,
        _("read: own office's, national and own team's operations; plan: the supervisor's own office"),
        by_method=(("POST", SUPERVISORS),),
    ),
)

NAVIGATION = (
    NavEntry(20, "detection:mine", _("My detections"), EVERY_ROLE),
    NavEntry(68, "detection:quality", _("Data quality"), SUPERVISOR),
    NavEntry(55, "detection:operations", _("Operations"), SUPERVISOR),
)
