from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from detection.models import Operation
from nforce.positions import PositionField

from .presenting import CLOSE_REASON_LABELS, WAIVE_REASON_LABELS

# The fields each action's form shows, besides the phone's position.
ACTION_FIELDS: dict[str, tuple[str, ...]] = {
    "notice": (),
    "compound": ("months_unregistered",),
    "record_payment": ("receipt_number",),
    "waive": ("reason", "note"),
    "refer_prosecution": ("note",),
    "close": ("reason", "note"),
}
REASONS = {"waive": WAIVE_REASON_LABELS, "close": CLOSE_REASON_LABELS}


class CaseActionForm(forms.Form):
    """One action of the case page; `action` picks the fields it shows (ACTION_FIELDS)."""

    months_unregistered = forms.IntegerField(
        label=_("Months the employer went unregistered"),
        required=False,
        min_value=0,
        max_value=1200,
        help_text=_("From the employer's records; empty: since the first finding."),
    )
    receipt_number = forms.CharField(label=_("Receipt number"), max_length=40)
    reason = forms.ChoiceField(label=_("Reason"))
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    client_uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)
    # Filled in by the page from the phone's position; the move is kept without one.
    position = PositionField()

    def __init__(self, *args, action: str, **kwargs) -> None:
        kwargs.setdefault("auto_id", f"id_{action}_%s")
        super().__init__(*args, **kwargs)
        self.action = action
        keep = {*ACTION_FIELDS[action], "client_uuid", "position"}
        for name in [name for name in self.fields if name not in keep]:
            del self.fields[name]
        if "reason" in self.fields:
            choices = [("", "—"), *REASONS[action].items()]
            reason = self.fields["reason"]
            assert isinstance(reason, forms.ChoiceField)
            reason.choices = choices
            self.fields["reason"].required = action == "waive"

    def act_fields(self) -> dict:
        """The cleaned fields act() takes: those given, without the position and the uuid."""
        skip = {"position", "client_uuid"}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip and v not in (None, "")}


class ReportForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    office = forms.CharField(label=_("Office code"), required=False, max_length=16)
    state = forms.CharField(label=_("State"), required=False, max_length=40)
    operation = forms.ModelChoiceField(
        label=_("Operation"),
        required=False,
        queryset=Operation.objects.none(),
        empty_label=_("Any (the period)"),
        help_text=_("An operation's report: its detections and the cases they opened."),
    )

    def __init__(self, *args, national: bool, operations: QuerySet[Operation], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["operation"].queryset = operations  # type: ignore[attr-defined]
        if not national:  # a supervisor's report is their own office's
            del self.fields["office"], self.fields["state"]

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("start", _("The first day comes after the last."))
        return data
