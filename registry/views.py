"""Pages of the field check: thin adapters over registry.checks."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from nforce.audit import client_address_of
from nforce.permissions import any_staff_role

from .checks import PERSONAL_KINDS, check_person_in_field, search_employers
from .forms import CheckForm, PersonCheckForm
from .identifiers import classify_query
from .lookup import DEFAULT_RADIUS_M
from .presenting import employer_cards, person_card


@any_staff_role
@require_GET
def check(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "registry/check.html",
        {"form": CheckForm(initial={"radius_m": DEFAULT_RADIUS_M}), "person_form": PersonCheckForm()},
    )


@never_cache
@any_staff_role
@require_POST
def check_results(request: HttpRequest) -> HttpResponse:
    form = CheckForm(request.POST)
    if not form.is_valid():
        return render(request, "registry/_form_errors.html", {"form": form}, status=422)
    data = form.cleaned_data
    if data["q"] and classify_query(data["q"]).kind in PERSONAL_KINDS:
        return _person_result(request, PersonCheckForm({"id_number": data["q"], **_position(data)}))
    outcome = search_employers(
        officer=request.user,
        q=data["q"],
        near=data["near"],
        radius_m=data["radius_m"],
        on=timezone.localdate(),
        client_address=client_address_of(request),
    )
    context = {"cards": employer_cards(outcome.results), "q": data["q"], "near": data["near"] is not None}
    return render(request, "registry/_employer_results.html", context)


@never_cache
@any_staff_role
@require_POST
def person_result(request: HttpRequest) -> HttpResponse:
    return _person_result(request, PersonCheckForm(request.POST))


def _person_result(request: HttpRequest, form: PersonCheckForm) -> HttpResponse:
    if not form.is_valid():
        return render(request, "registry/_form_errors.html", {"form": form}, status=422)
    check = check_person_in_field(
        officer=request.user,
        id_number=form.cleaned_data["id_number"],
        near=form.cleaned_data["near"],
        on=timezone.localdate(),
        client_address=client_address_of(request),
    )
    return render(
        request,
        "registry/_person_result.html",
        {"card": person_card(check, id_number=form.cleaned_data["id_number"])},
    )


def _position(data: dict) -> dict:
    return {key: data[key] for key in ("lat", "lon", "accuracy") if data.get(key) is not None}
