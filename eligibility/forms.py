"""Page forms: a person's claim by ID number, and the calculator's record typed by periods."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from registry.fields import EmployerCodeFormField, IdNumberFormField

from .claims import DATE_FIELDS, Claim, date_problem, first_payable_problem, month_problems
from .money import sen
from .months import Month
from .rules import Contributions, Entry, Insured, Scheme
from .shares import Relation
from .verdicts import MAX_WORKER_PAGE

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


class MonthInput(forms.TextInput):
    input_type = "month"

    def __init__(self) -> None:
        super().__init__(
            attrs={"placeholder": "YYYY-MM", "pattern": "[0-9]{4}-[0-9]{2}", "inputmode": "numeric"}
        )


class MonthFormField(forms.Field):
    """`YYYY-MM`, as sent by <input type="month"> and as typed where the browser has none."""

    widget = MonthInput
    default_error_messages = {"invalid": _("Enter a month as YYYY-MM, for example 2024-12.")}

    def to_python(self, value: Any) -> Month | None:
        text = "" if value in self.empty_values else str(value).strip()
        if not text:
            return None
        try:
            return Month.parse(text)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value: Any) -> Any:
        return str(value) if isinstance(value, Month) else value


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def _count(label: str | _StrPromise, maximum: int) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=maximum, initial=0, required=False)


class SurvivorsForm(forms.Form):
    """What only a survivors' claim needs: a pension being paid at death, and the dependants."""

    receiving_pension = forms.DecimalField(
        label=_("Invalidity pension being paid at death (RM a month)"),
        help_text=_("Leave empty if the deceased was not receiving one."),
        min_value=Decimal("0"),
        max_digits=9,
        decimal_places=2,
        required=False,
    )
    widows = _count(_("Widows"), 4)
    widowers = _count(_("Widowers"), 1)
    children = _count(_("Children"), 20)
    parents = _count(_("Parents"), 2)

    def survivors_part(self) -> dict[str, Any]:
        data = self.cleaned_data
        pension = data.get("receiving_pension")
        counts = [
            (Relation.WIDOW, data.get("widows")),
            (Relation.WIDOWER, data.get("widowers")),
            (Relation.CHILD, data.get("children")),
            (Relation.PARENT, data.get("parents")),
        ]
        return {
            "receiving_pension_sen": None if pension is None else sen(pension),
            "dependants": tuple(relation for relation, count in counts for _ in range(count or 0)),
        }


class PersonClaimForm(SurvivorsForm):
    """Reached by POST from a person check: the ID number is a form field, never in the URL."""

    id_number = IdNumberFormField(label=_("MyKad or passport number"), max_length=30)
    notice_date = forms.DateField(
        label=_("Date of the notice of invalidity"),
        help_text=_("Empty means today."),
        required=False,
        widget=DateInput(),
    )
    death_date = forms.DateField(
        label=_("Date of death"),
        help_text=_("Fill in only for a Survivors' Pension."),
        required=False,
        widget=DateInput(),
    )
    field_order = ("id_number", "notice_date", "death_date")

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if (
            data.get("death_date") is None
            and data.get("notice_date") is None
            and not self.has_error("notice_date")
        ):
            data["notice_date"] = self.today
        field = self.date_field
        if data.get(field):
            problem = date_problem(data[field], today=self.today, born_on=None, scheme=self.scheme)
            if problem:
                self.add_error(field, problem)
        return data

    @property
    def scheme(self) -> Scheme:
        return Scheme.SURVIVORS if self.cleaned_data.get("death_date") else Scheme.INVALIDITY

    @property
    def date_field(self) -> str:
        return DATE_FIELDS[self.scheme]

    def claim(self) -> Claim:
        data = self.cleaned_data
        extra = self.survivors_part() if self.scheme is Scheme.SURVIVORS else {}
        return Claim(scheme=self.scheme, on=data[self.date_field], id_number=data["id_number"], **extra)


class CalculatorForm(SurvivorsForm):
    """What-if: a record typed by hand, as periods of months at one wage."""

    scheme = forms.TypedChoiceField(
        label=_("Pension"),
        choices=[
            (Scheme.INVALIDITY.value, _("Invalidity Pension (notice of invalidity)")),
            (Scheme.SURVIVORS.value, _("Survivors' Pension (death)")),
        ],
        coerce=Scheme,
        initial=Scheme.INVALIDITY.value,
        widget=forms.RadioSelect,
    )
    on = forms.DateField(label=_("Date of the notice, or date of death"), widget=DateInput())
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=DateInput())
    first_payable_month = MonthFormField(
        label=_("Month contributions first became payable"),
        help_text=_("Empty means the earliest paid month."),
        required=False,
    )
    foreign_worker = forms.BooleanField(label=_("Foreign worker"), required=False)
    field_order = ("scheme", "on", "date_of_birth", "first_payable_month", "foreign_worker")

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["on"].initial = today

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        on, born_on, scheme = data.get("on"), data.get("date_of_birth"), data.get("scheme")
        born_problem = born_on and date_problem(
            born_on, today=self.today, born_on=None, scheme=Scheme.INVALIDITY
        )
        if born_problem:
            self.add_error("date_of_birth", born_problem)
        elif on and born_on and scheme:
            problem = date_problem(on, today=self.today, born_on=born_on, scheme=scheme)
            if problem:
                self.add_error("on", problem)
        return data

    def claim(self, entries: list[Entry]) -> Claim:
        data = self.cleaned_data
        insured = Insured(
            born_on=data["date_of_birth"],
            contributions=Contributions.of(entries),
            first_payable=data.get("first_payable_month"),
            foreign_worker=data.get("foreign_worker", False),
        )
        extra = self.survivors_part() if data["scheme"] is Scheme.SURVIVORS else {}
        return Claim(scheme=data["scheme"], on=data["on"], insured=insured, **extra)

    def check_months(self, periods: BasePeriodFormSet) -> list[Entry]:
        """The periods as entries, with an error on each period holding a month the person cannot
        have been paid for (before birth, after death, in the future, or in two periods)."""
        data = self.cleaned_data
        placed = periods.entries()
        months = [month for month, _row in placed]
        problems = month_problems(
            months, born_on=data["date_of_birth"], on=data["on"], today=self.today, scheme=data["scheme"]
        )
        troubled_rows: set[int] = set()
        for position, problem in problems:
            month, row = placed[position]
            if row not in troubled_rows:  # the first month in trouble says enough about its period
                periods.forms[row].add_error(None, f"{month}: {problem}")
                troubled_rows.add(row)
        first_payable = data.get("first_payable_month")
        if first_payable:
            earliest = min(months, default=None)
            refused = first_payable_problem(
                first_payable, born_on=data["date_of_birth"], on=data["on"], earliest_paid=earliest
            )
            if refused:
                self.add_error("first_payable_month", refused)
        return [periods.entry(month, row) for month, row in placed]


class PeriodForm(forms.Form):
    first_month = MonthFormField(label=_("From"))
    last_month = MonthFormField(label=_("To"), required=False, help_text=_("Empty means one month."))
    wage = forms.DecimalField(
        label=_("Wage a month (RM)"), min_value=Decimal("0"), max_digits=9, decimal_places=2
    )
    category = forms.TypedChoiceField(
        label=_("Category"),
        choices=[(1, _("First (invalidity and injury)")), (2, _("Second (injury only)"))],
        coerce=int,
        initial=1,
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        first, last = data.get("first_month"), data.get("last_month")
        if first and last and last < first:
            self.add_error("last_month", str(_("This month is before the first month.")))
        return data

    def months(self) -> list[Month]:
        first = self.cleaned_data["first_month"]
        return list(first.through(self.cleaned_data.get("last_month") or first))


class BasePeriodFormSet(forms.BaseFormSet):
    def filled(self) -> list[tuple[int, PeriodForm]]:
        return [
            (row, form) for row, form in enumerate(self.forms) if form.has_changed() and form.cleaned_data
        ]

    def entries(self) -> list[tuple[Month, int]]:
        """Every month of every filled period, with the row it came from, in the order typed."""
        return [(month, row) for row, form in self.filled() for month in form.months()]

    def entry(self, month: Month, row: int) -> Entry:
        data = self.forms[row].cleaned_data
        return Entry(month, sen(data["wage"]), data["category"])


# formset_factory() makes a subclass of `formset`: django-stubs say only BaseFormSet.
PeriodFormSet = cast(
    type[BasePeriodFormSet],
    forms.formset_factory(
        PeriodForm, formset=BasePeriodFormSet, extra=2, max_num=60, validate_max=True, absolute_max=60
    ),
)


class EmployerCheckForm(forms.Form):
    employer_code = EmployerCodeFormField(label=_("Employer code"), max_length=20)
    page = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_WORKER_PAGE, widget=forms.HiddenInput
    )

    def clean_page(self) -> int:
        return self.cleaned_data["page"] or 1
