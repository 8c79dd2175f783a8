from django.core.management.base import BaseCommand

from nforce.demo import ensure_demo_staff


class Command(BaseCommand):
    help = "Load deterministic demo data. Safe to run again: it adds nothing that is already there."

    def add_arguments(self, parser):
        parser.add_argument("--scale", default="demo", help="demo (default)")

    def handle(self, *args, scale, **options):
        made = ensure_demo_staff()
        self.stdout.write(f"Demo staff: {made} created.")
