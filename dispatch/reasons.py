"""Why an assignment went to its inspector, in words, from the numbers stored with it."""

from django.utils import translation
from django.utils.translation import gettext as _

WHY_RELEASED = {
    "on_leave": lambda: _("on leave"),
    "inactive": lambda: _("no longer active"),
    "left_area": lambda: _("no longer serves the area"),
}


def reason_text(data: dict) -> str:
    """ "inside area KJG-3; 14 of 20 open cases; 2.3 km from base", in the active language."""
    parts = []
    if data.get("moved_by"):
        parts.append(_("moved by supervisor %(staff)s") % {"staff": data["moved_by"]})
    if data.get("previous"):
        why = WHY_RELEASED.get(data.get("why", ""), lambda: "")()
        parts.append(_("reassigned from %(staff)s (%(why)s)") % {"staff": data["previous"], "why": why})
    parts.append(_("inside area %(area)s") % {"area": data.get("area", "?")})
    parts.append(
        _("%(open)s of %(capacity)s open cases")
        % {"open": data.get("open_cases"), "capacity": data.get("capacity")}
    )
    if data.get("distance_km") is None:
        parts.append(_("base not set"))
    else:
        parts.append(_("%(km).1f km from base") % {"km": data["distance_km"]})
    return "; ".join(parts)


def reason_text_en(data: dict) -> str:
    """The English words stored with the assignment (logs, admin, exports)."""
    with translation.override("en"):
        return reason_text(data)
