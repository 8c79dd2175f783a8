"""Writing the audit log. Every personal-data lookup and every change of work goes through here."""

import hashlib
import hmac
import re
from collections.abc import Iterable

from django.conf import settings
from django.contrib.gis.geos import Point
from django.db.models import QuerySet

from .addresses import client_address
from .models import AuditEvent, User


def identifier_hash(value: str) -> str:
    """A keyed hash of a national ID, "<key id>:<hex>": equal IDs match, the ID itself cannot be
    read back, and the hash says which key made it (keys rotate: nforce.audit_keys)."""
    key_id = settings.AUDIT_HASH_KEY_ID
    return f"{key_id}:{_digest(settings.AUDIT_HASH_KEYS[key_id], value)}"


def identifier_hashes(value: str) -> list[str]:
    """Every hash `value` may be stored under: one per known key, current and retired, and the
    bare digest that hashes had before they named their key."""
    hashes = []
    for key_id, key in settings.AUDIT_HASH_KEYS.items():
        digest = _digest(key, value)
        hashes += [f"{key_id}:{digest}", digest]
    return hashes


def _digest(key: str, value: str) -> str:
    return hmac.new(key.encode(), value.strip().upper().encode(), hashlib.sha256).hexdigest()


def events_about(id_number: str, *, among: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
    """The events about one person, whichever key hashed their ID (an auditor's question)."""
    return among.filter(subject_hash__in=identifier_hashes(id_number))


# Six or more digits, however grouped ("851315-14-5123", "8513 1514 5123"): maybe an ID number,
# mistyped or partial, so never stored or put in a URL as typed (masked_digits(), DIGIT_RUN.sub()).
DIGIT_RUN = re.compile(r"\d(?:[\s.,/_-]*\d){5,}")


def masked_digits(text: str) -> str:
    """`text` with the digits of every run of six or more made "#": "Kedai ####-##-####"."""
    return DIGIT_RUN.sub(lambda run: re.sub(r"\d", "#", run[0]), text)


def first_digit_run(text: str) -> str:
    """The digits of the first run of six or more, without separators ("" if none): audited as a
    keyed hash, so that a mistyped ID still matches the same typing elsewhere."""
    run = DIGIT_RUN.search(text)
    return re.sub(r"\D", "", run[0]) if run else ""


def record_event(
    *,
    actor: User | None,
    action: str,
    query: dict | None = None,
    subject_id: str = "",
    result_count: int | None = None,
    location: Point | None = None,
    client_address: str | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        query=query or {},
        subject_hash=identifier_hash(subject_id) if subject_id else "",
        result_count=result_count,
        location=location,
        client_address=client_address,
    )


def record_people_shown(
    *, actor: User, action: str, id_numbers: Iterable[str], query: dict, client_address: str | None
) -> None:
    """One event per person whose record a list showed (an employer's workers), in one statement:
    each is a lookup of that person, matched by their hash like any other."""
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=actor,
            action=action,
            query=query,
            subject_hash=identifier_hash(id_number),
            result_count=1,
            client_address=client_address,
        )
        for id_number in id_numbers
    )


def client_address_of(request) -> str | None:
    return client_address(request)


def asked_by(request) -> dict:
    """Who asks and from where, as an audited lookup takes them (actor=, client_address=)."""
    return {"actor": request.user, "client_address": client_address_of(request)}
