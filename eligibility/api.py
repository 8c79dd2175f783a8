"""API adapters: parse, call one function, serialise. `today` is read here, never in the rules."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nforce.api import problem
from nforce.audit import client_address_of
from nforce.permissions import HasRole

from .checks import EmployerCheck, employer_check, person_for_claim
from .claims import Claim, date_problem
from .money import ringgit
from .rules import Insured
from .serializers import (
    EligibilityProblemSerializer,
    EmployerCheckResultSerializer,
    EmployerCheckSerializer,
    InvalidityClaimSerializer,
    InvalidityVerdictSerializer,
    SurvivorsClaimSerializer,
    SurvivorsVerdictSerializer,
    valid_data_or_400,
    verdict_payload,
)

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
    request_serializer: type[serializers.Serializer]
    response_serializer: type[serializers.Serializer]

    def post(self, request: Request) -> Response:
        today = timezone.localdate()
        incoming = self.request_serializer(data=request.data, context={"today": today})
        valid_data_or_400(incoming)
        claim = incoming.claim()  # type: ignore[attr-defined]
        if claim.id_number is None:
            return self._verdict(claim, claim.insured)
        facts = person_for_claim(
            id_number=claim.id_number,
            scheme=claim.scheme,
            on=claim.on,
            actor=request.user,
            client_address=client_address_of(request),
        )
        if facts is None:
            return problem(
                status_code=404, field="id_number", message=_("No insured person has this ID number.")
            )
        too_early = date_problem(claim.on, today=today, born_on=facts.born_on, scheme=claim.scheme)
        if too_early:
            return problem(status_code=400, field=incoming.date_field, message=too_early)  # type: ignore[attr-defined]
        return self._verdict(claim, facts.insured())

    def _verdict(self, claim: Claim, insured: Insured) -> Response:
        verdict = claim.verdict_for(insured)
        return Response(self.response_serializer(verdict_payload(verdict)).data)


class InvalidityView(_ClaimView):
    request_serializer = InvalidityClaimSerializer
    response_serializer = InvalidityVerdictSerializer

    @extend_schema(
        operation_id="eligibility_invalidity",
        summary="Invalidity Pension verdict, by person or by hand",
        request=InvalidityClaimSerializer,
        responses={200: InvalidityVerdictSerializer, **_ERRORS},
        examples=[_BY_PERSON, _E1_CALCULATOR],
        tags=["eligibility"],
    )
    def post(self, request: Request) -> Response:
        return super().post(request)


class SurvivorsView(_ClaimView):
    request_serializer = SurvivorsClaimSerializer
    response_serializer = SurvivorsVerdictSerializer

    @extend_schema(
        operation_id="eligibility_survivors",
        summary="Survivors' Pension verdict and dependants' shares, by person or by hand",
        request=SurvivorsClaimSerializer,
        responses={200: SurvivorsVerdictSerializer, **_ERRORS},
        tags=["eligibility"],
    )
    def post(self, request: Request) -> Response:
        return super().post(request)


class EmployerView(APIView):
    permission_classes = [HasRole]

    @extend_schema(
        operation_id="eligibility_employer",
        summary="Invalidity verdict of every current worker of one employer, as of today",
        request=EmployerCheckSerializer,
        responses={200: EmployerCheckResultSerializer, **_ERRORS},
        tags=["eligibility"],
    )
    def post(self, request: Request) -> Response:
        incoming = EmployerCheckSerializer(data=request.data)
        valid_data_or_400(incoming)
        code = incoming.validated_data["employer_code"]
        check = employer_check(
            employer_code=code,
            on=timezone.localdate(),
            actor=request.user,
            client_address=client_address_of(request),
        )
        if check is None:
            return problem(status_code=404, field="employer_code", message=_("No employer has this code."))
        return Response(EmployerCheckResultSerializer(_employer_payload(check)).data)


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
    }
