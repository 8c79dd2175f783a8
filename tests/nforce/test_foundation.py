import os
import subprocess
import sys

import pytest
from django.db import IntegrityError, InternalError, connection, transaction
from django.urls import reverse

from nforce.audit import identifier_hash, record_event
from nforce.models import AuditEvent
from tests.conftest import ROOT
from tests.factories import DEFAULT_PASSWORD, UserFactory


def test_login_page_is_served_to_anonymous_users(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b"Staff number" in response.content


def test_home_sends_anonymous_users_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_staff_log_in_with_their_staff_number(client, officer):
    response = client.post(reverse("login"), {"username": officer.staff_number, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"] == officer


def test_wrong_password_is_refused_with_a_message(client, officer):
    response = client.post(reverse("login"), {"username": officer.staff_number, "password": "nope"})
    assert response.status_code == 200
    assert b"correct staff number and password" in response.content


@pytest.mark.parametrize(
    ("role", "sees", "does_not_see"),
    [
        ("officer", "Check", "Dashboard"),
        ("inspector", "My premises", "Audit log"),
        ("supervisor", "Audit log", "My premises"),
    ],
)
def test_each_role_sees_its_own_navigation(client, db, role, sees, does_not_see):
    client.force_login(UserFactory(roles=[role]))
    labels = [str(entry["label"]) for entry in client.get(reverse("home")).context["nav_entries"]]
    assert sees in labels
    assert does_not_see not in labels


def test_a_user_without_a_role_is_told_to_ask_for_one(client, db):
    client.force_login(UserFactory())
    assert b"no role yet" in client.get(reverse("home")).content


def test_language_choice_persists_across_pages(client, officer):
    client.force_login(officer)
    client.post(reverse("set_language"), {"language": "ms", "next": "/"})
    page = client.get(reverse("home"))
    assert page.context["LANGUAGE_CODE"] == "ms"
    assert 'lang="ms"' in page.content.decode()
    assert "Log keluar" in page.content.decode()


def test_password_change_page_works(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": "a-new-long-pass-9",
            "new_password2": "a-new-long-pass-9",
        },
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("a-new-long-pass-9")


def test_audit_log_refuses_updates_and_deletes(db, officer):
    event = record_event(actor=officer, action="person.check", subject_id="800510105431", result_count=1)
    with pytest.raises((InternalError, IntegrityError)), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="edited")
    with pytest.raises((InternalError, IntegrityError)), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "person.check"


@pytest.mark.django_db(transaction=True)  # committed rows: TRUNCATE waits for no pending FK check
def test_audit_log_refuses_truncate_even_to_the_owner_of_the_table():
    record_event(actor=UserFactory(), action="person.check", subject_id="800510105431", result_count=1)
    with pytest.raises(InternalError, match="append-only"), connection.cursor() as cursor:
        cursor.execute("TRUNCATE nforce_auditevent CASCADE")
    assert AuditEvent.objects.count() == 1


def test_audit_stores_national_ids_only_as_a_keyed_hash(db, officer):
    event = record_event(actor=officer, action="person.check", subject_id="800510105431")
    assert event.subject_hash == identifier_hash("800510105431")
    assert "800510105431" not in event.subject_hash
    assert len(event.subject_hash.partition(":")[2]) == 64


def test_audit_log_page_is_for_supervisors_only(client, officer, supervisor):
    client.force_login(officer)
    assert client.get(reverse("audit-log")).status_code == 403
    client.force_login(supervisor)
    assert client.get(reverse("audit-log")).status_code == 200


def test_api_accepts_a_token_made_by_create_api_token(client, officer):
    from io import StringIO

    from django.core.management import call_command

    printed = StringIO()
    call_command("create_api_token", officer.staff_number, stdout=printed, stderr=StringIO())
    key = printed.getvalue().strip()
    response = client.get(reverse("api-schema"), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200


def test_api_refuses_anonymous_requests_with_a_json_problem(client, db):
    response = client.get(reverse("api-schema"), HTTP_ACCEPT="application/json")
    assert response.status_code in (401, 403)
    assert response.json()["status"] == response.status_code
    assert response.json()["title"]


def test_api_docs_are_served_from_vendored_assets(client, officer):
    client.force_login(officer)
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    assert b"cdn" not in response.content.lower()


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # Browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never has it.
    clean = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**clean, "DJANGO_SETTINGS_MODULE": "nforce.settings", **env},
        timeout=120,
    )


def test_production_mode_refuses_to_start_without_a_real_secret():
    result = _manage("check", DJANGO_ENV="production", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "x" * 20 + "-production-secret-for-the-check-" + "y" * 20,
    "AUDIT_HASH_KEY": "a" * 20 + "-audit-hash-key-for-the-check-" + "b" * 20,
    "ALLOWED_HOSTS": "nforce.example.my",
}


def test_production_mode_passes_the_deployment_check_without_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "audit_key",
    ["", "too-short-a-key", PRODUCTION["SECRET_KEY"]],
    ids=["missing", "short", "same as SECRET_KEY"],
)
def test_the_deployment_check_fails_without_an_audit_hash_key_of_its_own(audit_key):
    result = _manage("check", "--deploy", **{**PRODUCTION, "AUDIT_HASH_KEY": audit_key})
    assert result.returncode != 0
    assert "AUDIT_HASH_KEY" in result.stderr


def test_a_retired_audit_hash_key_may_not_be_the_secret_key_either():
    older = f"k0:{PRODUCTION['SECRET_KEY']}"
    result = _manage("check", "--deploy", **{**PRODUCTION, "AUDIT_HASH_OLD_KEYS": older})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_pages_carry_a_content_security_policy_without_inline_script(client, officer):
    client.force_login(officer)
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_api_docs_keep_the_strict_policy(client, officer):
    client.force_login(officer)
    response = client.get(reverse("api-docs"))
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert b"<script>" not in response.content


def _log_in(client, staff_number, password, address):
    return client.post(
        reverse("login"), {"username": staff_number, "password": password}, REMOTE_ADDR=address
    )


def test_repeated_wrong_passwords_lock_that_login_from_that_address_only(client, officer):
    for _ in range(5):
        _log_in(client, officer.staff_number, "wrong", "10.1.1.1")
    locked = _log_in(client, officer.staff_number, DEFAULT_PASSWORD, "10.1.1.1")
    assert locked.status_code == 429
    assert b"Login locked" in locked.content
    other_officer_same_carrier = UserFactory(roles=["officer"])
    assert (
        _log_in(client, other_officer_same_carrier.staff_number, DEFAULT_PASSWORD, "10.1.1.1").status_code
        == 302
    )
    assert _log_in(client, officer.staff_number, DEFAULT_PASSWORD, "10.2.2.2").status_code == 302
