"""Create (or bring up to date) the database role the application runs as: `make db-roles`."""

from django.core.management.base import BaseCommand, CommandError

from nforce.db_roles import RoleRefused, grant_app_role


class Command(BaseCommand):
    help = (
        "Run as the owner of the tables (the role that migrates), after every migration: gives ROLE "
        "read and write on every table but only INSERT and SELECT on the audit log, and owns it "
        "nothing. Set its password with psql's \\password ROLE (docs/production.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", nargs="?", default="nforce_app", help="the role's name (nforce_app)")

    def handle(self, *args, role: str, **options):
        try:
            grant_app_role(role)
        except RoleRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(self.style.SUCCESS(f"{role}: privileges set; it owns nothing."))
