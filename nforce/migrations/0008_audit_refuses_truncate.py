# The audit log refuses TRUNCATE too, whoever asks: a row-level trigger never sees a TRUNCATE.
# (The app's database role has no TRUNCATE privilege either: docs/production.md. The test suite
# empties its tables past the trigger with session_replication_role, which only a superuser may
# set: tests/conftest.py.)

from django.db import migrations

REFUSE_TRUNCATE = """
CREATE TRIGGER nforce_auditevent_no_truncate
    BEFORE TRUNCATE ON nforce_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION nforce_audit_append_only();
"""
ALLOW_TRUNCATE = "DROP TRIGGER IF EXISTS nforce_auditevent_no_truncate ON nforce_auditevent;"


class Migration(migrations.Migration):

    dependencies = [
        ('nforce', '0007_audit_hashes_name_their_key'),
    ]

    operations = [migrations.RunSQL(REFUSE_TRUNCATE, ALLOW_TRUNCATE)]
