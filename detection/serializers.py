"""API shapes: what a phone sends (DetectionSubmission), what it gets back, GeoJSON for maps."""

import copy
import json

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from nforce.positions import CoordinateField
from nforce.problems import problem_serializer

from . import photos
from .models import Detection, Operation, Premises
from .outcomes import ACCEPTED
from .presenting import match_text
from .submission import Submission
from .workers import WorkerSent

MAX_ID = 2**63 - 1  # the database's bigint: a larger id is a 400, not a database error


class WorkerFound(serializers.Serializer):
    id_number = serializers.CharField(max_length=40, help_text="MyKad or passport number, as on the card.")
    name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


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
    outcome = serializers.ChoiceField(
        choices=ACCEPTED,
        help_text="registered_contributing is accepted as the synonym of compliant (stored as compliant).",
    )
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
    operation = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_ID,
        help_text="Id of the operation this check belongs to; it must run at observed_at. Without it, "
        "the running operation of the officer's team covering the position is used.",
    )
    check_id = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_ID,
        help_text="The check_id a registry lookup answered: this detection completes that 'checked' record.",
    )
    workers = WorkerFound(  # type: ignore[call-arg]  # many=True makes a ListSerializer, which takes it
        many=True,
        required=False,
        max_length=200,
        help_text="Workers found on site; each is checked against the registry under this employer.",
    )

    def to_internal_value(self, data):
        """A multipart body (with a photo) carries `workers` as its JSON text."""
        if hasattr(data, "getlist") and isinstance(data.get("workers"), str):
            data = {**data.dict(), "workers": _json_list(data["workers"])}
        return super().to_internal_value(data)

    def get_fields(self) -> dict:
        """DRF deep-copies every declared field for every body: two thirds of validating one. A
        field takes per-body state only when bound to its serializer (after this), and none of
        these but `workers` holds a nested serializer, so a shallow copy of the others is as good."""
        return {
            name: copy.deepcopy(declared)
            if isinstance(declared, serializers.BaseSerializer)
            else copy.copy(declared)
            for name, declared in self._declared_fields.items()
        }


def _json_list(text: str) -> list:
    try:
        workers = json.loads(text)
    except ValueError:
        workers = None
    if not isinstance(workers, list):
        raise serializers.ValidationError({"workers": [_("Send the workers as a JSON list.")]})
    return workers


def submission_of(sent: dict) -> Submission:
    """A validated DetectionSubmission as the Submission it describes (the photo aside)."""
    fields = {key: value for key, value in sent.items() if key not in ("photo", "workers")}
    workers = tuple(
        WorkerSent(id_number=w["id_number"], name=w.get("name", "")) for w in sent.get("workers", ())
    )
    return Submission(**(fields | {"workers": workers}))


class DetectionPremises(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    status = serializers.CharField()
    detection_count = serializers.IntegerField()


class DetectionWorkerRecord(serializers.Serializer):
    masked = serializers.CharField(help_text='The ID number\'s last characters only, e.g. "******-**-1234".')
    name = serializers.CharField()
    foreign = serializers.BooleanField()
    registered = serializers.BooleanField(help_text="Registered under this detection's employer.")


def _workers_of(detection: Detection) -> list:
    """As capture stored them (no query), else from the database (a replay)."""
    stored = getattr(detection, "workers_found", None)
    return stored if stored is not None else list(detection.workers.all())


def _worker(worker) -> dict:
    return {
        "masked": worker.masked,
        "name": worker.name,
        "foreign": worker.foreign,
        "registered": worker.registered,
    }


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
    operation = serializers.IntegerField(source="operation_id", allow_null=True)
    workers = DetectionWorkerRecord(many=True)

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
            "operation": detection.operation_id,
            "workers": [_worker(worker) for worker in _workers_of(detection)],
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


class OperationPlan(serializers.Serializer):
    """POST /api/v1/operations."""

    code = serializers.CharField(
        max_length=40, help_text="Unique, e.g. OPS-KESAN-2026 (capitals, digits, dashes)."
    )
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=Operation.Kind.choices)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    area_codes = serializers.ListField(
        child=serializers.CharField(max_length=16),
        min_length=1,
        max_length=500,
        help_text="Codes of the areas it covers.",
    )
    team = serializers.ListField(
        child=serializers.CharField(max_length=32),
        required=False,
        max_length=500,
        help_text="Staff numbers of the officers and inspectors on it.",
    )
    office = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=16,
        help_text="Office code (administrators only; a supervisor's operation is their office's). "
        "Empty: a national operation.",
    )


class OperationRecord(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    office = serializers.CharField(allow_null=True, help_text="Office code; null for a national operation.")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    area_codes = serializers.ListField(child=serializers.CharField())
    has_boundary = serializers.BooleanField()
    team_size = serializers.IntegerField()
    running = serializers.BooleanField()

    def to_representation(self, operation: Operation) -> dict:
        now = self.context["now"]
        return {
            "id": operation.pk,
            "code": operation.code,
            "name": operation.name,
            "kind": str(operation.kind),
            "office": operation.office.code if operation.office else None,
            "starts_at": _TIME.to_representation(operation.starts_at),
            "ends_at": _TIME.to_representation(operation.ends_at),
            "area_codes": sorted(area.code for area in operation.areas.all()),
            "has_boundary": operation.boundary is not None,
            "team_size": len(operation.team.all()),
            "running": operation.starts_at <= now <= operation.ends_at,
        }


class OperationList(serializers.Serializer):
    results = OperationRecord(many=True)


class OperationQuery(serializers.Serializer):
    active = serializers.BooleanField(
        required=False, default=False, help_text="true: only the operations running now."
    )
