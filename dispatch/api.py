"""API adapters: GET /api/v1/assignments/mine, POST /api/v1/assignments/{id}/outcome."""

from django.contrib.gis.geos import Point
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nforce.api import problem
from nforce.permissions import HasRole
from nforce.roles import Role

from .geo import point
from .geojson import feature_collection
from .models import Assignment
from .outcomes import OutcomeRefused, record_outcome
from .selectors import assignments_for_inspector_map
from .serializers import (
    AssignmentCollectionSerializer,
    OutcomeInputSerializer,
    OutcomeResultSerializer,
    ProblemSerializer,
)

POSITION_PARAMETERS = [
    OpenApiParameter(
        "latitude", OpenApiTypes.DOUBLE, description="Where the inspector stands (sorts by distance)."
    ),
    OpenApiParameter("longitude", OpenApiTypes.DOUBLE, description="Both or neither."),
]


class MyAssignmentsView(APIView):
    permission_classes = [HasRole.of(Role.INSPECTOR)]

    @extend_schema(
        operation_id="assignments_mine",
        summary="My assigned premises, as GeoJSON: overdue first, then nearest",
        parameters=POSITION_PARAMETERS,
        responses={200: AssignmentCollectionSerializer, 400: ProblemSerializer},
        tags=["dispatch"],
    )
    def get(self, request: Request) -> Response:
        on = timezone.localdate()
        assignments = assignments_for_inspector_map(
            user=request.user, on=on, near=_position(request.query_params)
        )
        return Response(feature_collection(assignments, on=on))


def _position(params) -> Point | None:
    latitude, longitude = params.get("latitude"), params.get("longitude")
    if latitude is None and longitude is None:
        return None
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError):
        raise ValidationError({"latitude": [_("Give both latitude and longitude, as numbers.")]}) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValidationError({"latitude": [_("That is not a position on Earth.")]})
    return point(latitude=lat, longitude=lon)


class AssignmentOutcomeView(APIView):
    permission_classes = [HasRole.of(Role.INSPECTOR)]

    @extend_schema(
        operation_id="assignments_outcome",
        summary="Record what was found at the premises (registered needs an employer code in the registry)",
        request=OutcomeInputSerializer,
        responses={
            200: OutcomeResultSerializer,
            400: ProblemSerializer,
            404: ProblemSerializer,
            409: ProblemSerializer,
        },
        tags=["dispatch"],
    )
    def post(self, request: Request, pk: int) -> Response:
        given = OutcomeInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        position = (
            point(latitude=data["latitude"], longitude=data["longitude"]) if "latitude" in data else None
        )
        try:
            assignment = record_outcome(
                assignment_id=pk,
                inspector=request.user,
                outcome=data["outcome"],
                employer_code=data["employer_code"],
                notes=data["notes"],
                position=position,
                now=timezone.now(),
                on=timezone.localdate(),
            )
        except Assignment.DoesNotExist:
            raise NotFound(_("You have no assignment with that id.")) from None
        except OutcomeRefused as refused:
            return problem(
                status_code=409 if refused.conflict else 400, field=refused.field, message=refused.message
            )
        return Response(OutcomeResultSerializer(assignment).data)
