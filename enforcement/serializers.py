from django.utils.translation import gettext as _
from rest_framework import serializers

from nforce.positions import CoordinateField, PositionSerializer
from nforce.problems import problem_serializer

from . import states
from .models import Case, Finding

STATE_HELP = "open, notice_issued, compounded, paid, waived, referred_for_prosecution or closed"
SECTION_HELP = "act4_s4, act4_s5, act800_s14, act800_s16 or arrears"
ACTION_FIELDS = ("months_unregistered", "receipt_number", "amount_rm", "reason", "note")


class FindingSerializer(serializers.ModelSerializer):
    section = serializers.CharField(help_text=SECTION_HELP)

    class Meta:
        model = Finding
        fields = ["section", "workers", "foreign_workers", "found_at", "resolved_at"]
        read_only_fields = fields


class CaseSerializer(serializers.ModelSerializer):
    state = serializers.CharField(help_text=STATE_HELP)
    premises_id = serializers.IntegerField()
    premises_name = serializers.CharField(source="premises.name")
    employer_code = serializers.CharField(source="employer.employer_code", default=None, allow_null=True)
    office_code = serializers.CharField(source="office.code", default=None, allow_null=True)
    inspector = serializers.CharField(source="inspector.staff_number", default=None, allow_null=True)
    operation_code = serializers.CharField(source="operation.code", default=None, allow_null=True)
    compound_amount_rm = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    findings = FindingSerializer(many=True)
    allowed_actions = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "state",
            "premises_id",
            "premises_name",
            "employer_code",
            "office_code",
            "inspector",
            "operation_code",
            "opened_at",
            "registered_at",
            "days_to_registration",
            "closed_at",
            "notice_number",
            "notice_due",
            "compound_number",
            "compound_amount_rm",
            "compound_due",
            "findings",
            "allowed_actions",
        ]
        read_only_fields = fields

    def get_allowed_actions(self, case: Case) -> list[str]:
        return list(states.allowed_actions(case.state))


class CaseActionAnswerSerializer(CaseSerializer):
    client_uuid = serializers.UUIDField(
        required=False, help_text="The client_uuid of the action, when it was sent with one."
    )

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "client_uuid"]
        read_only_fields = fields


class CaseListSerializer(serializers.Serializer):
    cases = CaseSerializer(many=True)


class CaseActionSerializer(PositionSerializer):
    action = serializers.ChoiceField(choices=[(a, a) for a in states.ACTIONS])
    client_uuid = serializers.UUIDField(required=False, help_text="The phone's id: a replay changes nothing.")
    months_unregistered = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=1200,
        help_text="compound: months the employer went unregistered",
    )
    receipt_number = serializers.CharField(required=False, max_length=40, help_text="record_payment")
    amount_rm = serializers.DecimalField(
        required=False, max_digits=10, decimal_places=2, help_text="record_payment"
    )
    reason = serializers.CharField(
        required=False,
        max_length=32,
        help_text="waive: amnesty | reduction; close: registered | not_liable | ceased | court_decided",
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    latitude = CoordinateField("latitude", required=False)
    longitude = CoordinateField("longitude", required=False)


CaseProblem = problem_serializer(
    "CaseProblem", item_name="CaseProblemErrorSerializer", description="nforce.api's error shape."
)


class CaseConflict(CaseProblem):  # type: ignore[valid-type,misc]
    state = serializers.CharField(required=False, help_text="An illegal move: the case's current state.")


class ReportQuerySerializer(serializers.Serializer):
    # "from" is a Python keyword: the field is declared under that name below.
    to = serializers.DateField(required=False, help_text="Last day, included (default: today).")
    office = serializers.CharField(required=False, max_length=16, help_text="Office code (administrators).")
    state = serializers.CharField(required=False, max_length=40, help_text="State (administrators).")

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        start, end = attrs.get("from"), attrs.get("to")
        if start and end and start > end:
            raise serializers.ValidationError({"from": [_("The first day comes after the last.")]})
        if start and end and (end - start).days > 366:
            raise serializers.ValidationError({"from": [_("At most a year at a time.")]})
        return attrs


ReportQuerySerializer._declared_fields["from"] = serializers.DateField(
    required=False, help_text="First day (default: 6 days before `to`)."
)


class SectionFiguresSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    amount_rm = serializers.DecimalField(max_digits=14, decimal_places=2)


class BySectionSerializer(serializers.Serializer):
    act4_s4 = SectionFiguresSerializer()
    act4_s5 = SectionFiguresSerializer()
    act800_s14 = SectionFiguresSerializer()
    act800_s16 = SectionFiguresSerializer()


class CompoundFiguresSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    amount_rm = serializers.DecimalField(max_digits=14, decimal_places=2)
    by_section = BySectionSerializer()


class EmployeesSerializer(serializers.Serializer):
    local = serializers.IntegerField()
    foreign = serializers.IntegerField()


class PeriodSerializer(serializers.Serializer):
    to = serializers.DateField()


PeriodSerializer._declared_fields["from"] = serializers.DateField()


class ReportSerializer(serializers.Serializer):
    period = PeriodSerializer()
    operation = serializers.CharField(
        allow_null=True, help_text="The operation's code (its report), or null."
    )
    premises_inspected = serializers.IntegerField()
    by_outcome = serializers.DictField(child=serializers.IntegerField(), help_text="outcome -> premises")
    non_compliant_percent = serializers.FloatField()
    compounds = CompoundFiguresSerializer()
    compliance_orders = serializers.IntegerField()
    referred_for_prosecution = serializers.IntegerField()
    employers_registered = serializers.IntegerField()
    employees_registered = EmployeesSerializer()
    compounds_paid_rm = serializers.DecimalField(max_digits=14, decimal_places=2)
