from django import forms
from django.utils.translation import gettext_lazy as _

from nforce.dates import reader_date
from nforce.positions import PositionField

from .models import Assignment, Inspector


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Assignment.Outcome.choices, widget=forms.RadioSelect
    )
    employer_code = forms.CharField(
        label=_("New employer code"),
        required=False,
        max_length=20,
        help_text=_("Needed for “registered”: the 12-character code on the registration letter."),
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    # Filled in by the page from the phone's position; the outcome is kept without one.
    position = PositionField()
    # Made when the form is shown: a form sent twice (a double tap, a resend after a lost
    # answer) records the outcome once.
    client_uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)


class _CaseChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Assignment) -> str:
        area = obj.premises.area.code if obj.premises.area else "—"
        due = _("due %(date)s") % {"date": reader_date(obj.due_on)}
        return f"{obj.premises.name} · {area} · {due}"


class _InspectorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Inspector) -> str:
        live = getattr(obj, "live", None)
        load = f" · {live}/{obj.capacity}" if live is not None else ""
        return f"{obj.user.full_name} ({obj.user.staff_number}){load}"


class ReassignForm(forms.Form):
    assignments = _CaseChoices(
        label=_("Cases to move"), queryset=Assignment.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    to_inspector = _InspectorChoice(label=_("Move to"), queryset=Inspector.objects.none())

    def __init__(self, *args, assignments, inspectors, **kwargs):
        super().__init__(*args, **kwargs)
        cases, to_inspector = self.fields["assignments"], self.fields["to_inspector"]
        assert isinstance(cases, _CaseChoices) and isinstance(to_inspector, _InspectorChoice)
        cases.queryset, to_inspector.queryset = assignments, inspectors
