"""The audit log's keyed hashes name their key, so keys rotate without losing anyone's trail."""

import hashlib
import hmac

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from nforce.audit import events_about, identifier_hash, identifier_hashes, record_event
from nforce.audit_keys import audit_hash_keys
from nforce.models import AuditEvent
from tests.factories import OfficeFactory, UserFactory

ID_NUMBER = "800510105431"
OLD_KEY = "o" * 40
NEW_KEY = "n" * 40


def rotate_to(settings, key_id: str, key: str, **older: str) -> None:
    settings.AUDIT_HASH_KEYS = {key_id: key, **older}
    settings.AUDIT_HASH_KEY_ID, settings.AUDIT_HASH_KEY = key_id, key


def bare_digest(key: str, value: str) -> str:
    """What identifier_hash() wrote before hashes named their key."""
    return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()


def test_each_hash_names_the_key_that_made_it(settings):
    rotate_to(settings, "k1", OLD_KEY)
    before = identifier_hash(ID_NUMBER)
    rotate_to(settings, "k2", NEW_KEY, k1=OLD_KEY)
    after = identifier_hash(ID_NUMBER)
    assert before == f"k1:{bare_digest(OLD_KEY, ID_NUMBER)}"
    assert after == f"k2:{bare_digest(NEW_KEY, ID_NUMBER)}"
    assert {before, after} <= set(identifier_hashes(ID_NUMBER))


def test_an_auditor_finds_a_persons_lookups_made_under_every_key(db, settings, officer):
    AuditEvent.objects.create(action="person.check", subject_hash=bare_digest(OLD_KEY, ID_NUMBER))
    rotate_to(settings, "k1", OLD_KEY)
    record_event(actor=officer, action="person.check", subject_id=ID_NUMBER)
    rotate_to(settings, "k2", NEW_KEY, k1=OLD_KEY)
    record_event(actor=officer, action="eligibility.invalidity", subject_id=ID_NUMBER)
    record_event(actor=officer, action="person.check", subject_id="900101105555")
    found = events_about(ID_NUMBER, among=AuditEvent.objects.all())
    assert found.count() == 3
    legacy = bare_digest(OLD_KEY, ID_NUMBER)
    assert {event.subject_hash.partition(":")[0] for event in found} == {"k1", "k2", legacy}


def test_a_retired_key_no_longer_listed_matches_nothing(db, settings, officer):
    rotate_to(settings, "k1", OLD_KEY)
    record_event(actor=officer, action="person.check", subject_id=ID_NUMBER)
    rotate_to(settings, "k2", NEW_KEY)
    assert not events_about(ID_NUMBER, among=AuditEvent.objects.all()).exists()


def test_a_supervisor_sees_one_persons_lookups_by_typing_the_id_in_a_post(client, db, settings):
    office = OfficeFactory()
    supervisor = UserFactory(roles=["supervisor"], home_office=office)
    colleague = UserFactory(roles=["officer"], home_office=office)
    elsewhere = UserFactory(roles=["officer"], home_office=OfficeFactory())
    rotate_to(settings, "k1", OLD_KEY)
    record_event(actor=colleague, action="person.check", subject_id=ID_NUMBER)
    rotate_to(settings, "k2", NEW_KEY, k1=OLD_KEY)
    record_event(actor=colleague, action="eligibility.invalidity", subject_id=ID_NUMBER)
    record_event(actor=elsewhere, action="person.check", subject_id=ID_NUMBER)  # not this office's
    record_event(actor=colleague, action="person.check", subject_id="900101105555")
    client.force_login(supervisor)
    page = client.post(reverse("audit-log"), {"id_number": "800510-10-5431"}).content.decode()
    assert "2 events about this person" in page
    assert "eligibility.invalidity" in page
    assert ID_NUMBER not in page
    asked = AuditEvent.objects.get(action="audit.subject")
    assert (asked.actor, asked.result_count) == (supervisor, 2)
    assert asked.subject_hash == identifier_hash(ID_NUMBER)


@pytest.mark.parametrize(
    ("older", "why"),
    [("k1:x k1:y", "new id"), ("k1", "id:key"), ("K9:x", "small letters")],
)
def test_retired_keys_are_listed_as_distinct_id_key_pairs(older, why):
    with pytest.raises(ImproperlyConfigured, match=why):
        audit_hash_keys(current_id="k2", current=NEW_KEY, older=older, secret_key="s" * 50, production=False)
