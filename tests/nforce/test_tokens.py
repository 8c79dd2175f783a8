"""API tokens (item 10 of issue 16): stored as digests, expiring, revoked by sign-out and a new password."""

import hashlib
import importlib
from datetime import timedelta
from types import SimpleNamespace

from django.apps import apps
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from nforce.tokens import issue_token

hashing_migration = importlib.import_module("nforce.migrations.0009_api_tokens_hashed")
MINE = reverse("detection-api:mine")
NEW_PASSWORD = "a-new-Passw0rd-2026"


def _token_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_token_is_stored_only_as_its_digest_and_expires(officer):
    key = issue_token(user=officer)
    stored = AuthToken.objects.get(user=officer)
    assert key not in {stored.digest, stored.token_key}
    assert stored.digest == hashlib.sha512(key.encode()).hexdigest()
    assert timezone.now() < stored.expiry <= timezone.now() + timedelta(hours=12)
    assert _token_client(key).get(MINE).status_code == 200


def test_an_expired_token_is_refused_with_a_problem(officer):
    key = issue_token(user=officer)
    AuthToken.objects.filter(user=officer).update(expiry=timezone.now() - timedelta(seconds=1))
    response = _token_client(key).get(MINE)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == 403
    assert not AuthToken.objects.filter(user=officer).exists()


def test_signing_out_revokes_every_token_of_that_login(client, officer):
    key = issue_token(user=officer)
    client.force_login(officer)
    client.post(reverse("logout"))
    assert _token_client(key).get(MINE).status_code == 403


def test_a_password_change_revokes_every_token_of_that_login(officer, inspector):
    key, other = issue_token(user=officer), issue_token(user=inspector)
    officer.set_password(NEW_PASSWORD)  # as the password page, the admin and changepassword do
    officer.save()
    assert _token_client(key).get(MINE).status_code == 403
    assert _token_client(other).get(MINE).status_code == 200
    assert AuthToken.objects.filter(user=inspector).count() == 1


def test_the_migration_turns_clear_drf_keys_into_digests_that_still_authenticate(officer):
    key = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id bigint, created timestamptz)"
        )
        cursor.execute("INSERT INTO authtoken_token VALUES (%s, %s)", [key, officer.pk])
    hashing_migration.hash_old_keys(apps, SimpleNamespace(connection=connection))
    assert "authtoken_token" not in connection.introspection.table_names()
    assert _token_client(key).get(MINE).status_code == 200
    assert not AuthToken.objects.filter(digest__contains=key).exists()
