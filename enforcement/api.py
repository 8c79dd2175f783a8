"""API adapters: the inspector's cases, one case, its actions and its documents."""

from collections.abc import Callable

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from detection.models import Operation
from nforce.api import validated
from nforce.audit import asked_by, record_event
from nforce.offline import made_by_the_sender
from nforce.permissions import HasRole, signed_in_user
from nforce.problems import problem, problem_body
from nforce.roles import Role

from . import documents
from .cases import ActionRefused, IllegalMove, act
from .models import Case
from .presenting import state_words
from .queries import case_for, cases_for_inspector
from .reporting import ScopeRefused, operation_scope, scope_for
from .reports import report
from .serializers import (
    ACTION_FIELDS,
    CaseActionAnswerSerializer,
    CaseActionSerializer,
    CaseConflict,
    CaseListSerializer,
    CaseProblem,
    CaseSerializer,
    ReportQuerySerializer,
    ReportSerializer,
)

CASE_ROLES = (Role.INSPECTOR, Role.SUPERVISOR)


def _operation(operation_id: str, **schema) -> Callable:
    return extend_schema(operation_id=operation_id, tags=["enforcement"], **schema)


def _case(request: Request, pk: int) -> Case:
    try:
        return case_for(user=signed_in_user(request), case_id=pk)
    except Case.DoesNotExist:
        # Asked for and not shown: the attempt is audited all the same.
        record_event(action="case.view", query={"case": pk}, result_count=0, **asked_by(request))
        raise NotFound(_("You have no case with that id.")) from None


def _viewed(request: Request, case: Case, what: str) -> None:
    record_event(
        action=f"case.{what}",
        query={"case": case.pk, "premises": case.premises_id},
        result_count=1,
        **asked_by(request),
    )


class MyCasesView(APIView):
    permission_classes = [HasRole.of(Role.INSPECTOR)]

    @_operation("cases_mine", summary="My live cases, past due first", responses={200: CaseListSerializer})
    def get(self, request: Request) -> Response:
        cases = list(
            cases_for_inspector(user=signed_in_user(request), on=timezone.localdate()).prefetch_related(
                "findings"
            )
        )
        record_event(
            action="case.list",
            query={"cases": [c.pk for c in cases]},
            result_count=len(cases),
            **asked_by(request),
        )
        return Response({"cases": CaseSerializer(cases, many=True).data})


class CaseView(APIView):
    permission_classes = [HasRole.of(*CASE_ROLES)]

    @_operation("cases_retrieve", summary="One case", responses={200: CaseSerializer, 404: CaseProblem})
    def get(self, request: Request, pk: int) -> Response:
        case = _case(request, pk)
        _viewed(request, case, "view")
        return Response(CaseSerializer(case).data)


class CaseActionsView(APIView):
    permission_classes = [HasRole.of(*CASE_ROLES)]

    @_operation(
        "cases_actions",
        summary="Move a case: notice, compound, record_payment, waive, refer_prosecution or close",
        request=CaseActionSerializer,
        responses={
            201: CaseActionAnswerSerializer,
            **dict.fromkeys((400, 403, 404), CaseProblem),
            409: CaseConflict,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        if not made_by_the_sender(request):
            message = _(
                "This action was recorded on this phone by another inspector. It is sent when they sign in."
            )
            return problem(status_code=403, field=None, message=message)
        case = _case(request, pk)
        given = validated(CaseActionSerializer, request)
        fields = {name: given[name] for name in ACTION_FIELDS if name in given}
        try:
            moved = act(
                case,
                given["action"],
                signed_in_user(request),
                timezone.now(),
                given["position"],
                client_uuid=given.get("client_uuid"),
                **fields,
            )
        except IllegalMove as illegal:
            return _illegal(illegal)
        except ActionRefused as refused:
            return problem(
                status_code=409 if refused.conflict else 400, field=refused.field, message=refused.message
            )
        answer = CaseActionAnswerSerializer(case_for(user=signed_in_user(request), case_id=moved.pk)).data
        if given.get("client_uuid"):  # the phone's outbox deletes its entry when the answer names it
            answer["client_uuid"] = str(given["client_uuid"])
        return Response(answer, status=201)


def _illegal(illegal: IllegalMove) -> Response:
    message = _("Not allowed while the case is %(state)s.") % {"state": state_words(illegal.current)}
    body = problem_body(status=409, title=message, errors=[("action", message)])
    return Response({**body, "state": illegal.current}, status=409)


class _DocumentView(APIView):
    permission_classes = [HasRole.of(*CASE_ROLES)]
    kind = ""

    def get(self, request: Request, pk: int) -> HttpResponse:
        case = _case(request, pk)
        try:
            pdf = documents.render(
                case, kind=self.kind, case_url=request.build_absolute_uri(documents.case_path(case))
            )
        except documents.NotIssued as missing:
            raise NotFound(missing.message) from None
        _viewed(request, case, f"{self.kind}_pdf")
        return documents.pdf_response(pdf, filename=documents.filename(case, self.kind))


PDF_RESPONSES = {
    (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The document, Malay first."),
    404: CaseProblem,
}


class NoticePdfView(_DocumentView):
    kind = "notice"

    @_operation("cases_notice_pdf", summary="The notice to register, as PDF", responses=PDF_RESPONSES)
    def get(self, request: Request, pk: int) -> HttpResponse:
        return super().get(request, pk)


class CompoundPdfView(_DocumentView):
    kind = "compound"

    @_operation("cases_compound_pdf", summary="The compound offer, as PDF", responses=PDF_RESPONSES)
    def get(self, request: Request, pk: int) -> HttpResponse:
        return super().get(request, pk)


class ReportView(APIView):
    permission_classes = [HasRole.of(Role.SUPERVISOR)]

    @_operation(
        "enforcement_report",
        summary="The enforcement report of a period: the supervisor's office, or any office or state",
        parameters=[ReportQuerySerializer],
        responses={200: ReportSerializer, 400: CaseProblem},
    )
    def get(self, request: Request) -> Response:
        given = validated(ReportQuerySerializer, request)
        try:
            scope = scope_for(
                signed_in_user(request),
                start=given.get("from"),
                end=given.get("to"),
                office=given.get("office", ""),
                state=given.get("state", ""),
                today=timezone.localdate(),
            )
        except ScopeRefused as refused:
            return problem(status_code=400, field=refused.field, message=refused.message)
        return Response(report(scope))


class OperationReportView(APIView):
    permission_classes = [HasRole.of(Role.SUPERVISOR)]

    @_operation(
        "operations_report",
        summary="The enforcement report of one operation: its detections and the cases they opened",
        responses={200: ReportSerializer, 404: CaseProblem},
    )
    def get(self, request: Request, pk: int) -> Response:
        try:
            scope = operation_scope(signed_in_user(request), pk)
        except Operation.DoesNotExist:
            raise NotFound(_("You have no operation with that id.")) from None
        return Response(report(scope))
