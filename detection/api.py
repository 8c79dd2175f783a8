"""API adapters: parse, call one domain function, serialise.

POST /api/v1/detections takes JSON (or multipart/form-data, the same fields plus `photo`):

    client_uuid   UUID made on the phone when the check is made; the retry key   (required)
    observed_at   ISO 8601 time of the check, the phone's clock                   (required)
    latitude, longitude, accuracy_m   from the Geolocation API, in Malaysia        (required)
    outcome       compliant | registered_not_contributing | not_liable | unregistered |
                  employees_not_registered | ceased | refused | not_found           (required)
                  (registered_contributing, the v1 name, is stored as compliant)
    employer_code, id_number          what was checked (registered outcomes need one)
    premises_name                     the signboard (unregistered/not_found with neither of the above)
    address, kind, business_registration_no, workers_seen, notes                  (optional)
    operation     the operation's id (else the officer's team's covering operation)  (optional)
    check_id      the registry lookup's check this completes (every check counts)    (optional)
    workers       [{"id_number", "name"?}] found on site, each checked at once       (optional)

201: stored. 200: a replay of a stored body (nothing new). Both answer the stored record, whose
`client_uuid` is the phone's proof that this entry arrived. 409: the UUID was used for another
body. 400: `errors` names the field. 403 also when the optional header X-Nforce-Officer (the
user id the record was made under on the phone) names someone other than the signed-in user:
on a shared phone a record is only ever filed as the officer who made it. From a page, use
NforceOutbox.enqueue(body) (outbox.js), which keeps the body on the phone until one of these
answers arrives.
"""

from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nforce.api import api_operation, validated
from nforce.audit import client_address_of
from nforce.models import Office
from nforce.offline import OFFICER_HEADER, made_by_the_sender
from nforce.permissions import HasRole, signed_in_user
from nforce.problems import problem
from nforce.roles import Role, has_role
from nforce.scoping import visible_to

from .capture import CaptureConflict, CaptureRefused, record_detection
from .models import Operation
from .operations import plan_operation
from .planning import read_plan
from .presenting import feature_collection
from .queries import detections_since_days, operations_for_list
from .serializers import (
    DetectionFeatureCollection,
    DetectionProblem,
    DetectionRecord,
    DetectionSubmission,
    MineQuery,
    OperationList,
    OperationPlan,
    OperationQuery,
    OperationRecord,
    submission_of,
)

_OFFICER = OpenApiParameter(
    OFFICER_HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The user id the record was made under on the phone; another user's is refused (403).",
)

_EXAMPLE = {
    "client_uuid": "1b4e28ba-2fa1-41d2-883f-0016d3cca427",
    "observed_at": "2026-12-01T09:41:12.345Z",
    "latitude": 3.04491,
    "longitude": 101.44502,
    "accuracy_m": 12,
    "outcome": "unregistered",
    "premises_name": "Restoran Selera Kampung",
    "address": "12 Jalan Tengku Kelana, Klang",
    "kind": "restaurant",
    "workers_seen": 4,
    "notes": "",
}


@api_operation(
    "POST",
    parsers=[JSONParser, MultiPartParser, FormParser],
    request={"application/json": DetectionSubmission, "multipart/form-data": DetectionSubmission},
    parameters=[_OFFICER],
    responses={
        201: OpenApiResponse(DetectionRecord, description="Stored."),
        200: OpenApiResponse(DetectionRecord, description="Already stored (a replay): nothing new was made."),
        400: OpenApiResponse(DetectionProblem, description="A field is missing or wrong; `errors` names it."),
        403: OpenApiResponse(
            DetectionProblem, description=f"Not signed in, or {OFFICER_HEADER} names another user."
        ),
        409: OpenApiResponse(DetectionProblem, description="This client_uuid was used for another body."),
    },
    examples=[OpenApiExample("Unregistered premises", value=_EXAMPLE, request_only=True)],
    summary="Record a field check (idempotent on client_uuid)",
    description=(
        "Send again with the same client_uuid until an answer arrives: 201 stored, 200 already "
        "stored (nothing new), 409 that client_uuid was used for a different body, 400 a field is "
        "missing or wrong (`errors` names it; do not resend unchanged). Registered outcomes need "
        "employer_code or id_number; unregistered and not_found need premises_name when neither "
        "is given, and then open or join a premises within 50 m. A position outside Malaysia is "
        "refused; accuracy_m over 100 is stored with gps_poor. Multipart adds `photo` (a signboard "
        "photo, kept at most 1280 px, without metadata) and carries `workers` as its JSON text. "
        "Each worker is checked against the registry under the employer (an invalid ID is a 400 "
        "naming workers[i].id_number); the outcome sent is kept even when a worker is not "
        "registered, and the answer lists the workers with `registered`."
    ),
)
def detections(request: Request) -> Response:
    if not made_by_the_sender(request):
        message = _("This record was made on this phone by another officer. It is sent when they sign in.")
        return problem(status_code=status.HTTP_403_FORBIDDEN, field=None, message=message)
    sent = validated(DetectionSubmission, request)
    try:
        recorded = record_detection(
            officer=signed_in_user(request),
            submission=submission_of(sent),
            photo=sent.get("photo"),
            client_address=client_address_of(request),
        )
    except CaptureRefused as refused:
        raise ValidationError(refused.errors) from refused
    except CaptureConflict:
        message = _("This client_uuid was already used for a different detection.")
        return problem(status_code=status.HTTP_409_CONFLICT, field="client_uuid", message=message)
    body = DetectionRecord(recorded.detection, context={"request": request}).data
    return Response(body, status=status.HTTP_201_CREATED if recorded.created else status.HTTP_200_OK)


@api_operation(
    "GET",
    parameters=[MineQuery],
    responses={(200, "application/geo+json"): DetectionFeatureCollection, 400: DetectionProblem},
    summary="The officer's own recent detections, as GeoJSON",
)
def my_detections(request: Request) -> Response:
    days = validated(MineQuery, request)["days"]
    found = detections_since_days(officer=signed_in_user(request), days=days, today=timezone.localdate())
    return Response(feature_collection(found), content_type="application/geo+json")


class OperationsView(APIView):
    """GET for every staff role; POST for supervisors (their office) and administrators."""

    permission_classes = [HasRole]

    @extend_schema(
        operation_id="operations_list",
        parameters=[OperationQuery],
        responses={200: OperationList, 400: DetectionProblem},
        summary="Operations the signed-in user may see (their office's, national ones, their team's)",
    )
    def get(self, request: Request) -> Response:
        active = validated(OperationQuery, request)["active"]
        now = timezone.now()
        shown = operations_for_list(
            among=visible_to(request.user, Operation), active_at=now if active else None
        )
        return Response({"results": OperationRecord(shown, many=True, context={"now": now}).data})

    @extend_schema(
        operation_id="operations_create",
        request=OperationPlan,
        responses={
            201: OpenApiResponse(OperationRecord, description="Planned."),
            400: OpenApiResponse(
                DetectionProblem, description="A field is missing or wrong; `errors` names it."
            ),
            403: OpenApiResponse(
                DetectionProblem, description="Only supervisors (their office) and administrators plan."
            ),
            409: OpenApiResponse(DetectionProblem, description="Another operation has this code."),
        },
        summary="Plan an operation (supervisors: their office; administrators: national or any office)",
    )
    def post(self, request: Request) -> Response:
        if not has_role(request.user, Role.SUPERVISOR):
            message = _("Only supervisors and administrators plan operations.")
            return problem(status_code=status.HTTP_403_FORBIDDEN, field=None, message=message)
        sent = validated(OperationPlan, request)
        user = signed_in_user(request)
        plan = read_plan(
            user=user,
            office=_office_of_plan(user, sent.get("office", "")),
            code=sent["code"],
            name=sent["name"],
            kind=sent["kind"],
            starts_at=sent["starts_at"],
            ends_at=sent["ends_at"],
            area_codes=sent["area_codes"],
            staff_numbers=sent.get("team", []),
        )
        if plan.duplicate_code:
            return problem(status_code=status.HTTP_409_CONFLICT, field="code", message=plan.errors["code"])
        if plan.errors:
            raise ValidationError({field: [message] for field, message in plan.errors.items()})
        try:
            operation = plan_operation(by=user, **plan.values)
        except IntegrityError:  # the same code planned at the same instant by someone else
            message = _("Another operation has the code %(code)s.") % {"code": plan.values["code"]}
            return problem(status_code=status.HTTP_409_CONFLICT, field="code", message=message)
        body = OperationRecord(operation, context={"now": timezone.now()}).data
        return Response(body, status=status.HTTP_201_CREATED)


def _office_of_plan(user, code: str) -> Office | None:
    """A supervisor's plan is their office's; an administrator's the office named, or national."""
    if not user.is_superuser:
        return user.home_office
    code = code.strip().upper()
    found = Office.objects.filter(code=code).first() if code else None
    if code and found is None:
        raise ValidationError({"office": [_("No office has the code %(code)s.") % {"code": code}]})
    return found
