"""API adapters: parse, call one domain function, serialise."""

from django.utils import timezone
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from nforce.audit import client_address_of
from nforce.permissions import HasRole

from .checks import check_person_in_field, search_employers
from .serializers import (
    EmployerSearchRequest,
    EmployerSearchResponse,
    PersonCheckRequest,
    PersonCheckResponse,
    employer_result,
)


@extend_schema(
    request=EmployerSearchRequest,
    responses=EmployerSearchResponse,
    summary="Find employers by code, registration number, signboard name or position",
)
@never_cache
@api_view(["POST"])
@permission_classes([HasRole])
def employer_search(request: Request) -> Response:
    form = EmployerSearchRequest(data=request.data)
    form.is_valid(raise_exception=True)
    outcome = search_employers(
        officer=request.user,
        q=form.validated_data.get("q", ""),
        near=form.validated_data["near"],
        radius_m=form.validated_data["radius_m"],
        on=timezone.localdate(),
        client_address=client_address_of(request),
    )
    return Response({"results": [employer_result(match) for match in outcome.results]})


@extend_schema(
    request=PersonCheckRequest,
    responses=PersonCheckResponse,
    summary="Is this worker registered and contributing? (ID in the body only)",
)
@never_cache
@api_view(["POST"])
@permission_classes([HasRole])
def person_check(request: Request) -> Response:
    form = PersonCheckRequest(data=request.data)
    form.is_valid(raise_exception=True)
    check = check_person_in_field(
        officer=request.user,
        id_number=form.validated_data["id_number"],
        near=form.validated_data["near"],
        on=timezone.localdate(),
        client_address=client_address_of(request),
    )
    return Response(PersonCheckResponse(check).data)
