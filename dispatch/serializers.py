from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from nforce.positions import CoordinateField, PositionSerializer
from nforce.problems import problem_serializer

from .models import Assignment

# Only the request's outcome is an enum: the schema names enums after their field, and other
# apps have fields called "outcome", "status" and "type" with other values; one component per
# choice set keeps every name distinct without settings (see ENUM_NAME_OVERRIDES otherwise).
STATUS_HELP = "open, visited (follow-up) or closed"
OUTCOME_HELP = "registered, notice_issued, ceased, moved, refused, not_found, or empty while open"


class OutcomeInputSerializer(PositionSerializer):
    outcome = serializers.ChoiceField(choices=Assignment.Outcome.choices)
    # Read by record_outcome(), the one parser, when the outcome needs it ("registered" only).
    employer_code = serializers.CharField(required=False, allow_blank=True, max_length=20, default="")
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    latitude = CoordinateField("latitude", required=False)
    longitude = CoordinateField("longitude", required=False)
    client_uuid = serializers.UUIDField(
        required=False,
        help_text="Made by the phone when the outcome is recorded; the retry key. The same UUID again "
        "gets the first answer and changes nothing; with another body, 409.",
    )


class OutcomeResultSerializer(serializers.ModelSerializer):
    employer_code = serializers.CharField(source="employer.employer_code", default=None, allow_null=True)
    status = serializers.CharField(help_text=STATUS_HELP)
    outcome = serializers.CharField(help_text=OUTCOME_HELP)
    client_uuid = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = [
            "id",
            "status",
            "outcome",
            "employer_code",
            "due_on",
            "visited_at",
            "closed_at",
            "client_uuid",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.UUID)
    def get_client_uuid(self, assignment: Assignment) -> str:
        """The UUID the outcome was stored under (the phone's, or one made by the server)."""
        return str(self.context["client_uuid"])


ProblemSerializer = problem_serializer(
    "ProblemSerializer", item_name="DispatchProblemErrorSerializer", description="nforce.api's error shape."
)


# --- the GeoJSON of GET /api/v1/assignments/mine, for the schema ------------------------------


class AssignmentPointSerializer(serializers.Serializer):
    type = serializers.CharField(help_text='Always "Point".')
    coordinates = serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2)


class AssignmentNavigationSerializer(serializers.Serializer):
    maps = serializers.URLField(help_text="A Google Maps directions link.")
    geo = serializers.CharField(help_text="A geo: URI, opened by any maps app.")


class AssignmentPropertiesSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    address = serializers.CharField(allow_blank=True)
    kind = serializers.CharField(allow_blank=True)
    area = serializers.CharField(allow_null=True)
    status = serializers.CharField(help_text=STATUS_HELP)
    due_on = serializers.DateField()
    due_text = serializers.CharField(
        help_text="The due date as a reader writes it, in the request's language (14 Mac 2025)."
    )
    overdue = serializers.BooleanField()
    reason = serializers.CharField(help_text="Why it came to this inspector, in the request's language.")
    distance_km = serializers.FloatField(allow_null=True, help_text="From latitude/longitude, or the base.")
    detail_url = serializers.CharField()
    workers_seen = serializers.IntegerField(allow_null=True)
    photo_url = serializers.CharField(allow_null=True, help_text="The newest signboard photo, if any.")
    navigation = AssignmentNavigationSerializer()


class AssignmentFeatureSerializer(serializers.Serializer):
    type = serializers.CharField(help_text='Always "Feature".')
    id = serializers.IntegerField(help_text="The assignment id (for .../outcome).")
    geometry = AssignmentPointSerializer()
    properties = AssignmentPropertiesSerializer()


class AssignmentCollectionSerializer(serializers.Serializer):
    type = serializers.CharField(help_text='Always "FeatureCollection".')
    features = AssignmentFeatureSerializer(many=True)
