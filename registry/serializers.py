from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from nforce.positions import CoordinateField, PositionSerializer
from nforce.problems import problem_serializer

from .fields import IdNumberField
from .presenting import match_text, person_text, standing_text
from .queries import DEFAULT_RADIUS_M, MAX_RADIUS_M, EmployerMatch, PersonCheck


def month_text(value) -> str | None:
    return value.strftime("%Y-%m") if value else None


# Where the officer stands, optional: `lat`/`lon` in the schema since v1 (latitude and longitude are
# read too). A search near a point outside Malaysia is refused.
class NearSerializer(PositionSerializer):
    position_in_malaysia = True

    lat = CoordinateField("latitude", required=False)
    lon = CoordinateField("longitude", required=False)
    accuracy_m = serializers.FloatField(
        required=False,
        allow_null=True,
        min_value=0,
        help_text=_("GPS accuracy in metres, with the position."),
    )


class EmployerSearchRequest(NearSerializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200, trim_whitespace=True)
    radius_m = serializers.IntegerField(required=False, min_value=10, max_value=MAX_RADIUS_M)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if not attrs.get("q") and attrs["position"] is None:
            raise serializers.ValidationError(
                {"q": _("Type a name, code or registration number, or give a position.")}
            )
        attrs.setdefault("radius_m", DEFAULT_RADIUS_M)
        return attrs


class EmployerResult(serializers.Serializer):
    employer_code = serializers.CharField(source="employer.employer_code")
    business_registration_no = serializers.CharField(source="employer.business_registration_no")
    name = serializers.CharField(source="employer.name")
    trading_name = serializers.CharField(source="employer.trading_name")
    address = serializers.CharField(source="employer.address")
    postcode = serializers.CharField(source="employer.postcode")
    state = serializers.CharField(source="employer.state")
    msic_code = serializers.CharField(source="employer.msic_code")
    status = serializers.CharField(
        source="standing.code", help_text="registered_contributing, registered_not_contributing or ceased"
    )
    status_text = serializers.SerializerMethodField(
        help_text="The standing in words, in the request's language"
    )
    contributing = serializers.BooleanField(source="standing.contributing")
    match_text = serializers.SerializerMethodField()
    months_without_contribution = serializers.IntegerField(source="standing.months_without", allow_null=True)
    ceased_on = serializers.DateField(source="employer.ceased_on", allow_null=True)
    last_paid_month = serializers.SerializerMethodField()
    match = serializers.CharField(help_text="employer_code, registration_no, name or near")
    score = serializers.FloatField()
    distance_m = serializers.FloatField(allow_null=True)
    lat = serializers.SerializerMethodField()
    lon = serializers.SerializerMethodField()

    def get_last_paid_month(self, result: EmployerMatch) -> str | None:
        return month_text(result.employer.last_paid_month)

    def get_status_text(self, result: EmployerMatch) -> str:
        return standing_text(result.standing, last_paid_month=result.employer.last_paid_month)

    def get_match_text(self, result: EmployerMatch) -> str:
        return match_text(result)

    def get_lat(self, result: EmployerMatch) -> float | None:
        location = result.employer.location
        return location.y if location else None

    def get_lon(self, result: EmployerMatch) -> float | None:
        location = result.employer.location
        return location.x if location else None


def employer_result(result: EmployerMatch) -> dict:
    """What EmployerResult renders, built directly: the search answers up to 20 of these per
    request, and DRF's field machinery was a tenth of the exact lookup's time. EmployerResult
    stays the documented shape; a test holds the two to the same output."""
    employer, standing, location = result.employer, result.standing, result.employer.location
    return {
        "employer_code": employer.employer_code,
        "business_registration_no": employer.business_registration_no,
        "name": employer.name,
        "trading_name": employer.trading_name,
        "address": employer.address,
        "postcode": employer.postcode,
        "state": employer.state,
        "msic_code": employer.msic_code,
        "status": standing.code,
        "status_text": standing_text(standing, last_paid_month=employer.last_paid_month),
        "contributing": standing.contributing,
        "match_text": match_text(result),
        "months_without_contribution": standing.months_without,
        "ceased_on": employer.ceased_on.isoformat() if employer.ceased_on else None,
        "last_paid_month": month_text(employer.last_paid_month),
        "match": result.match,
        "score": result.score,
        "distance_m": result.distance_m,
        "lat": location.y if location else None,
        "lon": location.x if location else None,
    }


def check_id_field() -> serializers.IntegerField:
    """The record a lookup made with a position counts as (registry.signals.lookup_made)."""
    return serializers.IntegerField(
        allow_null=True,
        required=False,
        help_text=_(
            "With a position, the check is counted as a detection in the state 'checked': send this id as "
            "check_id with POST /api/v1/detections to complete that record rather than make another."
        ),
    )


class EmployerSearchResponse(serializers.Serializer):
    results = EmployerResult(many=True)
    check_id = check_id_field()


class PersonCheckRequest(NearSerializer):
    id_number = IdNumberField(max_length=40, help_text=_("MyKad number or passport number"))


class CurrentEmployerResult(serializers.Serializer):
    employer_code = serializers.CharField()
    name = serializers.CharField()
    since = serializers.DateField()


class PersonCheckResponse(serializers.Serializer):
    registered = serializers.BooleanField()
    finding = serializers.ChoiceField(
        choices=["registered", "not_registered", "no_record"],
        help_text=_(
            "no_record: nobody has this passport number, which may be mistyped; "
            "not_registered is said only of a valid MyKad number."
        ),
    )
    status_text = serializers.SerializerMethodField()
    contributing = serializers.BooleanField()
    foreign_worker = serializers.BooleanField()
    employers = CurrentEmployerResult(many=True)
    last_paid_month = serializers.SerializerMethodField()
    months_since_last_paid = serializers.IntegerField(allow_null=True)
    months_paid_last_12 = serializers.IntegerField()
    check_id = check_id_field()

    def get_last_paid_month(self, check: PersonCheck) -> str | None:
        return month_text(check.last_paid_month)

    def get_status_text(self, check: PersonCheck) -> str:
        return person_text(check)


# --- GET /api/v1/employers/pack: for the schema (the view builds the body) --------------------


class AreaPackRequest(serializers.Serializer):
    since = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=64,
        default="",
        help_text="The version of the pack the phone holds; empty for the whole pack.",
    )


class AreaPackArea(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class AreaPackResponse(serializers.Serializer):
    version = serializers.CharField(help_text="Send it back as `since` at the next sync.")
    full = serializers.BooleanField(help_text="True: replace the pack; false: apply as a delta.")
    as_of = serializers.DateField(help_text="The day the standings are of.")
    generated_at = serializers.DateTimeField()
    max_age_hours = serializers.IntegerField(help_text="Older than this, the phone answers nothing from it.")
    areas = AreaPackArea(many=True)
    columns = serializers.ListField(
        child=serializers.CharField(), help_text="The columns of each employer row."
    )
    employers = serializers.ListField(
        child=serializers.ListField(child=serializers.JSONField()),
        help_text="code, ssm_new, ssm_old, name, keys (name keys joined by |), status, last_paid (YYYY-MM), "
        "lat, lon",
    )
    removed = serializers.ListField(
        child=serializers.CharField(), help_text="Employer codes to drop (deltas)."
    )
    total = serializers.IntegerField(help_text="Employers in the whole pack once applied.")


AreaPackProblem = problem_serializer("AreaPackProblem", item_name="AreaPackProblemItem")
