"""A new API token for a member of staff: `manage.py create_api_token STAFF_NUMBER`."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from knox.settings import knox_settings

from nforce.tokens import issue_token


class Command(BaseCommand):
    help = (
        "Print a new API token (Authorization: Token <key>) for STAFF_NUMBER. Only its digest is "
        "stored: the key is shown this once. It ends after REST_KNOX's TOKEN_TTL; signing out or "
        "changing the password revokes it."
    )

    def add_arguments(self, parser):
        parser.add_argument("staff_number")

    def handle(self, *args, staff_number: str, **options):
        try:
            user = get_user_model().objects.get(staff_number=staff_number, is_active=True)
        except get_user_model().DoesNotExist as missing:
            raise CommandError(f"No active member of staff {staff_number}.") from missing
        key = issue_token(user=user)
        hours = knox_settings.TOKEN_TTL.total_seconds() / 3600
        self.stderr.write(f"Valid for {hours:g} hours.")
        self.stdout.write(key)
