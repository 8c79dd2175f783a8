"""What a load says: the report of each file, and the rows it refused with their reasons."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from ..identifiers import InvalidIdentifier

ERRORS_LISTED = 20  # per file; the count of bad rows is always complete


class InvalidRow(InvalidIdentifier):
    MESSAGES = InvalidIdentifier.MESSAGES | {
        "id_number": _("id_number must be a MyKad or passport number: 6 to 20 letters and digits."),
        "header": _("The first line must be the header %(expected)s; found %(found)s."),
        "columns": _("Expected %(expected)d columns, found %(found)d."),
        "required": _("%(column)s is required."),
        "too_long": _("%(column)s is longer than %(limit)d characters."),
        "date": _("%(column)s must be a date written YYYY-MM-DD."),
        "month": _("month must be a month written YYYY-MM, from 1971 to 2100."),
        "wage": _("wage must be an amount in ringgit such as 3000.00, not negative."),
        "category": _("category must be 1 or 2."),
        "gender": _("gender must be M or F."),
        "nationality": _("nationality must be a two-letter country code such as MY or ID."),
        "msic_code": _("msic_code must be a 5-digit MSIC 2008 code."),
        "coordinates": _("latitude and longitude must both be numbers, or both be empty."),
        "outside_malaysia": _("The position %(latitude)s, %(longitude)s is outside Malaysia."),
        "registered_before_birth": _("registered_on is before date_of_birth."),
        "ceased_before_registered": _("ceased_on is before registered_on."),
        "ended_before_started": _("ended_on is before started_on."),
        "duplicate": _("The same %(what)s is also on line %(other)s."),
        "ssm_taken": _("Business registration number %(ssm)s already belongs to employer %(employer)s."),
        "unknown_person": _("No insured person has this id_number (load persons.csv first)."),
        "unknown_employer": _("No employer has this employer_code (load employers.csv first)."),
    }


@dataclass(frozen=True)
class RowError:
    file: str
    line: int
    code: str
    message: str
    column: str = ""

    def __str__(self) -> str:
        where = f"{self.file} line {self.line}"
        return f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


@dataclass
class FileReport:
    file: str
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    bad_rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)  # step -> seconds, in the order run

    @property
    def loaded(self) -> bool:
        return not self.bad_rows

    @property
    def changed(self) -> int:
        return self.inserted + self.updated


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(report.loaded for report in self.files)

    @property
    def changed(self) -> int:
        return sum(report.changed for report in self.files)

    def file(self, name: str) -> FileReport:
        return next(report for report in self.files if report.file == name)


class Rejected(Exception):
    """Raised inside a file's transaction so that nothing of the file stays."""


def reject(report: FileReport, line: int, error: InvalidIdentifier, column: str = "") -> None:
    record(report, line, error, column)
    raise Rejected


def record(report: FileReport, line: int, error: InvalidIdentifier, column: str = "") -> None:
    report.bad_rows += 1
    if len(report.errors) < ERRORS_LISTED:
        report.errors.append(RowError(report.file, line, error.code, error.message, column))
