from io import StringIO

from django.core.management import call_command


def test_the_models_declare_no_change_that_their_migrations_lack(db):
    """Shared declarations (nforce.fields, abstract models) must build the very tables the
    migrations made: makemigrations --check exits non-zero on any difference."""
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
