"""The role production runs the app as (manage.py grant_app_role, `make db-roles`): connected as
it, the audit log takes INSERT and SELECT and nothing else, the role owns nothing and may switch
no trigger off, and every other table of the app is open to it for reading and writing.
"""

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection
from psycopg2 import errors, sql

from nforce.db_roles import ONLY

pytestmark = pytest.mark.django_db(transaction=True)  # a second connection sees committed grants only

INSERT_EVENT = """
INSERT INTO nforce_auditevent (at, action, subject_hash, query, result_count)
VALUES (now(), 'person.check', 'k1:0', '{}', 1) RETURNING id
"""
TABLES_CLOSED_TO = """
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> ALL(%s)
  AND NOT has_table_privilege(%s, c.oid, 'SELECT, INSERT, UPDATE, DELETE')
"""
REFUSED = (
    "UPDATE nforce_auditevent SET action = 'edited'",
    "DELETE FROM nforce_auditevent",
    "TRUNCATE nforce_auditevent",
    "ALTER TABLE nforce_auditevent DISABLE TRIGGER ALL",
    "DROP TRIGGER nforce_auditevent_append_only ON nforce_auditevent",
    "CREATE TABLE public.mine (id int)",
    "INSERT INTO django_migrations (app, name, applied) VALUES ('x', 'y', now())",
)


@pytest.fixture
def app_role():
    """The role, made by the command as `make db-roles` runs it; dropped afterwards (roles are
    shared by every database of the cluster: one name per test database)."""
    role = f"{connection.settings_dict['NAME']}_app"
    call_command("grant_app_role", role, verbosity=0)
    yield role
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP OWNED BY {0}; DROP ROLE {0}").format(sql.Identifier(role)))


@pytest.fixture
def as_app(app_role):
    settings = connection.settings_dict
    opened = psycopg2.connect(
        dbname=settings["NAME"], user=app_role, host=settings["HOST"] or None, port=settings["PORT"] or None
    )
    opened.autocommit = True
    yield opened.cursor()
    opened.close()


def test_the_app_role_may_add_to_and_read_the_audit_log(as_app):
    as_app.execute(INSERT_EVENT)
    written = as_app.fetchone()[0]
    as_app.execute("SELECT action FROM nforce_auditevent WHERE id = %s", [written])
    assert as_app.fetchone() == ("person.check",)


@pytest.mark.parametrize("statement", REFUSED)
def test_the_app_role_may_do_nothing_else_to_the_audit_log_or_the_schema(as_app, statement):
    with pytest.raises((errors.InsufficientPrivilege, errors.RaiseException)) as refused:
        as_app.execute(statement)
    assert isinstance(refused.value, errors.InsufficientPrivilege), (
        refused.value
    )  # not the trigger: the privilege


def test_the_app_role_owns_nothing_and_is_no_superuser(app_role):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_class WHERE relowner = %(r)s::regrole"
            " UNION ALL SELECT count(*) FROM pg_proc WHERE proowner = %(r)s::regrole"
            " UNION ALL SELECT count(*) FROM pg_namespace WHERE nspowner = %(r)s::regrole",
            {"r": app_role},
        )
        assert [row[0] for row in cursor.fetchall()] == [0, 0, 0]
        cursor.execute(
            "SELECT rolsuper, rolcreatedb, rolcreaterole, rolbypassrls FROM pg_roles WHERE rolname = %s",
            [app_role],
        )
        assert cursor.fetchone() == (False, False, False, False)


def test_the_app_role_reads_and_writes_every_other_table(app_role):
    with connection.cursor() as cursor:
        cursor.execute(TABLES_CLOSED_TO, [list(ONLY), app_role])
        closed = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        assert cursor.fetchone()[0] > 30, "no tables seen: is this the app's database?"
    assert closed == ["spatial_ref_sys"] or not closed, closed


def test_running_the_command_again_changes_nothing(app_role, as_app):
    call_command("grant_app_role", app_role, verbosity=0)
    as_app.execute(INSERT_EVENT)
    with pytest.raises(errors.InsufficientPrivilege):
        as_app.execute("DELETE FROM nforce_auditevent")
