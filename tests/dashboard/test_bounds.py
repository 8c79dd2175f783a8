"""Dates of a dashboard query within sane years (issue 16, item 13): never a 500."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

FAR = {"from": "9999-12-01", "to": "9999-12-31"}


@pytest.fixture
def admin_client(db):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(roles=["supervisor"], is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "url",
    [
        reverse("dashboard"),
        reverse("dashboard:records", args=["checks"]),
        reverse("dashboard:map"),
        reverse("dashboard:records-export", args=["checks", "csv"]),
    ],
)
def test_a_period_in_year_9999_is_a_400_not_a_500(admin_client, url):
    response = admin_client.get(url, FAR)
    assert response.status_code == 400


def test_the_dashboard_says_which_years_it_takes(admin_client):
    response = admin_client.get(reverse("dashboard"), {"from": "1899-01-01", "to": "1899-01-31"})
    assert response.status_code == 400
    assert "from 2000 to the end of next year" in response.content.decode()


def test_the_summary_api_names_the_date_out_of_range(admin_client):
    response = admin_client.get(reverse("dashboard-summary"), FAR)
    assert response.status_code == 400
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"from", "to"}
