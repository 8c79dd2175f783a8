"""API adapters: GET /api/v1/assignments/mine, POST /api/v1/assignments/{id}/outcome."""

from collections.abc import Callable
from uuid import uuid4

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nforce.api import validated
from nforce.offline import made_by_the_sender
from nforce.permissions import HasRole, signed_in_user
from nforce.positions import query_position
from nforce.problems import problem
from nforce.roles import Role

from .models import Assignment
from .outcomes import OutcomeRefused, record_outcome
from .presenting import feature_collection
from .queries import assignments_for_inspector_map
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


def _operation(operation_id: str, **schema) -> Callable:
    return extend_schema(operation_id=operation_id, tags=["dispatch"], **schema)


class MyAssignmentsView(APIView):
    permission_classes = [HasRole.of(Role.INSPECTOR)]

    @_operation(
        "assignments_mine",
        summary="My assigned premises, as GeoJSON: overdue first, then nearest",
        parameters=POSITION_PARAMETERS,
        responses={200: AssignmentCollectionSerializer, 400: ProblemSerializer},
    )
    def get(self, request: Request) -> Response:
        on = timezone.localdate()
        assignments = assignments_for_inspector_map(
            user=signed_in_user(request), on=on, near=query_position(request.query_params)
        )
        return Response(feature_collection(assignments, on=on))


class AssignmentOutcomeView(APIView):
    permission_classes = [HasRole.of(Role.INSPECTOR)]

    @_operation(
        "assignments_outcome",
        summary="Record what was found at the premises (registered needs an employer code in the registry)",
        description="Idempotent on client_uuid: send again with the same UUID until an answer arrives; "
        "a replay gets the first answer back and nothing is recorded twice.",
        request=OutcomeInputSerializer,
        responses={200: OutcomeResultSerializer, **dict.fromkeys((400, 403, 404, 409), ProblemSerializer)},
    )
    def post(self, request: Request, pk: int) -> Response:
        if not made_by_the_sender(request):
            message = _(
                "This outcome was recorded on this phone by another inspector. It is sent when they sign in."
            )
            return problem(status_code=403, field=None, message=message)
        found = validated(OutcomeInputSerializer, request)  # outcome, employer_code, notes, position
        found["client_uuid"] = found.get("client_uuid") or uuid4()
        try:
            assignment = record_outcome(
                assignment_id=pk,
                inspector=signed_in_user(request),
                now=timezone.now(),
                on=timezone.localdate(),
                **found,
            )
        except Assignment.DoesNotExist:
            raise NotFound(_("You have no assignment with that id.")) from None
        except OutcomeRefused as refused:
            return problem(
                status_code=409 if refused.conflict else 400, field=refused.field, message=refused.message
            )
        context = {"client_uuid": found["client_uuid"]}
        return Response(OutcomeResultSerializer(assignment, context=context).data)
