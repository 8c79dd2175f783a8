"""Pages of the field check: thin adapters over the field checks of registry.queries."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from nforce.audit import asked_by
from nforce.offline import offline_shell
from nforce.permissions import any_staff_role

from .forms import CheckForm, PersonCheckForm
from .identifiers import classify_query
from .presenting import employer_cards, offline_check_strings, person_card, signboard_from
from .queries import DEFAULT_RADIUS_M, PERSONAL_KINDS, check_person_in_field, search_employers


@offline_shell
@any_staff_role
@require_GET
def check(request: HttpRequest) -> HttpResponse:
    """The form alone (results come by htmx): kept by the phone, to check from the area pack
    with no signal (static/js/offline-check.js)."""
    context = {
        "form": CheckForm(initial={"radius_m": DEFAULT_RADIUS_M}),
        "person_form": PersonCheckForm(),
        "offline_strings": offline_check_strings(),
    }
    return render(request, "registry/check.html", context)


@never_cache
@any_staff_role
@require_POST
def check_results(request: HttpRequest) -> HttpResponse:
    form = CheckForm(request.POST)
    if not form.is_valid():
        return render(request, "registry/_form_errors.html", {"form": form}, status=422)
    data = form.cleaned_data
    if data["q"] and classify_query(data["q"]).kind in PERSONAL_KINDS:
        return _person_result(request, PersonCheckForm({**request.POST.dict(), "id_number": data["q"]}))
    query = {"q": data["q"], "near": data["position"], "radius_m": data["radius_m"]}
    outcome = search_employers(
        on=timezone.localdate(), accuracy_m=data.get("accuracy"), **query, **asked_by(request)
    )
    context = {
        "check_id": outcome.check_id,
        "cards": employer_cards(outcome.results),
        "q": data["q"],
        "signboard": signboard_from(data["q"]),
        "near": data["position"] is not None,
    }
    return render(request, "registry/_employer_results.html", context)


@never_cache
@any_staff_role
@require_POST
def person_result(request: HttpRequest) -> HttpResponse:
    return _person_result(request, PersonCheckForm(request.POST))


def _person_result(request: HttpRequest, form: PersonCheckForm) -> HttpResponse:
    if not form.is_valid():
        return render(request, "registry/_form_errors.html", {"form": form}, status=422)
    found = form.cleaned_data
    check = check_person_in_field(
        id_number=found["id_number"],
        near=found["position"],
        accuracy_m=found.get("accuracy"),
        on=timezone.localdate(),
        **asked_by(request),
    )
    return render(
        request, "registry/_person_result.html", {"card": person_card(check, id_number=found["id_number"])}
    )
