from django import forms
from django.contrib.gis.geos import Point
from django.utils.translation import gettext_lazy as _

from .identifiers import InvalidIdentifier, normalise_id_number
from .lookup import DEFAULT_RADIUS_M, MAX_RADIUS_M
from .models import MALAYSIA_BOUNDS


class PositionForm(forms.Form):
    """The phone's position, filled in by the page's script; optional everywhere."""

    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)
    accuracy = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=0)

    def clean(self):
        data = super().clean()
        lat, lon = data.get("lat"), data.get("lon")
        data["near"] = None
        if lat is not None and lon is not None:
            box = MALAYSIA_BOUNDS
            if not (box["lat_min"] <= lat <= box["lat_max"] and box["lon_min"] <= lon <= box["lon_max"]):
                raise forms.ValidationError(_("Your position is outside Malaysia; the search ignores it."))
            data["near"] = Point(lon, lat, srid=4326)
        return data


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
        data = super().clean()
        data["radius_m"] = data.get("radius_m") or DEFAULT_RADIUS_M
        data["q"] = (data.get("q") or "").strip()
        if not data["q"] and data["near"] is None:
            raise forms.ValidationError(
                _("Type a name, code or registration number, or allow location and tap Near me.")
            )
        return data


class PersonCheckForm(PositionForm):
    id_number = forms.CharField(
        label=_("Worker's MyKad or passport number"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "inputmode": "text", "autocapitalize": "characters"}
        ),
    )

    def clean_id_number(self) -> str:
        try:
            return normalise_id_number(self.cleaned_data["id_number"])
        except InvalidIdentifier as error:
            raise forms.ValidationError(error.message, code=error.code) from error
