"""A session that ends on a shared phone takes the browser's HTTP cache with it, never its storage."""

from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

CLEAR_THE_CACHE = '"cache"'  # never "storage": that would wipe other officers' outboxes


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_logging_out_clears_the_browsers_http_cache_and_nothing_else(officer):
    response = signed_in(officer).post(reverse("logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == CLEAR_THE_CACHE


def test_the_first_answer_to_a_session_that_ended_on_the_server_clears_the_cache(officer):
    client = signed_in(officer)
    Session.objects.all().delete()  # expired, or ended from another device
    response = client.get(reverse("detection:record"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == CLEAR_THE_CACHE


def test_the_sign_in_page_clears_the_cache_of_a_phone_whose_session_cookie_expired(db):
    response = Client().get(reverse("login"))  # the cookie went with its expiry: nothing to tell
    assert response["Clear-Site-Data"] == CLEAR_THE_CACHE


def test_a_signed_in_officers_pages_leave_the_cache_alone(officer):
    client = signed_in(officer)
    for url in (reverse("home"), reverse("detection:record"), reverse("login")):
        assert "Clear-Site-Data" not in client.get(url), url
