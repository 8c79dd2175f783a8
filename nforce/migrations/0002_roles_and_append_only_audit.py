from django.db import migrations

ROLE_GROUPS = ("officer", "inspector", "supervisor")

# The application may only add to the audit log: no UPDATE or DELETE, whoever asks.
# (TRUNCATE: refused by migration 0008.)
APPEND_ONLY = """
CREATE OR REPLACE FUNCTION nforce_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER nforce_auditevent_append_only
    BEFORE UPDATE OR DELETE ON nforce_auditevent
    FOR EACH ROW EXECUTE FUNCTION nforce_audit_append_only();
"""
DROP_APPEND_ONLY = """
DROP TRIGGER IF EXISTS nforce_auditevent_append_only ON nforce_auditevent;
DROP FUNCTION IF EXISTS nforce_audit_append_only();
"""


def create_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("nforce", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [
        migrations.RunPython(create_role_groups, migrations.RunPython.noop),
        migrations.RunSQL(APPEND_ONLY, DROP_APPEND_ONLY),
    ]
