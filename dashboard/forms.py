"""The query string shared by every dashboard page, list, export and map."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from nforce.bounds import reported_day_validators

from .breakdowns import DIMENSIONS
from .periods import Period, default_period

ISO_DATE = "%Y-%m-%d"
NARROWING = ("area", "state", "office", "officer")


def _date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=[ISO_DATE],
        validators=reported_day_validators(),
        widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")},
    )


class DashboardQueryForm(forms.Form):
    """from/to (both or neither: neither means last week), the narrowing filters, the table shown."""

    area = forms.CharField(label=_("Area"), required=False, max_length=16)
    state = forms.CharField(required=False, max_length=40)
    office = forms.CharField(required=False, max_length=16)
    officer = forms.CharField(required=False, max_length=32)
    by = forms.ChoiceField(required=False, choices=[(name, d.label) for name, d in DIMENSIONS.items()])
    sort = forms.CharField(required=False, max_length=40)

    def __init__(self, data, *, today: date):
        super().__init__(data)
        self.today = today
        # "from" is a Python keyword: the two date fields are added by name.
        self.fields["from"] = _date_field(_("From"))
        self.fields["to"] = _date_field(_("To"))
        self.order_fields(["from", "to", "area"])

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if "from" in self.errors or "to" in self.errors:
            return data
        start, end = data.get("from"), data.get("to")
        if start is None and end is None:
            data["period"] = default_period(today=self.today)
        elif start is None or end is None:
            self.add_error("from" if start is None else "to", _("Give both dates, or neither."))
        elif start > end:
            self.add_error("to", _("The last day must not be before the first."))
        else:
            data["period"] = _checked(self, Period(start=start, end=end))
        return data

    def narrowing(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in NARROWING}


def _checked(form: forms.Form, period: Period) -> Period | None:
    try:
        period.previous()
    except OverflowError:
        form.add_error("from", _("This period has no previous period to compare with."))
        return None
    return period
