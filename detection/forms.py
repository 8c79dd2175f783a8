"""Forms of the detection pages: a supervisor's data-quality decision."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Premises, QualityDecision


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
