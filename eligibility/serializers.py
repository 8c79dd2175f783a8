"""API input and output of the eligibility checks: the contract of issue 4, field for field.

Error messages are translated (officers read them); help texts are API documentation for
developers and stay in English.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from nforce.problems import problem_serializer, refuse_fields
from registry.fields import EmployerCodeField, IdNumberField

from .claims import DATE_FIELDS, Claim, date_problem, first_payable_problem, month_problems
from .money import ringgit, sen
from .months import Month
from .presenting import describe, headline
from .rules import Contributions, Entry, Insured, Kind, Scheme, Verdict
from .shares import Relation
from .verdicts import MAX_WORKER_PAGE

MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
CALCULATOR_FIELDS = ("date_of_birth", "contributions", "first_payable_month", "foreign_worker")


@extend_schema_field({"type": "string", "pattern": MONTH_PATTERN, "example": "2024-12"})
class MonthField(serializers.Field):
    default_error_messages = {"invalid": _("Enter a month as YYYY-MM, for example 2024-12.")}

    def to_internal_value(self, data: Any) -> Month:
        if not isinstance(data, str):
            self.fail("invalid")
        try:
            return Month.parse(data)
        except ValueError:
            self.fail("invalid")
        raise AssertionError("unreachable")  # self.fail raises

    def to_representation(self, value: Month) -> str:
        return str(value)


def _money(**options: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=11, decimal_places=2, **options)


class EligibilityContributionSerializer(serializers.Serializer):
    month = MonthField()
    wage = _money(min_value=Decimal("0"), help_text="Wages of the month in ringgit, all employers together.")
    category = serializers.ChoiceField(choices=[1, 2], default=1)


class EligibilityDependantSerializer(serializers.Serializer):
    relation = serializers.ChoiceField(choices=[relation.value for relation in Relation])


class _ClaimSerializer(serializers.Serializer):
    """Person mode: `id_number` and the date. Calculator mode: the record as typed."""

    scheme: ClassVar[Scheme]
    date_field: ClassVar[str]

    id_number = IdNumberField(required=False, max_length=30, help_text="Person mode: MyKad or passport.")
    date_of_birth = serializers.DateField(required=False)
    # many_init() is what many=True calls: its max_length is not in drf-stubs' __init__.
    contributions = EligibilityContributionSerializer.many_init(required=False, max_length=1200)
    first_payable_month = MonthField(required=False)
    foreign_worker = serializers.BooleanField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        on, today = attrs[self.date_field], self.context["today"]
        refuse_fields({self.date_field: date_problem(on, today=today, born_on=None, scheme=self.scheme)})
        if "id_number" in attrs:
            given = [name for name in CALCULATOR_FIELDS if name in self.initial_data]
            message = _("Leave this out when id_number is given: the record comes from the registry.")
            refuse_fields(dict.fromkeys(given, message))
        else:
            self._check_calculator(attrs, on=on, today=today)
        return attrs

    def claim(self) -> Claim:
        data = self.validated_data
        return Claim(
            scheme=self.scheme,
            on=data[self.date_field],
            id_number=data.get("id_number"),
            insured=None if "id_number" in data else _insured(data),
            **self._survivors_part(data),
        )

    def _survivors_part(self, data: dict[str, Any]) -> dict[str, Any]:
        return {}

    def _check_calculator(self, attrs: dict[str, Any], *, on: date, today: date) -> None:
        missing = [name for name in ("date_of_birth", "contributions") if name not in attrs]
        refuse_fields(dict.fromkeys(missing, _("Required when no id_number is given.")))
        born_on, scheme = attrs["date_of_birth"], self.scheme
        refuse_fields({"date_of_birth": date_problem(born_on, today=today, born_on=None, scheme=scheme)})
        refuse_fields({self.date_field: date_problem(on, today=today, born_on=born_on, scheme=scheme)})
        months = [entry["month"] for entry in attrs["contributions"]]
        problems = month_problems(months, born_on=born_on, on=on, today=today, scheme=scheme)
        refuse_fields({f"contributions[{position}].month": message for position, message in problems})
        if "first_payable_month" in attrs:
            earliest = min(months, default=None)
            problem = first_payable_problem(
                attrs["first_payable_month"], born_on=born_on, on=on, earliest_paid=earliest
            )
            refuse_fields({"first_payable_month": problem})


class InvalidityClaimSerializer(_ClaimSerializer):
    scheme = Scheme.INVALIDITY
    date_field = DATE_FIELDS[Scheme.INVALIDITY]

    notice_date = serializers.DateField(help_text="The day the notice of invalidity is given.")


class SurvivorsClaimSerializer(_ClaimSerializer):
    scheme = Scheme.SURVIVORS
    date_field = DATE_FIELDS[Scheme.SURVIVORS]

    death_date = serializers.DateField()
    receiving_invalidity_pension = _money(
        required=False,
        min_value=Decimal("0"),
        help_text="Monthly invalidity pension paid at death, if any.",
    )
    dependants = EligibilityDependantSerializer.many_init(
        required=False,
        max_length=50,
        help_text="List children eldest first: a spare sen goes to the elder child on a tie.",
    )

    def _survivors_part(self, data: dict[str, Any]) -> dict[str, Any]:
        pension = data.get("receiving_invalidity_pension")
        return {
            "receiving_pension_sen": None if pension is None else sen(pension),
            "dependants": tuple(Relation(item["relation"]) for item in data.get("dependants", ())),
        }


def _insured(data: dict[str, Any]) -> Insured:
    entries = (Entry(item["month"], sen(item["wage"]), item["category"]) for item in data["contributions"])
    return Insured(
        born_on=data["date_of_birth"],
        contributions=Contributions.of(entries),
        first_payable=data.get("first_payable_month"),
        foreign_worker=data.get("foreign_worker", False),
    )


class EligibilityWindowSerializer(serializers.Serializer):
    first = MonthField()
    last = MonthField()
    months_paid = serializers.IntegerField()


class EligibilityReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    values = serializers.DictField(help_text="The numbers behind the message; amounts in sen.")


class InvalidityVerdictSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=[kind.value for kind in Kind])
    summary = serializers.CharField(help_text="The verdict in one sentence, in the language asked for.")
    rate_percent = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    average_monthly_wage = _money(allow_null=True)
    monthly_pension = _money(allow_null=True)
    window = EligibilityWindowSerializer()
    n_months = serializers.IntegerField(allow_null=True)
    c_months = serializers.IntegerField(allow_null=True)
    shortfall_months = serializers.IntegerField(allow_null=True)
    reasons = EligibilityReasonSerializer(many=True)


class SurvivorShareSerializer(serializers.Serializer):
    relation = serializers.ChoiceField(choices=[relation.value for relation in Relation])
    monthly_amount = _money()


class SurvivorsVerdictSerializer(InvalidityVerdictSerializer):
    full_rate = _money(allow_null=True)
    shares = SurvivorShareSerializer(many=True)


EligibilityProblemSerializer = problem_serializer(
    "EligibilityProblemSerializer", item_name="EligibilityProblemItemSerializer"
)


def verdict_payload(verdict: Verdict) -> dict[str, Any]:
    """The verdict in the shape of the response serializers (amounts as ringgit)."""
    wage = verdict.average_wage
    payload: dict[str, Any] = {
        "verdict": verdict.kind.value,
        "summary": headline(verdict),
        "rate_percent": verdict.rate_percent,
        "average_monthly_wage": ringgit(wage.amount_sen) if wage else None,
        "monthly_pension": _ringgit_or_none(verdict.monthly_pension_sen),
        "window": verdict.window,
        "n_months": verdict.n_months,
        "c_months": verdict.c_months,
        "shortfall_months": verdict.shortfall_months,
        "reasons": [{"code": r.code, "message": describe(r), "values": r.data} for r in verdict.reasons],
    }
    if verdict.scheme is Scheme.SURVIVORS:
        payload["full_rate"] = _ringgit_or_none(verdict.full_rate_sen)
        payload["shares"] = [
            {"relation": share.relation.value, "monthly_amount": ringgit(share.monthly_sen)}
            for share in verdict.shares
        ]
    return payload


def _ringgit_or_none(amount_sen: int | None) -> Decimal | None:
    return None if amount_sen is None else ringgit(amount_sen)


class EmployerCheckSerializer(serializers.Serializer):
    employer_code = EmployerCodeField()
    page = serializers.IntegerField(
        required=False,
        default=1,
        min_value=1,
        max_value=MAX_WORKER_PAGE,
        help_text="Workers come 20 to a page, by name; each worker shown counts as one person lookup.",
    )


class WorkerVerdictSerializer(serializers.Serializer):
    name = serializers.CharField()
    id_number_last4 = serializers.CharField(help_text="Last four characters of the national ID only.")
    verdict = serializers.ChoiceField(choices=[kind.value for kind in Kind])
    rate_percent = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    monthly_pension = _money(allow_null=True)
    window_months_paid = serializers.IntegerField()
    shortfall_months = serializers.IntegerField(allow_null=True)


class EmployerCheckResultSerializer(serializers.Serializer):
    employer_code = serializers.CharField()
    employer_name = serializers.CharField()
    notice_date = serializers.DateField()
    workers = WorkerVerdictSerializer(many=True, help_text="This page's workers.")
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    workers_total = serializers.IntegerField(help_text="Current workers on every page.")
