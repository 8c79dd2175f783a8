"""API adapters: parse, call one domain function, serialise."""

from django.utils import timezone
from rest_framework.request import Request
from rest_framework.response import Response

from nforce.api import api_operation, validated
from nforce.audit import asked_by

from .queries import check_person_in_field, search_employers
from .serializers import (
    EmployerSearchRequest,
    EmployerSearchResponse,
    PersonCheckRequest,
    PersonCheckResponse,
    employer_result,
)


@api_operation(
    "POST",
    request=EmployerSearchRequest,
    responses=EmployerSearchResponse,
    summary="Find employers by code, registration number, signboard name or position",
)
def employer_search(request: Request) -> Response:
    body = validated(EmployerSearchRequest, request)
    query = {"q": body.get("q", ""), "near": body["position"], "radius_m": body["radius_m"]}
    outcome = search_employers(
        on=timezone.localdate(), accuracy_m=body.get("accuracy_m"), **query, **asked_by(request)
    )
    return Response(
        {"results": [employer_result(match) for match in outcome.results], "check_id": outcome.check_id}
    )


@api_operation(
    "POST",
    request=PersonCheckRequest,
    responses=PersonCheckResponse,
    summary="Is this worker registered and contributing? (ID in the body only)",
)
def person_check(request: Request) -> Response:
    body = validated(PersonCheckRequest, request)
    check = check_person_in_field(
        id_number=body["id_number"],
        near=body["position"],
        accuracy_m=body.get("accuracy_m"),
        on=timezone.localdate(),
        **asked_by(request),
    )
    return Response(PersonCheckResponse(check).data)
