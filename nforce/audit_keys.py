"""The keys of the audit log's keyed hashes, read from the environment by nforce.settings.

A national ID is stored only as an HMAC under a key of its own, never SECRET_KEY: rotating the
session secret must not break the trail, and a leaked SECRET_KEY must not let anyone test
guessed IDs against the log. Each hash names the key that made it ("k2:<hex>"), so a key can be
replaced: the new one hashes from then on, the old ones stay listed to match what they made.
Imported by settings: no model, no app.
"""

import re

from django.core.exceptions import ImproperlyConfigured

KEY_ID = re.compile(r"[a-z0-9]{1,8}")
MIN_KEY_LENGTH = 32
DEV_KEY = "dev-only-insecure-audit-hash-key"
HOW = (
    "Production needs AUDIT_HASH_KEY: 32+ random characters, not SECRET_KEY "
    "(python -c 'import secrets; print(secrets.token_urlsafe(48))'); see docs/production.md."
)


def audit_hash_keys(
    *, current_id: str, current: str, older: str, secret_key: str, production: bool
) -> dict[str, str]:
    """{key id: key}, the current key first. `older` lists retired keys as "k1:key k0:key"
    (spaces or commas between them)."""
    keys = {current_id: current}
    for item in filter(None, re.split(r"[\s,]+", older.strip())):
        key_id, _, key = item.partition(":")
        if not key or key_id in keys:
            raise ImproperlyConfigured(
                f"AUDIT_HASH_OLD_KEYS: {key_id!r} is not an id:key pair with a new id."
            )
        keys[key_id] = key
    _check(keys, secret_key=secret_key, production=production)
    return keys


def _check(keys: dict[str, str], *, secret_key: str, production: bool) -> None:
    if bad := [key_id for key_id in keys if not KEY_ID.fullmatch(key_id)]:
        raise ImproperlyConfigured(f"AUDIT_HASH_KEY_ID: {bad[0]!r} is not 1 to 8 small letters or digits.")
    if not production:
        return
    current = next(iter(keys.values()))
    if len(current) < MIN_KEY_LENGTH or current == DEV_KEY:
        raise ImproperlyConfigured(HOW)
    if secret_key in keys.values():
        raise ImproperlyConfigured("AUDIT_HASH_KEY must differ from SECRET_KEY. " + HOW)
