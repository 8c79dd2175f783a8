"""Forms of the detection pages: a supervisor's data-quality decision, an operation, and moving a
detection to another operation."""

import json

from django import forms
from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon, Polygon
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from nforce.models import Area, Office, User

from .models import Operation, Premises, QualityDecision


class _PremisesChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Premises) -> str:
        area = obj.area.code if obj.area else "—"
        distance = getattr(obj, "distance", None)  # quality.merge_candidates() annotates it
        away = _("%(metres)s m away") % {"metres": round(distance.m)} if distance is not None else ""
        return " · ".join(part for part in (obj.name, obj.address, area, str(away)) if part)


class QualityDecisionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Decision"), choices=QualityDecision.Action.choices, widget=forms.RadioSelect
    )
    into = _PremisesChoice(
        label=_("Merge its premises into"),
        queryset=Premises.objects.none(),
        required=False,
        empty_label=_("(only for a merge)"),
        help_text=_("Open premises within 200 m, nearest first."),
    )
    reason = forms.CharField(
        label=_("Why"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the decision and shown to other supervisors."),
    )

    def __init__(self, *args, candidates: QuerySet[Premises], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        into = self.fields["into"]
        assert isinstance(into, _PremisesChoice)
        into.queryset = candidates

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        if cleaned.get("action") == QualityDecision.Action.MERGE and not cleaned.get("into"):
            self.add_error("into", _("Choose the premises to merge into."))
        return cleaned


_LOCAL_MINUTE = "%Y-%m-%dT%H:%M"


class _LocalDateTimeField(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=_LOCAL_MINUTE)

    def __init__(self, **kwargs) -> None:
        super().__init__(input_formats=[_LOCAL_MINUTE, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"], **kwargs)


class _StaffChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.staff_number})"


class BoundaryField(forms.Field):
    """The polygon(s) drawn on the map, as the GeoJSON geometry the page's script writes."""

    widget = forms.HiddenInput

    MAX_LENGTH = 200_000  # characters of GeoJSON: a few thousand vertices

    def to_python(self, value: object) -> MultiPolygon | None:
        text = str(value or "").strip()
        if not text:
            return None
        if len(text) > self.MAX_LENGTH:
            raise forms.ValidationError(_("The drawn boundary has too many points. Draw it more simply."))
        try:
            geometry = GEOSGeometry(json.dumps(json.loads(text)), srid=4326)
        except (ValueError, TypeError, GEOSException) as error:
            raise forms.ValidationError(_("The drawn boundary could not be read. Draw it again.")) from error
        if isinstance(geometry, Polygon):
            geometry = MultiPolygon(geometry, srid=4326)
        if not isinstance(geometry, MultiPolygon) or not geometry.valid or geometry.empty:
            raise forms.ValidationError(
                _("Draw the boundary as one or more closed shapes that do not cross.")
            )
        return geometry


class OperationForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("Capitals, digits and dashes, e.g. OPS-KESAN-2026."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Operation.Kind.choices, widget=forms.RadioSelect)
    office = forms.ModelChoiceField(
        label=_("Office"),
        queryset=Office.objects.order_by("name"),
        required=False,
        empty_label=_("National (every office)"),
    )
    starts_at = _LocalDateTimeField(label=_("Starts"))
    ends_at = _LocalDateTimeField(label=_("Ends"))
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas it covers"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    boundary = BoundaryField(label=_("Boundary drawn on the map"), required=False)
    team = _StaffChoices(
        label=_("Team"), queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, areas, team, national: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = areas  # type: ignore[attr-defined]
        self.fields["team"].queryset = team  # type: ignore[attr-defined]
        if not national:  # a supervisor plans in their own office only
            del self.fields["office"]


class MoveDetectionForm(forms.Form):
    operation = forms.ModelChoiceField(
        label=_("Counts for the operation"),
        queryset=Operation.objects.none(),
        required=False,
        empty_label=_("No operation"),
    )

    def __init__(self, *args, operations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["operation"].queryset = operations  # type: ignore[attr-defined]
