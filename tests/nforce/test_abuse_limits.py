"""Sign-in lockout behind a proxy, the per-staff-number backoff and the API throttles (issue 16, item 9)."""

import pytest
import redis
from django.conf import settings
from django.test import RequestFactory, override_settings
from django.urls import reverse

from nforce.addresses import client_address
from nforce.login_backoff import failures_key
from tests.factories import DEFAULT_PASSWORD, UserFactory

PROXY = {"TRUSTED_PROXY_HEADER": "X-Forwarded-For", "TRUSTED_PROXY_COUNT": 1}


@pytest.fixture(autouse=True)
def fresh_counters():
    redis.Redis.from_url(settings.REDIS_URL).flushdb()


def _address(remote: str, forwarded: str | None = None) -> str | None:
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))


def test_without_a_trusted_proxy_a_forwarded_header_is_never_believed():
    assert _address("203.0.113.9", "10.9.9.9") == "203.0.113.9"


@override_settings(**PROXY)
def test_behind_one_proxy_the_client_is_the_address_that_proxy_appended():
    # The client forged the left part; only the right-most entry was written by our proxy.
    assert _address("10.0.0.2", "1.1.1.1, 198.51.100.7") == "198.51.100.7"


@override_settings(TRUSTED_PROXY_HEADER="X-Forwarded-For", TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_the_client_is_second_from_the_right():
    assert _address("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.5") == "198.51.100.7"
    assert _address("10.0.0.2", "198.51.100.7") == "10.0.0.2"  # did not come through both


@override_settings(**PROXY)
def test_a_malformed_forwarded_address_falls_back_to_the_connection():
    assert _address("10.0.0.2", "not-an-address") == "10.0.0.2"


def _log_in(client, staff_number, password, *, forwarded):
    return client.post(
        reverse("login"),
        {"username": staff_number, "password": password},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@override_settings(**PROXY)
def test_behind_the_proxy_a_lockout_is_per_client_not_for_everyone_behind_it(client, officer):
    for _ in range(5):
        _log_in(client, officer.staff_number, "wrong", forwarded="198.51.100.1")
    assert (
        _log_in(client, officer.staff_number, DEFAULT_PASSWORD, forwarded="198.51.100.1").status_code == 429
    )
    # Same proxy, another client: not locked (on the old code REMOTE_ADDR locked both).
    assert (
        _log_in(client, officer.staff_number, DEFAULT_PASSWORD, forwarded="198.51.100.2").status_code == 302
    )


@override_settings(**PROXY)
def test_a_forged_forwarded_prefix_does_not_escape_the_lockout(client, officer):
    for attempt in range(5):
        _log_in(client, officer.staff_number, "wrong", forwarded=f"7.7.7.{attempt}, 198.51.100.1")
    locked = _log_in(client, officer.staff_number, DEFAULT_PASSWORD, forwarded="8.8.8.8, 198.51.100.1")
    assert locked.status_code == 429


@override_settings(LOGIN_BACKOFF_AFTER=3, LOGIN_BACKOFF_MAX_S=600)
def test_failures_from_many_addresses_make_that_staff_number_wait(client, officer):
    for attempt in range(3):
        client.post(
            reverse("login"),
            {"username": officer.staff_number, "password": "wrong"},
            REMOTE_ADDR=f"10.3.0.{attempt}",
        )
    waiting = client.post(
        reverse("login"),
        {"username": officer.staff_number, "password": DEFAULT_PASSWORD},
        REMOTE_ADDR="10.3.1.1",
    )
    assert waiting.status_code == 200
    assert "Try again in 1 second" in waiting.content.decode()
    other = UserFactory(roles=["officer"])
    other_response = client.post(
        reverse("login"),
        {"username": other.staff_number, "password": DEFAULT_PASSWORD},
        REMOTE_ADDR="10.3.1.1",
    )
    assert other_response.status_code == 302


@override_settings(LOGIN_BACKOFF_AFTER=2, LOGIN_BACKOFF_MAX_S=600)
def test_the_wait_doubles_with_each_failure_and_ends(officer):
    from nforce import login_backoff

    for _ in range(5):
        login_backoff.note_failure(officer.staff_number)
    now = float(redis.Redis.from_url(settings.REDIS_URL).hget(failures_key(officer.staff_number), "last"))
    assert login_backoff.wait_seconds(officer.staff_number, now=now) == 8
    assert login_backoff.wait_seconds(officer.staff_number, now=now + 8) == 0
    login_backoff.forget_failures(officer.staff_number)
    assert login_backoff.wait_seconds(officer.staff_number, now=now) == 0


def test_the_backoff_lets_sign_in_go_on_when_redis_is_down(client, officer):
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0", LOGIN_BACKOFF_AFTER=0):
        response = client.post(
            reverse("login"), {"username": officer.staff_number, "password": DEFAULT_PASSWORD}
        )
    assert response.status_code == 302


def _throttled(rates):
    return override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates})


def test_the_api_throttles_each_login_past_its_rate_with_a_problem(api_as, officer, inspector):
    with _throttled({"staff": "3/minute", "anonymous": "3/minute"}):
        url = reverse("detection-api:mine")
        statuses = [api_as(officer).get(url).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        refused = api_as(officer).get(url)
        assert refused.json()["status"] == 429
        assert "Retry-After" in refused
        assert api_as(inspector).get(url).status_code == 200


@override_settings(LOGIN_BACKOFF_AFTER=2, LOGIN_BACKOFF_MAX_S=600)
def test_the_admin_sign_in_keeps_the_backoff_too(client, db):
    admin = UserFactory(is_staff=True, is_superuser=True)
    for _ in range(2):
        client.post(reverse("admin:login"), {"username": admin.staff_number, "password": "wrong"})
    right = client.post(
        reverse("admin:login"), {"username": admin.staff_number, "password": DEFAULT_PASSWORD}
    )
    assert right.status_code == 200  # the form again: not signed in
    assert "_auth_user_id" not in client.session
    failures = redis.Redis.from_url(settings.REDIS_URL).hget(failures_key(admin.staff_number), "failures")
    assert int(failures) == 2  # the refusal while waiting is not counted as a guess
