"""API adapters: parse, call one function, serialise. `today` is read here, never in the rules."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nforce.api import validated
from nforce.audit import asked_by
from nforce.permissions import HasRole
from nforce.problems import problem

from .money import ringgit
from .rules import Verdict
from .serializers import (
    EligibilityProblemSerializer,
    EmployerCheckResultSerializer,
    EmployerCheckSerializer,
    InvalidityClaimSerializer,
    InvalidityVerdictSerializer,
    SurvivorsClaimSerializer,
    SurvivorsVerdictSerializer,
    verdict_payload,
)
from .verdicts import CheckRefused, EmployerCheck, employer_check, person_verdict

_ERRORS = {
    400: EligibilityProblemSerializer,
    403: EligibilityProblemSerializer,
    404: EligibilityProblemSerializer,
}

_E1_CALCULATOR = OpenApiExample(
    "Calculator (two months shown)",
    value={
        "date_of_birth": "1980-05-10",
        "notice_date": "2025-01-15",
        "first_payable_month": "2005-01",
        "contributions": [
            {"month": "2024-11", "wage": "3000.00", "category": 1},
            {"month": "2024-12", "wage": "3000.00", "category": 1},
        ],
    },
    request_only=True,
)
_BY_PERSON = OpenApiExample(
    "By person", value={"id_number": "800510105431", "notice_date": "2025-01-15"}, request_only=True
)


class _ClaimView(APIView):
    permission_classes = [HasRole]
    request_serializer: type[InvalidityClaimSerializer | SurvivorsClaimSerializer]
    response_serializer: type[serializers.Serializer]

    def post(self, request: Request) -> Response:
        today = timezone.localdate()
        incoming = self.request_serializer(data=request.data, context={"today": today})
        incoming.is_valid(raise_exception=True)  # nforce.api names list items: contributions[3].month
        claim = incoming.claim()
        if claim.id_number is None:
            assert claim.insured is not None  # calculator mode: the record as typed
            return self._answer(claim.verdict_for(claim.insured))
        try:
            found = person_verdict(claim=claim, today=today, **asked_by(request))
        except CheckRefused as refused:
            return _refused(refused)
        return self._answer(found.verdict)

    def _answer(self, verdict: Verdict) -> Response:
        return Response(self.response_serializer(verdict_payload(verdict)).data)


def _post(operation_id: str, request: type[serializers.Serializer], response, **schema):
    """POST documented for this app: the answer or a problem."""
    return extend_schema_view(
        post=extend_schema(
            operation_id=operation_id,
            request=request,
            responses={200: response, **_ERRORS},
            tags=["eligibility"],
            **schema,
        )
    )


@_post(
    "eligibility_invalidity",
    InvalidityClaimSerializer,
    InvalidityVerdictSerializer,
    summary="Invalidity Pension verdict, by person or by hand",
    examples=[_BY_PERSON, _E1_CALCULATOR],
)
class InvalidityView(_ClaimView):
    request_serializer = InvalidityClaimSerializer
    response_serializer = InvalidityVerdictSerializer


@_post(
    "eligibility_survivors",
    SurvivorsClaimSerializer,
    SurvivorsVerdictSerializer,
    summary="Survivors' Pension verdict and dependants' shares, by person or by hand",
)
class SurvivorsView(_ClaimView):
    request_serializer = SurvivorsClaimSerializer
    response_serializer = SurvivorsVerdictSerializer


@_post(
    "eligibility_employer",
    EmployerCheckSerializer,
    EmployerCheckResultSerializer,
    summary="Invalidity verdict of every current worker of one employer, as of today",
)
class EmployerView(APIView):
    permission_classes = [HasRole]

    def post(self, request: Request) -> Response:
        body = validated(EmployerCheckSerializer, request)
        try:
            check = employer_check(
                employer_code=body["employer_code"],
                page=body["page"],
                on=timezone.localdate(),
                **asked_by(request),
            )
        except CheckRefused as refused:
            return _refused(refused)
        return Response(EmployerCheckResultSerializer(_employer_payload(check)).data)


def _refused(refused: CheckRefused) -> Response:
    return problem(status_code=404 if refused.unknown else 400, field=refused.field, message=refused.message)


def _employer_payload(check: EmployerCheck) -> dict:
    return {
        "employer_code": check.employer.employer_code,
        "employer_name": check.employer.display_name,
        "notice_date": check.on,
        "workers": [
            {
                "name": worker.facts.name,
                "id_number_last4": worker.facts.id_number[-4:],
                "verdict": worker.verdict.kind.value,
                "rate_percent": worker.verdict.rate_percent,
                "monthly_pension": None
                if worker.verdict.monthly_pension_sen is None
                else ringgit(worker.verdict.monthly_pension_sen),
                "window_months_paid": worker.verdict.window.months_paid,
                "shortfall_months": worker.verdict.shortfall_months,
            }
            for worker in check.workers
        ],
        "page": check.page,
        "pages": check.pages,
        "workers_total": check.total,
    }
