from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dispatch.importing import ImportRefused, load_areas, read_areas


class Command(BaseCommand):
    help = "Load enforcement areas from GeoJSON or a shapefile (.shp or .zip); upsert by code."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--code-field", required=True, help="attribute holding the area code")
        parser.add_argument("--name-field", required=True, help="attribute holding the area name")
        parser.add_argument("--office-field", default="", help="attribute holding the office code")
        parser.add_argument("--state-field", default="", help="attribute holding the state")

    def handle(self, *args, file, code_field, name_field, office_field, state_field, **options):
        try:
            rows = read_areas(
                path=file,
                code_field=code_field,
                name_field=name_field,
                office_field=office_field,
                state_field=state_field,
            )
        except ImportRefused as refused:
            raise CommandError("Nothing loaded.\n" + "\n".join(refused.problems)) from refused
        summary = load_areas(rows=rows)
        self.stdout.write(f"Areas: {summary.created} created, {summary.updated} updated.")
