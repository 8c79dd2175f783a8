import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from registry.importing import FILES, ImportReport, import_directory


class Command(BaseCommand):
    help = (
        "Load the registry extracts found in DIR: "
        + ", ".join(spec.name for spec in FILES)
        + ". Each file is loaded whole or not at all; importing the same files again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", type=Path)

    def handle(self, *args, directory: Path, **options):
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a directory.")
        report = import_directory(directory, progress=self._progress)
        self._summarise(report)
        if not report.files:
            raise CommandError(f"No registry extract found in {directory}.")
        if not report.ok:
            raise CommandError("Some files were not loaded; see the reasons above.")

    def _progress(self, name: str, rows: int) -> None:
        sys.stderr.write(f"{name}: {rows:,} rows read\n")

    def _summarise(self, report: ImportReport) -> None:
        for file in report.files:
            rate = file.rows / file.seconds if file.seconds else 0
            if file.loaded:
                self.stdout.write(
                    f"{file.file}: {file.rows:,} rows, {file.inserted:,} inserted, {file.updated:,} updated "
                    f"({file.seconds:.1f} s, {rate:,.0f} rows/s)"
                )
                continue
            self.stderr.write(f"{file.file}: NOT LOADED, {file.bad_rows:,} bad rows. First ones:")
            for error in file.errors:
                self.stderr.write(f"  {error}")
