from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .models import Assignment

# Only the request's outcome is an enum: the schema names enums after their field, and other
# apps have fields called "outcome", "status" and "type" with other values; one component per
# choice set keeps every name distinct without settings (see ENUM_NAME_OVERRIDES otherwise).
STATUS_HELP = "open, visited (follow-up) or closed"
OUTCOME_HELP = "registered, notice_issued, ceased, moved, refused, not_found, or empty while open"


class OutcomeInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Assignment.Outcome.choices)
    employer_code = serializers.CharField(required=False, allow_blank=True, max_length=20, default="")
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    latitude = serializers.FloatField(required=False, min_value=-90, max_value=90)
    longitude = serializers.FloatField(required=False, min_value=-180, max_value=180)

    def validate(self, attrs):
        if ("latitude" in attrs) != ("longitude" in attrs):
            raise serializers.ValidationError(
                {
                    "longitude" if "latitude" in attrs else "latitude": _(
                        "The position needs both latitude and longitude."
                    )
                }
            )
        return attrs


class OutcomeResultSerializer(serializers.ModelSerializer):
    employer_code = serializers.CharField(source="employer.employer_code", default=None, allow_null=True)
    status = serializers.CharField(help_text=STATUS_HELP)
    outcome = serializers.CharField(help_text=OUTCOME_HELP)

    class Meta:
        model = Assignment
        fields = ["id", "status", "outcome", "employer_code", "due_on", "visited_at", "closed_at"]
        read_only_fields = fields


class DispatchProblemErrorSerializer(serializers.Serializer):
    field = serializers.CharField(allow_null=True)
    message = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """nforce.api's error shape."""

    status = serializers.IntegerField()
    title = serializers.CharField()
    detail = serializers.CharField()
    errors = DispatchProblemErrorSerializer(many=True)


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
    overdue = serializers.BooleanField()
    reason = serializers.CharField(help_text="Why it came to this inspector, in the request's language.")
    distance_km = serializers.FloatField(allow_null=True, help_text="From latitude/longitude, or the base.")
    detail_url = serializers.CharField()
    navigation = AssignmentNavigationSerializer()


class AssignmentFeatureSerializer(serializers.Serializer):
    type = serializers.CharField(help_text='Always "Feature".')
    id = serializers.IntegerField(help_text="The assignment id (for .../outcome).")
    geometry = AssignmentPointSerializer()
    properties = AssignmentPropertiesSerializer()


class AssignmentCollectionSerializer(serializers.Serializer):
    type = serializers.CharField(help_text='Always "FeatureCollection".')
    features = AssignmentFeatureSerializer(many=True)
