"""Detections in words and in GeoJSON, for pages and the API (English or Malay)."""

import json
import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

from nforce.models import Area

from .models import Detection
from .premises import NEW_PREMISES
from .quality import SPLIT_OFF, Reason
from .trust import Flag

OUTCOME_CLASSES: dict[str, str] = {
    Detection.Outcome.COMPLIANT: "status-ok",
    Detection.Outcome.UNREGISTERED: "status-bad",
    Detection.Outcome.NOT_FOUND: "status-bad",
}
_JOINED = re.compile(r"joined: (?P<metres>\d+) m, (?:name (?P<score>[\d.]+)|same registration no\.)")


def match_text(premises_match: str) -> str:
    """The stored premises_match ("joined: 18 m, name 0.82") said in the page's language."""
    if premises_match == NEW_PREMISES:
        return _("First sighting: a new premises was opened.")
    if premises_match == SPLIT_OFF:
        return _("Split off into a premises of its own by a supervisor.")
    joined = _JOINED.fullmatch(premises_match)
    if joined is None:
        return premises_match
    if joined["score"] is None:
        return (
            _("Joined the premises recorded %(metres)s m away: same registration number.")
            % joined.groupdict()
        )
    return _("Joined the premises recorded %(metres)s m away: the names are %(percent)s%% alike.") % {
        "metres": joined["metres"],
        "percent": round(float(joined["score"]) * 100),
    }


def flag_texts(flags: Iterable[str]) -> list[str]:
    words = {
        Flag.ACCURACY_ZERO: _("GPS accuracy reported as exactly 0 m"),
        Flag.REPEATED_POSITION: _("exactly the same position as the previous check"),
        Flag.IMPOSSIBLE_SPEED: _("too far from the previous check for the time between them"),
        Flag.CLOCK_AHEAD: _("the phone's clock was ahead"),
    }
    return [str(words.get(flag, flag)) for flag in flags]


def reason_texts(reasons: Iterable[str]) -> list[str]:
    """Why a detection is in the data-quality queue, in words."""
    words = {
        Reason.POOR_FIX: _("poor GPS fix"),
        Reason.TRUST_FLAG: _("trust flag"),
        Reason.JOINED_BY_NAME: _("joined to a nearby premises by its name"),
    }
    return [str(words.get(Reason(reason), reason)) for reason in reasons]


def label_of(detection: Detection) -> str:
    """What was checked, in a few words, without personal data."""
    if detection.premises_name:
        return detection.premises_name
    if detection.employer is not None:
        return detection.employer.display_name
    if detection.subject == Detection.Subject.PERSON:
        return _("a worker")
    return _("(no name)")


def feature_of(detection: Detection) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [detection.location.x, detection.location.y]},
        "properties": {
            "id": detection.pk,
            "client_uuid": str(detection.client_uuid),
            "observed_at": detection.observed_at.isoformat(),
            "accuracy_m": detection.accuracy_m,
            "gps_poor": detection.gps_poor,
            "trust_flags": list(detection.trust_flags),
            "subject": detection.subject,
            "outcome": detection.outcome,
            "outcome_label": str(detection.get_outcome_display()),
            "label": label_of(detection),
            "premises_id": detection.premises_id,
            "premises_match": detection.premises_match,
        },
    }


def feature_collection(detections: Iterable[Detection]) -> dict:
    return {"type": "FeatureCollection", "features": [feature_of(detection) for detection in detections]}


def areas_geojson(areas: Iterable[Area]) -> dict:
    """Areas as the planning map draws them, simplified (about 100 m): outlines, not surveys."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": json.loads(area.boundary.simplify(0.001, preserve_topology=True).geojson),
                "properties": {"id": area.pk, "code": area.code, "name": area.name},
            }
            for area in areas
        ],
    }
