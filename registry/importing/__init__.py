"""Bulk loads of the core system's extracts: COPY into staging tables, check, then upsert.

import_directory() loads employers.csv, persons.csv, employments.csv and contributions.csv (any
of them, in that order). Each file is all or nothing: one bad row and nothing of that file is
loaded, and the report names the file, the line and the reason. Upserts only write rows whose
values differ, so importing the same files again changes nothing.

Employers, persons and employments are checked row by row in Python (identifiers.py) while the
COPY buffer is written. Contributions, the big file (one row per person, employer and month),
are checked and folded into one row per person, employer, year and category while streaming,
a chunk of lines at a time, then merged and checked against the registry in SQL.

Each FileReport keeps the seconds spent in each step (reading and checking, COPY, SQL checks,
upsert, commit) in `phases`, to show where the time of a load goes (bench/import_speed.py).

One module per file kind (employers, persons, employments, contributions) on a shared core:
report (what a load says), cleaning (a row's values), staging (transaction, COPY, SQL checks,
upsert, phases).
"""

from pathlib import Path

from .contributions import CONTRIBUTIONS
from .employers import EMPLOYERS
from .employments import EMPLOYMENTS
from .persons import PERSONS
from .report import ERRORS_LISTED, FileReport, ImportReport, InvalidRow, RowError
from .staging import BIG_LOAD, FileSpec, Progress, import_file

__all__ = [
    "BIG_LOAD",
    "CHUNK",
    "CONTRIBUTIONS",
    "EMPLOYERS",
    "EMPLOYMENTS",
    "ERRORS_LISTED",
    "FILES",
    "PERSONS",
    "PROGRESS_EVERY",
    "FileReport",
    "FileSpec",
    "ImportReport",
    "InvalidRow",
    "Progress",
    "RowError",
    "import_directory",
    "import_file",
]

# Tuning read at each call by the modules that use it, so that setting it here (as tests and the
# bench do) reaches every file kind.
PROGRESS_EVERY = 100_000  # rows between two progress reports
CHUNK = 1 << 18  # characters of contributions.csv read, checked and folded at a time

FILES = (EMPLOYERS, PERSONS, EMPLOYMENTS, CONTRIBUTIONS)


def import_directory(path: Path | str, *, progress: Progress | None = None) -> ImportReport:
    """Load the extracts found in `path`, each file in its own transaction."""
    report = ImportReport()
    for spec in FILES:
        source = Path(path) / spec.name
        if source.exists():
            report.files.append(import_file(source, spec=spec, progress=progress))
    return report
