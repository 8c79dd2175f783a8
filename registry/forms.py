from django import forms
from django.utils.translation import gettext_lazy as _

from nforce.positions import PositionField

from .fields import IdNumberFormField
from .queries import DEFAULT_RADIUS_M, MAX_RADIUS_M


class PositionForm(forms.Form):
    """The phone's position, filled in by the page's script; optional everywhere."""

    position = PositionField(in_malaysia=True)
    accuracy = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=0)


class CheckForm(PositionForm):
    q = forms.CharField(
        label=_("Name, employer code, registration no. or MyKad"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "enterkeyhint": "search",
                "type": "search",
            }
        ),
    )
    radius_m = forms.IntegerField(
        required=False,
        min_value=50,
        max_value=MAX_RADIUS_M,
        initial=DEFAULT_RADIUS_M,
        widget=forms.HiddenInput,
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        data["radius_m"] = data.get("radius_m") or DEFAULT_RADIUS_M
        data["q"] = (data.get("q") or "").strip()
        if not data["q"] and data.get("position") is None and not self.has_error("position"):
            raise forms.ValidationError(
                _("Type a name, code or registration number, or allow location and tap Near me.")
            )
        return data


class PersonCheckForm(PositionForm):
    id_number = IdNumberFormField(label=_("Worker's MyKad or passport number"), max_length=40)
