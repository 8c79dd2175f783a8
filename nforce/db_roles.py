"""The database role the application runs as in production: it owns nothing, so it can neither
change the schema nor switch off a trigger; it reads and writes every table, and may only add to
and read the audit log (no UPDATE, DELETE or TRUNCATE there, whatever the trigger says).

Migrations run as the owner of the tables; the web, the workers and beat as this role
(docs/production.md). `manage.py grant_app_role` (`make db-roles`) applies it, again after every
migration: the grants name each table as it is then.
"""

from django.db import connection, transaction
from psycopg2 import sql

from .models import AuditEvent


class RoleRefused(Exception):
    """The role exists but cannot be made safe as it is (it owns something, or may create)."""


@transaction.atomic
def grant_app_role(role: str, *, schema: str = "public") -> None:
    """Create the role if it is missing (LOGIN, nothing more) and set its privileges on every
    table and sequence of `schema` as they are now, and on those the caller creates later."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
        for statement in _grants(role, schema):
            cursor.execute(statement)
        _refuse_unsafe(cursor, role, schema)


_GRANTS = (
    "ALTER ROLE {role} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS",
    "GRANT CONNECT, TEMPORARY ON DATABASE {db} TO {role}",
    "GRANT USAGE ON SCHEMA {schema} TO {role}",
    "REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
    "ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
    "ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT USAGE, SELECT ON SEQUENCES TO {role}",
)
# Rows only the owner changes: the audit log takes new rows only, the migration history none.
ONLY = {AuditEvent._meta.db_table: "SELECT, INSERT", "django_migrations": "SELECT"}
_NARROWED = ("REVOKE ALL ON {schema}.{table} FROM {role}", "GRANT {privileges} ON {schema}.{table} TO {role}")


def _grants(role: str, schema: str) -> list[sql.Composed]:
    names = {
        "role": sql.Identifier(role),
        "schema": sql.Identifier(schema),
        "db": sql.Identifier(connection.settings_dict["NAME"]),
    }
    statements = [sql.SQL(text).format(**names) for text in _GRANTS]
    for table, privileges in ONLY.items():
        narrowed = {**names, "table": sql.Identifier(table), "privileges": sql.SQL(privileges)}
        statements += [sql.SQL(text).format(**narrowed) for text in _NARROWED]
    return statements


# Anything the role owns, in any schema of this database: an owner may alter, drop or disable.
_OWNED = """
SELECT 'table ' || relname FROM pg_class WHERE relowner = %(role)s::regrole
UNION ALL SELECT 'schema ' || nspname FROM pg_namespace WHERE nspowner = %(role)s::regrole
UNION ALL SELECT 'function ' || proname FROM pg_proc WHERE proowner = %(role)s::regrole
UNION ALL SELECT 'type ' || typname FROM pg_type WHERE typowner = %(role)s::regrole
UNION ALL SELECT 'database ' || datname FROM pg_database WHERE datdba = %(role)s::regrole
"""


def _refuse_unsafe(cursor, role: str, schema: str) -> None:
    cursor.execute(_OWNED, {"role": role})
    owned = [row[0] for row in cursor.fetchall()]
    if owned:
        raise RoleRefused(f"{role} owns {', '.join(owned[:5])}: REASSIGN OWNED BY {role} TO <owner>.")
    cursor.execute("SELECT has_schema_privilege(%s, %s, 'CREATE')", [role, schema])
    if cursor.fetchone()[0]:
        raise RoleRefused(
            f"{role} may create tables in {schema}: REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC."
        )
