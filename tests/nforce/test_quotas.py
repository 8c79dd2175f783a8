import time
from functools import partial

import pytest
import redis
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from nforce.models import AuditEvent
from nforce.quotas import QuotaExceeded, count_lookup


@pytest.fixture(autouse=True)
def fresh_counters():
    redis.Redis.from_url(settings.REDIS_URL).flushdb()


@override_settings(LOOKUP_QUOTAS={"employer": 3, "person": 2})
def test_employer_lookups_past_the_quota_are_refused_with_a_clear_message(api_as, officer):
    client = api_as(officer)
    url = reverse("registry-api:employer-search")
    statuses = [client.post(url, {"q": "kedai runcit"}, format="json").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.post(url, {"q": "kedai runcit"}, format="json")
    assert "ask your supervisor" in refused.json()["detail"]
    assert AuditEvent.objects.filter(action="quota.exceeded", actor=officer).count() == 1


@override_settings(LOOKUP_QUOTAS={"employer": 3, "person": 1})
def test_person_checks_have_their_own_quota_per_user(api_as, officer, inspector):
    url = reverse("registry-api:person-check")
    assert api_as(officer).post(url, {"id_number": "900101105555"}, format="json").status_code == 200
    assert api_as(officer).post(url, {"id_number": "900101105555"}, format="json").status_code == 429
    assert api_as(inspector).post(url, {"id_number": "900101105555"}, format="json").status_code == 200


@override_settings(LOOKUP_QUOTAS={"employer": 1, "person": 1})
def test_the_check_page_shows_the_quota_message(client, officer):
    client.force_login(officer)
    client.post(reverse("registry:check-results"), {"q": "kedai"})
    response = client.post(reverse("registry:check-results"), {"q": "kedai"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 429
    assert "ask your supervisor" in response.content.decode()


def test_lookups_go_on_when_redis_is_unreachable(api_as, officer):
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        response = api_as(officer).post(
            reverse("registry-api:employer-search"), {"q": "kedai"}, format="json"
        )
    assert response.status_code == 200


def test_person_lookups_stop_when_their_quota_cannot_be_counted(api_as, officer, caplog):
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        response = api_as(officer).post(
            reverse("registry-api:person-check"), {"id_number": "900101105555"}, format="json"
        )
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "paused" in response.json()["title"]
    assert not AuditEvent.objects.filter(action="person.check").exists()
    assert "person lookup refused" in caplog.text


def test_the_person_check_page_says_lookups_are_paused_when_redis_is_down(client, officer):
    client.force_login(officer)
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        response = client.post(reverse("registry:check-results"), {"q": "900101105555"})
    assert response.status_code == 503
    assert "Lookups of people are paused" in response.content.decode()


def test_employer_lookups_going_on_without_redis_are_logged(api_as, officer, caplog):
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        api_as(officer).post(reverse("registry-api:employer-search"), {"q": "kedai"}, format="json")
    assert "employer lookup quota not counted" in caplog.text


@override_settings(LOOKUP_QUOTAS={"employer": 3, "person": 3}, LOOKUP_QUOTA_WINDOW_S=2)
def test_the_window_slides_so_no_double_burst_fits_across_a_boundary(officer):
    """A fixed window started by the first lookup lets 3 lookups just before its end and 3 more
    just after it; the sliding window frees only what has been in it for a whole window."""
    count = partial(count_lookup, user=officer, kind="person")
    count()
    time.sleep(1.5)
    count(), count()  # the limit, late in the window
    time.sleep(0.7)  # past the first lookup's window: one place is free, not three
    assert count() == 3
    with pytest.raises(QuotaExceeded):
        count()
