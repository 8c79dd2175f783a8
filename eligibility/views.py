"""Pages: the calculator (what-if), a person's eligibility (ID number by POST), an employer's
workers. Thin adapters: parse, call one function, render. Today's date is read here only."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from nforce.audit import client_address_of
from nforce.permissions import any_staff_role

from .checks import employer_check, person_for_claim
from .claims import date_problem
from .facts import PersonFacts
from .forms import CalculatorForm, EmployerCheckForm, PeriodFormSet, PersonClaimForm
from .grid import month_grid
from .money import format_ringgit
from .rules import Contributions, Verdict
from .wording import KIND_LABELS, KIND_STATUS, RELATION_LABELS, describe, headline, month_name

GRID_MONTHS = [(capfirst(MONTHS_3[number]), MONTHS[number]) for number in range(1, 13)]


@any_staff_role
@never_cache
def calculator(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    data = request.POST if request.method == "POST" else None
    form = CalculatorForm(data, today=today)
    periods = PeriodFormSet(data, prefix="periods")
    context: dict[str, Any] = {"form": form, "periods": periods}
    if data is not None and form.is_valid() and periods.is_valid():
        entries = form.check_months(periods)
        if form.is_valid() and periods.is_valid():
            claim = form.claim(entries)
            assert claim.insured is not None
            context["result"] = presented(claim.verdict_for(claim.insured), claim.insured.contributions)
    return _page(request, "eligibility/calculator.html", "eligibility/_calculator_panel.html", context)


@any_staff_role
@never_cache
def person(request: HttpRequest) -> HttpResponse:
    """A person's eligibility. The ID number arrives in the POST body, never in the URL."""
    today = timezone.localdate()
    if request.method != "POST":
        return render(request, "eligibility/person.html", {"form": PersonClaimForm(today=today)})
    form = PersonClaimForm(request.POST, today=today)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        context["result"] = _person_result(request, form)
    status = 404 if form.has_error("id_number", "unknown") else None
    return _page(request, "eligibility/person.html", "eligibility/_person_panel.html", context, status)


def _person_result(request: HttpRequest, form: PersonClaimForm) -> dict[str, Any] | None:
    claim = form.claim()
    assert claim.id_number is not None
    facts = person_for_claim(
        id_number=claim.id_number,
        scheme=claim.scheme,
        on=claim.on,
        actor=request.user,
        client_address=client_address_of(request),
    )
    if facts is None:
        form.add_error("id_number", _unknown_person())
        return None
    problem = date_problem(claim.on, today=form.today, born_on=facts.born_on, scheme=claim.scheme)
    if problem:
        form.add_error(form.date_field, problem)
        return None
    insured = facts.insured()
    return presented(claim.verdict_for(insured), insured.contributions, person=facts)


def _unknown_person() -> ValidationError:
    return ValidationError(_("No insured person has this ID number."), code="unknown")


@any_staff_role
@never_cache
def employer(request: HttpRequest) -> HttpResponse:
    """Which current workers of one employer would qualify if notice were given today."""
    form = EmployerCheckForm(request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        check = employer_check(
            employer_code=form.cleaned_data["employer_code"],
            on=timezone.localdate(),
            actor=request.user,
            client_address=client_address_of(request),
        )
        if check is None:
            form.add_error("employer_code", _("No employer has this code."))
        else:
            context["check"] = check
            context["rows"] = [_worker_row(worker.facts, worker.verdict) for worker in check.workers]
    return _page(request, "eligibility/employer.html", "eligibility/_employer_panel.html", context)


def presented(
    verdict: Verdict, contributions: Contributions, person: PersonFacts | None = None
) -> dict[str, Any]:
    """Everything a result shows, already in words and ringgit."""
    wage = verdict.average_wage
    return {
        "verdict": verdict,
        "person": person,
        "label": KIND_LABELS[verdict.kind],
        "status": KIND_STATUS[verdict.kind],
        "headline": headline(verdict),
        "reasons": [describe(reason) for reason in verdict.reasons],
        "pension": _ringgit(verdict.monthly_pension_sen),
        "average_wage": _ringgit(wage.amount_sen) if wage else None,
        "floor_applied": bool(wage and wage.floor_applied),
        "window_first": month_name(verdict.window.first),
        "window_last": month_name(verdict.window.last),
        "full_rate": _ringgit(verdict.full_rate_sen),
        "shares": [
            (RELATION_LABELS[share.relation], format_ringgit(share.monthly_sen)) for share in verdict.shares
        ],
        "grid": month_grid(verdict, contributions),
        "grid_months": GRID_MONTHS,
    }


def _worker_row(facts: PersonFacts, verdict: Verdict) -> dict[str, Any]:
    return {
        "name": facts.name,
        "masked_id": facts.masked_id,
        "label": KIND_LABELS[verdict.kind],
        "status": KIND_STATUS[verdict.kind],
        "window_paid": verdict.window.months_paid,
        "pension": _ringgit(verdict.monthly_pension_sen),
        "rate": verdict.rate_percent,
        "shortfall": verdict.shortfall_months,
    }


def _ringgit(amount_sen: int | None) -> str | None:
    return None if amount_sen is None else format_ringgit(amount_sen)


def _page(
    request: HttpRequest, page: str, panel: str, context: dict[str, Any], status: int | None = None
) -> HttpResponse:
    """htmx swaps only the panel, and only on a 2xx answer: a full page says 422 or 404 instead."""
    if getattr(request, "htmx", False):
        return render(request, panel, context)
    return render(request, page, context, status=status or (422 if _has_errors(context) else 200))


def _has_errors(context: dict[str, Any]) -> bool:
    form, periods = context.get("form"), context.get("periods")
    return bool(
        (form is not None and form.is_bound and form.errors)
        or (periods is not None and periods.is_bound and periods.total_error_count())
    )
