"""DRF's authtoken kept each API key in clear; knox keeps a SHA-512 digest of it. Each existing
key becomes a knox token (same key, so clients keep working, now with an expiry), then the table
of clear keys is dropped. Nothing to do on a database that never had DRF's tokens."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import migrations
from django.utils import timezone

OLD_TABLE = "authtoken_token"
KEY_PREFIX_LENGTH = 15  # knox.settings.CONSTANTS.TOKEN_KEY_LENGTH


def hash_old_keys(apps, schema_editor):
    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        return
    AuthToken = apps.get_model("knox", "AuthToken")
    ttl = settings.REST_KNOX.get("TOKEN_TTL", timedelta(hours=12))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id FROM {OLD_TABLE}")  # noqa: S608 - a constant name
        rows = cursor.fetchall()
        AuthToken.objects.bulk_create(
            AuthToken(
                digest=hashlib.sha512(key.encode()).hexdigest(),
                token_key=key[:KEY_PREFIX_LENGTH],
                user_id=user_id,
                expiry=timezone.now() + ttl,
            )
            for key, user_id in rows
        )
        cursor.execute(f"DROP TABLE {OLD_TABLE} CASCADE")
        cursor.execute("DELETE FROM django_migrations WHERE app = 'authtoken'")


class Migration(migrations.Migration):
    dependencies = [
        ("nforce", "0008_audit_refuses_truncate"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [migrations.RunPython(hash_old_keys, migrations.RunPython.noop)]
