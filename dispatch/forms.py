from django import forms
from django.utils.translation import gettext_lazy as _

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


class ReassignForm(forms.Form):
    assignments = forms.ModelMultipleChoiceField(
        label=_("Cases to move"), queryset=Assignment.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    to_inspector = forms.ModelChoiceField(label=_("Move to"), queryset=Inspector.objects.none())

    def __init__(self, *args, assignments, inspectors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignments"].queryset = assignments
        self.fields["assignments"].label_from_instance = _case_label
        self.fields["to_inspector"].queryset = inspectors
        self.fields["to_inspector"].label_from_instance = _inspector_label


def _case_label(assignment: Assignment) -> str:
    area = assignment.premises.area.code if assignment.premises.area else "—"
    due = _("due %(date)s") % {"date": assignment.due_on.isoformat()}
    return f"{assignment.premises.name} · {area} · {due}"


def _inspector_label(inspector: Inspector) -> str:
    live = getattr(inspector, "live", None)
    load = f" · {live}/{inspector.capacity}" if live is not None else ""
    return f"{inspector.user.full_name} ({inspector.user.staff_number}){load}"
