"""Writing the audit log. Every personal-data lookup and every change of work goes through here."""

import hashlib
import hmac

from django.conf import settings
from django.contrib.gis.geos import Point

from .models import AuditEvent, User


def identifier_hash(value: str) -> str:
    """A keyed hash of a national ID: equal IDs match, the ID itself cannot be read back."""
    key = settings.AUDIT_HASH_KEY.encode()
    return hmac.new(key, value.strip().upper().encode(), hashlib.sha256).hexdigest()


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


def client_address_of(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def asked_by(request) -> dict:
    """Who asks and from where, as an audited lookup takes them (actor=, client_address=)."""
    return {"actor": request.user, "client_address": client_address_of(request)}
