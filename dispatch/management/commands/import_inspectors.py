from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dispatch.importing import ImportRefused, load_inspectors, read_inspectors


class Command(BaseCommand):
    help = (
        "Load inspectors from a CSV file with the columns username, full_name, area_codes "
        "(separated by ;), capacity, base_latitude, base_longitude. Nothing is loaded if a row is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            rows = read_inspectors(text=file.read_text(encoding="utf-8-sig"))
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        except ImportRefused as refused:
            raise CommandError("Nothing loaded.\n" + "\n".join(refused.problems)) from refused
        summary = load_inspectors(rows=rows)
        self.stdout.write(
            f"Inspectors: {len(rows)} loaded ({summary.created} new logins without a password, "
            f"{summary.updated} existing staff)."
        )
