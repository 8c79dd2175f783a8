"""Deterministic, realistic demo registry: Malaysian businesses, people and their contributions.

Everything is written as the core system's CSV extracts and loaded through import_directory(),
the same COPY path as real data, in batches of persons so that a national-scale run (600k
employers, 10 million persons) streams: nothing but a few compact arrays stays in memory.

Employers come from demo.employers, people, employments and contributions from demo.people, what
they draw from (towns, kinds of premises, names) from demo.reference. The fixed records
(demo.fixed) are always there, with known codes, for tests and the README.
"""

import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

from registry.importing import ImportReport, import_directory
from registry.models import Employer, InsuredPerson

from .employers import EmployerBook
from .fixed import FIXED_EMPLOYERS, FIXED_PERSONS
from .people import PersonWriter

Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class Scale:
    employers: int
    persons: int
    years: int


SCALES = {
    "demo": Scale(employers=3_000, persons=20_000, years=12),
    "small": Scale(employers=100_000, persons=1_000_000, years=10),
    "national": Scale(employers=600_000, persons=10_000_000, years=20),
}
PERSONS_PER_BATCH = 200_000
# Running numbers at and above this are kept for the fixed records (employer codes, SSM numbers).
MAX_EMPLOYERS = 990_000


@dataclass
class DemoReport:
    skipped: bool = False
    employers: int = 0
    persons: int = 0
    contributions: int = 0
    changed: int = 0
    seconds: float = 0.0
    imports: list[ImportReport] = field(default_factory=list)


def demo_registry_loaded(*, scale: Scale) -> bool:
    """The fixed records go in last: with them and enough rows, an earlier run finished."""
    return (
        Employer.objects.filter(employer_code=FIXED_EMPLOYERS[0].code).exists()
        and InsuredPerson.objects.filter(id_number=FIXED_PERSONS[-1].id_number).exists()
        and Employer.objects.count() >= scale.employers
        and InsuredPerson.objects.count() >= scale.persons
    )


def build_demo_registry(
    *, scale: Scale, seed: int, until: date, progress: Progress | None = None, skip_if_loaded: bool = True
) -> DemoReport:
    """Generate and import the demo registry; contributions run up to the month of `until`."""
    report = DemoReport()
    if scale.employers > MAX_EMPLOYERS:
        raise ValueError(f"at most {MAX_EMPLOYERS:,} employers")
    if skip_if_loaded and demo_registry_loaded(scale=scale):
        return DemoReport(skipped=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="nforce-demo-") as workdir:
        book = EmployerBook(count=scale.employers, years=scale.years, seed=seed, until=until)
        _write_and_import(Path(workdir), report, progress, employers=book.rows())
        report.employers = book.count + len(FIXED_EMPLOYERS)
        people = PersonWriter(book=book, seed=seed)
        for first in range(0, max(scale.persons, 1), PERSONS_PER_BATCH):
            batch = range(first, min(scale.persons, first + PERSONS_PER_BATCH))
            _import_person_batch(
                Path(workdir), report, progress, people, batch, last=batch.stop >= scale.persons
            )
    report.seconds = time.monotonic() - started
    return report


def _import_person_batch(workdir, report, progress, people, indexes: range, *, last: bool) -> None:
    with _csv_files(workdir, ("persons.csv", "employments.csv", "contributions.csv")) as files:
        for index in indexes:
            report.contributions += people.write(index, *files)
            report.persons += 1
        if last:
            for person in FIXED_PERSONS:
                report.contributions += people.write_fixed(person, *files)
                report.persons += 1
    if progress:
        progress("persons generated", report.persons)
    _import(workdir, report, progress)


def _write_and_import(workdir: Path, report: DemoReport, progress, *, employers: Iterator[str]) -> None:
    with _csv_files(workdir, ("employers.csv",)) as (out,):
        out.writelines(employers)
    _import(workdir, report, progress)


def _import(workdir: Path, report: DemoReport, progress) -> None:
    imported = import_directory(workdir, progress=progress)
    failed = [str(error) for file in imported.files for error in file.errors]
    if failed:
        raise RuntimeError("demo data did not import: " + "; ".join(failed[:5]))
    report.changed += imported.changed
    report.imports.append(imported)
    for name in ("employers.csv", "persons.csv", "employments.csv", "contributions.csv"):
        (workdir / name).unlink(missing_ok=True)


_HEADERS = {
    "employers.csv": "employer_code,business_registration_no,name,trading_name,address,postcode,state,"
    "msic_code,registered_on,ceased_on,latitude,longitude",
    "persons.csv": "id_number,name,date_of_birth,gender,nationality,registered_on",
    "employments.csv": "id_number,employer_code,started_on,ended_on",
    "contributions.csv": "id_number,employer_code,month,wage,category",
}


@contextmanager
def _csv_files(workdir: Path, names: tuple[str, ...]) -> Iterator[list[IO[str]]]:
    with ExitStack() as stack:
        files: list[IO[str]] = [
            stack.enter_context((workdir / name).open("w", encoding="utf-8", buffering=1 << 20))
            for name in names
        ]
        for name, handle in zip(names, files, strict=True):
            handle.write(_HEADERS[name] + "\n")
        yield files
