"""GET /api/v1/dashboard/summary: the key figures of a period and of the previous one, as JSON."""

from dataclasses import asdict

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nforce.api import problem
from nforce.bounds import reported_day_validators
from nforce.permissions import HasRole
from nforce.roles import Role

from .filters import scoped_filters
from .kpis import compare
from .periods import Period


class SummaryQuerySerializer(serializers.Serializer):
    area = serializers.CharField(required=False, allow_blank=True, max_length=16)

    def get_fields(self):
        fields = super().get_fields()
        # "from" is a Python keyword, so the date fields are named here rather than declared.
        for name in ("from", "to"):
            fields[name] = serializers.DateField(
                input_formats=["%Y-%m-%d"], validators=reported_day_validators()
            )
        return fields

    def validate(self, attrs):
        if attrs["from"] > attrs["to"]:
            raise serializers.ValidationError({"to": [_("The last day must not be before the first.")]})
        try:
            Period(start=attrs["from"], end=attrs["to"]).previous()
        except OverflowError:
            raise serializers.ValidationError(
                {"from": [_("This period has no previous period to compare with.")]}
            ) from None
        return attrs


class DashboardKpisSerializer(serializers.Serializer):
    checks = serializers.IntegerField()
    checks_unconfirmed = serializers.IntegerField(
        help_text="Of the checks, those that ended without a confirmed business."
    )
    premises_visited = serializers.IntegerField()
    unregistered_found = serializers.IntegerField()
    assignments_open = serializers.IntegerField()
    assignments_overdue = serializers.IntegerField()
    registrations_won = serializers.IntegerField()
    workers_covered = serializers.IntegerField()
    median_days_to_registration = serializers.FloatField(allow_null=True)
    operations_run = serializers.IntegerField(help_text="Operations that start in the period.")
    compounds_issued = serializers.IntegerField()
    compounds_amount_rm = serializers.DecimalField(max_digits=14, decimal_places=2)
    compounds_paid_rm = serializers.DecimalField(max_digits=14, decimal_places=2)
    referred_for_prosecution = serializers.IntegerField()
    non_compliant_percent = serializers.FloatField(
        allow_null=True,
        help_text="Share of the places inspected whose outcome was non-compliant, in percent; "
        "null when nothing was inspected.",
    )


class DashboardSummarySerializer(serializers.Serializer):
    current = DashboardKpisSerializer()
    previous = DashboardKpisSerializer(
        help_text="The period of the same length that ends the day before `from`."
    )


class DashboardProblemSerializer(serializers.Serializer):
    status = serializers.IntegerField()
    title = serializers.CharField()
    detail = serializers.CharField()
    # The API's key; not Serializer.errors: DRF's metaclass takes declared fields out of the class.
    errors = serializers.ListField(child=serializers.DictField())  # type: ignore[assignment]


class DashboardSummaryView(APIView):
    permission_classes = [HasRole.of(Role.SUPERVISOR)]

    @extend_schema(
        operation_id="dashboard_summary",
        summary="Key enforcement figures of a period against the previous period",
        description="Definitions of each figure: dashboard.kpis. A supervisor sees the areas of "
        "their office only; an area outside them is 404, as if unknown.",
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, OpenApiParameter.QUERY, required=True),
            OpenApiParameter("to", OpenApiTypes.DATE, OpenApiParameter.QUERY, required=True),
            OpenApiParameter("area", OpenApiTypes.STR, OpenApiParameter.QUERY, description="Area code"),
        ],
        responses={
            200: DashboardSummarySerializer,
            400: OpenApiResponse(DashboardProblemSerializer, description="A date is missing or invalid"),
            404: OpenApiResponse(DashboardProblemSerializer, description="No such area in your scope"),
        },
    )
    def get(self, request: Request) -> Response:
        query = SummaryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        period = Period(start=data["from"], end=data["to"])
        try:
            filters = scoped_filters(user=request.user, period=period, area=data.get("area", ""))
        except Http404:
            return problem(status_code=404, field="area", message=str(_("No such area in your scope.")))
        comparison = compare(filters=filters, today=timezone.localdate())
        figures = {"current": asdict(comparison.current), "previous": asdict(comparison.previous)}
        return Response(DashboardSummarySerializer(figures).data)  # ringgit as strings to the sen
