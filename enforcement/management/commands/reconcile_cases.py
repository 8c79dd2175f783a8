from django.core.management.base import BaseCommand

from enforcement.reconcile import reconcile_cases


class Command(BaseCommand):
    help = (
        "Close the registration part of cases whose business is now in the registry, match the workers"
        " found on site with it, and close settled cases (as beat does)."
    )

    def handle(self, *args, **options):
        summary = reconcile_cases()
        self.stdout.write(
            f"Cases registered: {summary.registered}; workers registered: {summary.workers_registered};"
            f" closed: {summary.closed}."
        )
