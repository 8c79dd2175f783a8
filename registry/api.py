"""API adapters: parse, call one domain function, serialise."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from rest_framework.request import Request
from rest_framework.response import Response

from nforce.api import api_operation, validated
from nforce.audit import asked_by
from nforce.permissions import signed_in_user
from nforce.problems import problem

from .packs import BadToken, area_pack, pack_body
from .queries import check_person_in_field, search_employers
from .serializers import (
    AreaPackProblem,
    AreaPackRequest,
    AreaPackResponse,
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


@gzip_page
@api_operation(
    "GET",
    parameters=[AreaPackRequest],
    responses={200: AreaPackResponse, 400: AreaPackProblem},
    summary="The employers of my office's areas, for checks with no signal (never persons)",
    description="Send the `version` of the pack the phone holds as `since`: the answer holds only "
    "what changed (`full` false), or the whole pack when the day or the areas changed. Gzip-encoded "
    "when the client accepts it. A phone refuses to answer from a pack older than `max_age_hours`.",
)
def area_pack_view(request: Request) -> Response:
    since = validated(AreaPackRequest, request)["since"]
    try:
        pack = area_pack(officer=signed_in_user(request), since=since, on=timezone.localdate())
    except BadToken:
        message = _("This is not a pack version from this server: send none to get the whole pack.")
        return problem(status_code=400, field="since", message=message)
    body = pack_body(pack, generated_at=timezone.now(), max_age_hours=settings.OFFLINE_PACK_MAX_AGE_HOURS)
    return Response(body)
