"""Pages: the calculator (what-if), a person's eligibility (ID number by POST), an employer's
workers. Thin adapters: parse, call one function, render. Today's date is read here only."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from nforce.audit import asked_by
from nforce.permissions import any_staff_role

from .forms import CalculatorForm, EmployerCheckForm, PeriodFormSet, PersonClaimForm
from .presenting import presented, worker_row
from .verdicts import CheckRefused, employer_check, person_verdict


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
    try:
        found = person_verdict(claim=form.claim(), today=form.today, **asked_by(request))
    except CheckRefused as refused:
        form.add_error(refused.field, _refusal(refused))
        return None
    return presented(found.verdict, found.facts.contributions, person=found.facts)


def _refusal(refused: CheckRefused) -> ValidationError:
    return ValidationError(refused.message, code="unknown" if refused.unknown else "invalid")


@any_staff_role
@never_cache
def employer(request: HttpRequest) -> HttpResponse:
    """Which current workers of one employer would qualify if notice were given today."""
    form = EmployerCheckForm(request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        try:
            check = employer_check(**form.cleaned_data, on=timezone.localdate(), **asked_by(request))
        except CheckRefused as refused:
            form.add_error(refused.field, _refusal(refused))
        else:
            context["check"] = check
            context["rows"] = [worker_row(worker.facts, worker.verdict) for worker in check.workers]
    return _page(request, "eligibility/employer.html", "eligibility/_employer_panel.html", context)


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
