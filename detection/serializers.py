"""API shapes: what a phone sends (DetectionSubmission), what it gets back, GeoJSON for maps."""

import copy

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from nforce.positions import CoordinateField
from nforce.problems import problem_serializer

from . import photos
from .models import Detection, Premises
from .presenting import match_text
from .submission import Submission


class BoundedImageField(serializers.ImageField):
    """An image no larger than photos.MAX_UPLOAD_BYTES, refused before Pillow reads a byte of it."""

    def to_internal_value(self, data):
        size = getattr(data, "size", None)  # not a file: the parent says so
        if size is not None and size > photos.MAX_UPLOAD_BYTES:
            raise serializers.ValidationError(_("The photo is larger than 15 MB."))
        return super().to_internal_value(data)


class DetectionSubmission(serializers.Serializer):
    """POST /api/v1/detections, as JSON or as multipart/form-data (multipart adds `photo`)."""

    client_uuid = serializers.UUIDField(help_text="Made by the phone when the check is made; the retry key.")
    observed_at = serializers.DateTimeField(
        help_text="When the check was made, by the phone's clock (ISO 8601)."
    )
    latitude = CoordinateField("latitude")
    longitude = CoordinateField("longitude")
    accuracy_m = serializers.FloatField(min_value=0, help_text="GPS accuracy in metres (Geolocation API).")
    outcome = serializers.ChoiceField(choices=Detection.Outcome.choices)
    employer_code = serializers.CharField(required=False, allow_blank=True, max_length=40)
    id_number = serializers.CharField(
        required=False, allow_blank=True, max_length=40, help_text="MyKad or passport number of a worker."
    )
    premises_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    address = serializers.CharField(required=False, allow_blank=True, max_length=300)
    kind = serializers.CharField(
        required=False, allow_blank=True, max_length=120, help_text="Kind of business."
    )
    business_registration_no = serializers.CharField(
        required=False, allow_blank=True, max_length=40, help_text="SSM number from the licence on the wall."
    )
    workers_seen = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100_000)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    photo = BoundedImageField(
        required=False, help_text="Signboard photo (multipart only); resized on upload."
    )

    def get_fields(self) -> dict:
        """DRF deep-copies every declared field for every body: two thirds of validating one. A
        field takes per-body state only when bound to its serializer (after this), and none of
        these holds a nested serializer, so a shallow copy of each is as good."""
        return {name: copy.copy(declared) for name, declared in self._declared_fields.items()}


def submission_of(sent: dict) -> Submission:
    """A validated DetectionSubmission as the Submission it describes (the photo aside)."""
    return Submission(**{key: value for key, value in sent.items() if key != "photo"})


class DetectionPremises(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    status = serializers.CharField()
    detection_count = serializers.IntegerField()


class DetectionRecord(serializers.Serializer):
    """The stored detection, as returned on creation (201) and on a replay (200)."""

    id = serializers.IntegerField()
    client_uuid = serializers.UUIDField()
    observed_at = serializers.DateTimeField()
    received_at = serializers.DateTimeField()
    latitude = serializers.FloatField(source="location.y")
    longitude = serializers.FloatField(source="location.x")
    accuracy_m = serializers.FloatField(allow_null=True)
    gps_poor = serializers.BooleanField()
    trust_flags = serializers.ListField(child=serializers.CharField())
    subject = serializers.CharField()
    outcome = serializers.CharField()
    employer_code = serializers.CharField(source="employer.employer_code", allow_null=True, default=None)
    premises_name = serializers.CharField()
    premises = DetectionPremises(allow_null=True)
    premises_match = serializers.CharField(help_text='"new premises", or how it joined one already recorded.')
    premises_match_text = serializers.SerializerMethodField(
        help_text="premises_match in the request's language."
    )
    photo = serializers.ImageField(allow_null=True, use_url=True)

    def get_premises_match_text(self, detection: Detection) -> str:
        return match_text(detection.premises_match) if detection.premises_match else ""

    def to_representation(self, detection: Detection) -> dict:
        """What DRF renders from the fields above, written out: building those fields for every
        response cost more than half as much as storing the detection. Pinned by a test."""
        return {
            "id": detection.pk,
            "client_uuid": str(detection.client_uuid),
            "observed_at": _TIME.to_representation(detection.observed_at),
            "received_at": _TIME.to_representation(detection.received_at),
            "latitude": detection.location.y,
            "longitude": detection.location.x,
            "accuracy_m": detection.accuracy_m,
            "gps_poor": detection.gps_poor,
            "trust_flags": [str(flag) for flag in detection.trust_flags],
            "subject": str(detection.subject),
            "outcome": str(detection.outcome),
            "employer_code": detection.employer.employer_code if detection.employer else None,
            "premises_name": detection.premises_name,
            "premises": _premises(detection.premises) if detection.premises else None,
            "premises_match": detection.premises_match,
            "premises_match_text": self.get_premises_match_text(detection),
            "photo": self._photo_url(detection),
        }

    def _photo_url(self, detection: Detection) -> str | None:
        if not detection.photo:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(detection.photo.url) if request else detection.photo.url


_TIME = serializers.DateTimeField()  # unbound: ISO 8601 in the current time zone, as the fields


def _premises(premises: Premises) -> dict:
    return {
        "id": premises.pk,
        "name": premises.name,
        "status": str(premises.status),
        "detection_count": premises.detection_count,
    }


DetectionProblem = problem_serializer("DetectionProblem", item_name="ProblemItem")


class PointGeometry(serializers.Serializer):
    type = serializers.ChoiceField(choices=["Point"])
    coordinates = serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2)


class DetectionFeatureProperties(serializers.Serializer):
    id = serializers.IntegerField()
    client_uuid = serializers.UUIDField()
    observed_at = serializers.DateTimeField()
    accuracy_m = serializers.FloatField(allow_null=True)
    gps_poor = serializers.BooleanField()
    trust_flags = serializers.ListField(child=serializers.CharField())
    subject = serializers.CharField()
    outcome = serializers.CharField()
    outcome_label = serializers.CharField()
    # The API's key; not Serializer.label: DRF's metaclass takes declared fields out of the class.
    label = serializers.CharField(  # type: ignore[assignment]
        help_text="What was checked, in words: signboard or employer name."
    )
    premises_id = serializers.IntegerField(allow_null=True)
    premises_match = serializers.CharField()


class DetectionFeature(serializers.Serializer):
    type = serializers.ChoiceField(choices=["Feature"])
    geometry = PointGeometry()
    properties = DetectionFeatureProperties()


class DetectionFeatureCollection(serializers.Serializer):
    type = serializers.ChoiceField(choices=["FeatureCollection"])
    features = DetectionFeature(many=True)


class MineQuery(serializers.Serializer):
    days = serializers.IntegerField(
        required=False,
        default=1,
        min_value=1,
        max_value=31,
        help_text="1 = today (Malaysia time), 7 = today and the six days before.",
    )
