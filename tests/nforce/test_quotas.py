import pytest
import redis
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from nforce.models import AuditEvent


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
