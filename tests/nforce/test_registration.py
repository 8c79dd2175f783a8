"""Each app registers its scopes, access rows and navigation entries with the ground floor."""

from dataclasses import replace
from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import AppRegistryNotReady, ImproperlyConfigured
from django.urls import reverse

from nforce import access, scoping
from nforce.models import Office
from tests.factories import UserFactory

APPS = ("nforce", "registry", "eligibility", "detection", "enforcement", "dispatch", "dashboard")


@pytest.mark.parametrize("app", APPS)
def test_every_app_registers_the_access_rows_it_declares(app):
    declared = import_module(f"{app}.access").ENDPOINTS
    assert declared
    assert all(access.by_name()[endpoint.name] == endpoint for endpoint in declared)


def test_the_matrix_holds_exactly_what_the_apps_declare():
    declared = [endpoint for app in APPS for endpoint in import_module(f"{app}.access").ENDPOINTS]
    assert sorted(e.name for e in access.matrix()) == sorted(e.name for e in declared)


def test_a_second_row_for_one_url_name_is_refused_and_the_first_kept():
    home = access.by_name()["home"]
    with pytest.raises(ImproperlyConfigured):
        access.register(replace(home, allowed=access.PUBLIC))
    assert access.by_name()["home"] == home


def test_the_matrix_is_not_read_before_every_app_has_registered(monkeypatch):
    monkeypatch.setattr(apps, "ready", False)
    with pytest.raises(AppRegistryNotReady):
        access.matrix()


def test_a_second_scope_for_one_model_is_refused():
    with pytest.raises(ImproperlyConfigured):
        scoping.scope(Office)(lambda queryset, user: queryset)


def test_the_navigation_follows_the_positions_the_apps_registered(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    entries = client.get(reverse("home")).context["nav_entries"]
    assert [str(entry["label"]) for entry in entries] == [
        "Check",
        "My detections",
        "Pension eligibility",
        "My premises",
        "My cases",
        "Dashboard",
        "Operations",
        "Dispatch queue",
        "Office cases",
        "Enforcement report",
        "Data quality",
        "Audit log",
        "Lookup volumes",
        "Administration",
    ]
