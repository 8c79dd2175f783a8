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
"""

import csv
import io
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import IO

from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from .identifiers import (
    InvalidIdentifier,
    check_mykad_against,
    normalise_id_number,
    normalise_state,
    parse_employer_code,
    parse_postcode,
    parse_ssm,
    postcode_areas,
)
from .models import MALAYSIA_BOUNDS
from .names import name_key

Progress = Callable[[str, int], None]
PROGRESS_EVERY = 100_000
ERRORS_LISTED = 20  # per file; the count of bad rows is always complete
BIG_LOAD = 50_000  # rows inserted by one file, past which the table is analysed at once


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


class _Rejected(Exception):
    """Raised inside a file's transaction so that nothing of the file stays."""


def import_directory(path: Path | str, *, progress: Progress | None = None) -> ImportReport:
    """Load the extracts found in `path`, each file in its own transaction."""
    report = ImportReport()
    for spec in FILES:
        source = Path(path) / spec.name
        if source.exists():
            report.files.append(import_file(source, spec=spec, progress=progress))
    return report


def import_file(source: Path, *, spec: "FileSpec", progress: Progress | None = None) -> FileReport:
    report = FileReport(spec.name)
    started = time.monotonic()
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                # Big loads outlast the app's statement timeout and want room to hash and sort.
                cursor.execute("SET LOCAL statement_timeout = 0; SET LOCAL work_mem = '256MB'")
                spec.load(cursor, source, report, _every(spec.name, progress))
            committing = time.perf_counter()
        # Deferred foreign keys are checked here, one lookup per row written.
        report.phases["commit"] = time.perf_counter() - committing
    except _Rejected:
        pass
    report.seconds = time.monotonic() - started
    return report


@contextmanager
def _timed(report: FileReport, phase: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        report.phases[phase] = report.phases.get(phase, 0.0) + time.perf_counter() - started


def _every(name: str, progress: Progress | None) -> Callable[[int], None]:
    def tick(rows: int) -> None:
        if progress is not None:
            progress(name, rows)

    return tick


# --- reading, checking and copying ---------------------------------------------------------


def _open_checked(source: Path, spec: "FileSpec", report: FileReport, newline: str | None = "") -> IO[str]:
    handle = source.open(newline=newline, encoding="utf-8-sig")
    header = [name.strip() for name in next(csv.reader([handle.readline()]), [])]
    if tuple(header) != spec.columns:
        handle.close()
        _reject(report, 1, InvalidRow("header", expected=", ".join(spec.columns), found=", ".join(header)))
    return handle


def _reject(report: FileReport, line: int, error: InvalidIdentifier, column: str = "") -> None:
    _record(report, line, error, column)
    raise _Rejected


def _record(report: FileReport, line: int, error: InvalidIdentifier, column: str = "") -> None:
    report.bad_rows += 1
    if len(report.errors) < ERRORS_LISTED:
        report.errors.append(RowError(report.file, line, error.code, error.message, column))


class _Chunks(io.RawIOBase):
    """A file object over an iterator of text chunks, for cursor.copy_expert()."""

    def __init__(self, chunks: Iterator[str]) -> None:
        self._chunks = chunks
        self.seconds = 0.0  # spent making the chunks: reading and checking the file

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> str:  # type: ignore[override]
        started = time.perf_counter()
        chunk = next(self._chunks, "")
        self.seconds += time.perf_counter() - started
        return chunk


def _copy_in(cursor, table: str, chunks: Iterator[str], report: FileReport) -> None:
    """COPY the chunks into `table`; the time spent making them is the phase "read and check"."""
    stream = _Chunks(chunks)
    started = time.perf_counter()
    cursor.copy_expert(f"COPY {table} FROM STDIN", stream, 1 << 16)
    report.phases["read and check"] = stream.seconds
    report.phases["copy"] = time.perf_counter() - started - stream.seconds


_ESCAPES = re.compile(r"[\\\t\n\r]")


def _copy_text(value: object) -> str:
    if value is None:
        return r"\N"
    text = str(value)
    if _ESCAPES.search(text):
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def _checked_rows(
    handle: IO[str], spec: "FileSpec", report: FileReport, tick: Callable[[int], None]
) -> Iterator[str]:
    """COPY text lines of the rows that pass spec.clean(); after the first bad row, only checks."""
    reader = csv.reader(handle)
    width = len(spec.columns)
    batch: list[str] = []
    for values in reader:
        if not values:
            continue  # a blank line, often the last one
        report.rows += 1
        line = reader.line_num + 1  # the header was read before the reader started
        try:
            if len(values) != width:
                raise InvalidRow("columns", expected=width, found=len(values))
            row = spec.clean(values)
        except _ColumnError as error:
            _record(report, line, error.error, error.column)
            continue
        except InvalidIdentifier as error:
            _record(report, line, error)
            continue
        if not report.bad_rows:
            batch.append("\t".join(map(_copy_text, (line, *row))) + "\n")
        if len(batch) == 1000:
            yield "".join(batch)
            batch = []
        if report.rows % PROGRESS_EVERY == 0:
            tick(report.rows)
    if batch and not report.bad_rows:
        yield "".join(batch)


class _ColumnError(Exception):
    def __init__(self, column: str, error: InvalidIdentifier) -> None:
        self.column = column
        self.error = error


def _load_checked_in_python(cursor, source: Path, spec: "FileSpec", report: FileReport, tick) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {spec.stage}; CREATE TEMP TABLE {spec.stage} ({spec.stage_ddl})")
    with _open_checked(source, spec, report) as handle:
        _copy_in(cursor, spec.stage, _checked_rows(handle, spec, report, tick), report)
    if report.bad_rows:
        raise _Rejected
    with _timed(report, "checks"):
        cursor.execute(f"ANALYZE {spec.stage}")  # temporary tables get no statistics otherwise
        _reject_sql_problems(cursor, spec, report)
    with _timed(report, "upsert"):
        report.inserted, report.updated = _upsert(cursor, spec.upsert_sql)
        _analyze_after_big_load(cursor, spec, report)
    cursor.execute(f"DROP TABLE {spec.stage}")


def _analyze_after_big_load(cursor, spec: "FileSpec", report: FileReport) -> None:
    # Lookups and the next file's joins plan on these statistics; autovacuum would come too late.
    if report.inserted >= BIG_LOAD:
        cursor.execute(f"ANALYZE {spec.table}")


def _reject_sql_problems(cursor, spec: "FileSpec", report: FileReport) -> None:
    """Problems only the database can see: duplicates in the file, unknown references."""
    for sql in spec.checks:
        cursor.execute(sql)
        for line, code, params in cursor.fetchall():
            _record(report, line, InvalidRow(code, **params))
    if report.bad_rows:
        raise _Rejected


def _upsert(cursor, sql: str) -> tuple[int, int]:
    cursor.execute(
        f"WITH written AS ({sql} RETURNING (xmax = 0) AS inserted) "  # noqa: S608 - sql is a constant
        "SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM written"
    )
    inserted, updated = cursor.fetchone()
    return inserted, updated


# --- cleaning helpers: each raises _ColumnError naming the column -------------------------------


def _required(value: str, column: str, limit: int) -> str:
    text = " ".join(value.split())
    if not text:
        raise _ColumnError(column, InvalidRow("required", column=column))
    return _limited(text, column, limit)


def _limited(value: str, column: str, limit: int) -> str:
    text = " ".join(value.split())
    if len(text) > limit:
        raise _ColumnError(column, InvalidRow("too_long", column=column, limit=limit))
    return text


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date(value: str, column: str, *, required: bool = True) -> date | None:
    text = value.strip()
    if not text and not required:
        return None
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise _ColumnError(column, InvalidRow("date", column=column)) from None


def _identifier(column: str, parse: Callable[[], object]):
    try:
        return parse()
    except InvalidIdentifier as error:
        raise _ColumnError(column, error) from None


# --- employers.csv ---------------------------------------------------------------------------


def _clean_employer(values: list[str]) -> tuple:
    code, brn, name, trading, address, postcode, state, msic, registered, ceased, lat, lon = values
    code = _identifier("employer_code", lambda: parse_employer_code(code))
    brn = _limited(brn, "business_registration_no", 40)
    ssm = _identifier("business_registration_no", lambda: parse_ssm(brn)) if brn else None
    name = _required(name, "name", 200)
    trading = _limited(trading, "trading_name", 200)
    postcode, state = _postcode_and_state(postcode, state)
    registered_on = _date(registered, "registered_on")
    ceased_on = _date(ceased, "ceased_on", required=False)
    if ceased_on and ceased_on < registered_on:
        raise _ColumnError("ceased_on", InvalidRow("ceased_before_registered"))
    return (
        code, brn, ssm and ssm.new, ssm and ssm.old, name, trading, name_key(name),
        name_key(trading) if trading else "",
        _limited(address, "address", 300), postcode, state, _msic(msic), registered_on, ceased_on,
        *_position(lat, lon),
    )  # fmt: skip


def _postcode_and_state(postcode: str, state: str) -> tuple[str, str]:
    postcode = _identifier("postcode", lambda: parse_postcode(postcode)) if postcode.strip() else ""
    state = _identifier("state", lambda: normalise_state(state)) if state.strip() else ""
    area = postcode_areas().get(postcode)
    # A postcode missing from the data package is let through (Pos Malaysia adds some every
    # year); one that is known must lie in the state given.
    if area and state and area.state != state:
        raise _ColumnError(
            "postcode",
            InvalidIdentifier("postcode_state", postcode=postcode, expected=area.state, state=state),
        )
    return postcode, state


def _msic(value: str) -> str:
    code = value.strip()
    if code and not re.fullmatch(r"[0-9]{5}", code):
        raise _ColumnError("msic_code", InvalidRow("msic_code"))
    return code


def _position(lat: str, lon: str) -> tuple[float | None, float | None]:
    if not lat.strip() and not lon.strip():
        return None, None
    try:
        latitude, longitude = float(lat), float(lon)
    except ValueError:
        raise _ColumnError("latitude", InvalidRow("coordinates")) from None
    bounds = MALAYSIA_BOUNDS
    if not (
        bounds["lat_min"] <= latitude <= bounds["lat_max"]
        and bounds["lon_min"] <= longitude <= bounds["lon_max"]
    ):
        raise _ColumnError(
            "latitude", InvalidRow("outside_malaysia", latitude=lat.strip(), longitude=lon.strip())
        )
    return longitude, latitude


EMPLOYER_STAGE = """
    line bigint, employer_code text, business_registration_no text, ssm_new text, ssm_old text,
    name text, trading_name text, name_key text, trading_name_key text, address text, postcode text,
    state text, msic_code text, registered_on date, ceased_on date, lon float8, lat float8
"""
EMPLOYER_COLUMNS = (
    "business_registration_no, ssm_new, ssm_old, name, trading_name, name_key, trading_name_key, "
    "address, postcode, state, msic_code, registered_on, ceased_on, location"
)
# SQL in this module is built from constants only; no value of a file reaches it but through COPY.
EMPLOYER_UPSERT = f"""
    INSERT INTO registry_employer AS e (employer_code, {EMPLOYER_COLUMNS})
    SELECT employer_code, business_registration_no, ssm_new, ssm_old, name, trading_name, name_key,
           trading_name_key, address, postcode, state, msic_code, registered_on, ceased_on,
           CASE WHEN lon IS NOT NULL THEN ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography END
      FROM stage_employers ORDER BY employer_code
    ON CONFLICT (employer_code) DO UPDATE
       SET ({EMPLOYER_COLUMNS}) = (
           EXCLUDED.business_registration_no, EXCLUDED.ssm_new, EXCLUDED.ssm_old, EXCLUDED.name,
           EXCLUDED.trading_name, EXCLUDED.name_key, EXCLUDED.trading_name_key, EXCLUDED.address,
           EXCLUDED.postcode, EXCLUDED.state, EXCLUDED.msic_code, EXCLUDED.registered_on,
           EXCLUDED.ceased_on, EXCLUDED.location)
     WHERE (e.business_registration_no, e.ssm_new, e.ssm_old, e.name, e.trading_name, e.name_key,
            e.trading_name_key, e.address, e.postcode, e.state, e.msic_code, e.registered_on,
            e.ceased_on, ST_X(e.location::geometry), ST_Y(e.location::geometry))
           IS DISTINCT FROM
           (EXCLUDED.business_registration_no, EXCLUDED.ssm_new, EXCLUDED.ssm_old, EXCLUDED.name,
            EXCLUDED.trading_name, EXCLUDED.name_key, EXCLUDED.trading_name_key, EXCLUDED.address,
            EXCLUDED.postcode, EXCLUDED.state, EXCLUDED.msic_code, EXCLUDED.registered_on,
            EXCLUDED.ceased_on, ST_X(EXCLUDED.location::geometry), ST_Y(EXCLUDED.location::geometry))
"""  # noqa: S608
EMPLOYER_CHECKS = (
    """SELECT s.line, 'duplicate', json_build_object('what', 'employer_code', 'other', f.line)
         FROM stage_employers s
         JOIN (SELECT employer_code, min(line) AS line FROM stage_employers GROUP BY 1) f
              USING (employer_code)
        WHERE s.line > f.line ORDER BY s.line LIMIT 1000""",
    """SELECT s.line, 'duplicate', json_build_object('what', 'business_registration_no', 'other', f.line)
         FROM stage_employers s
         JOIN (SELECT DISTINCT ON (ssm_new) ssm_new, line, employer_code FROM stage_employers
                ORDER BY ssm_new, line) f USING (ssm_new)
        WHERE s.line > f.line AND s.employer_code <> f.employer_code ORDER BY s.line LIMIT 1000""",
    # The new SSM number is unique across the registry, not only within the file.
    """SELECT s.line, 'ssm_taken', json_build_object('ssm', s.ssm_new, 'employer', e.employer_code)
         FROM stage_employers s JOIN registry_employer e USING (ssm_new)
        WHERE e.employer_code <> s.employer_code ORDER BY s.line LIMIT 1000""",
)


# --- persons.csv -----------------------------------------------------------------------------


def _clean_person(values: list[str]) -> tuple:
    raw_id, name, born, gender, nationality, registered = values
    nationality = nationality.strip().upper() or "MY"
    if not re.fullmatch(r"[A-Z]{2}", nationality):
        raise _ColumnError("nationality", InvalidRow("nationality"))
    born_on = _date(born, "date_of_birth")
    gender = gender.strip().upper()
    if gender not in ("M", "F"):
        raise _ColumnError("gender", InvalidRow("gender"))
    id_number = _identifier("id_number", lambda: _person_id(raw_id, nationality, born_on, gender))
    registered_on = _date(registered, "registered_on")
    if registered_on < born_on:
        raise _ColumnError("registered_on", InvalidRow("registered_before_birth"))
    return id_number, _required(name, "name", 150), born_on, gender, nationality, registered_on


def _person_id(raw_id: str, nationality: str, born_on: date, gender: str) -> str:
    # date.max: the century is the date of birth's business here, not the MyKad's.
    number = normalise_id_number(raw_id, nationality=nationality, on=date.max)
    if nationality == "MY":
        check_mykad_against(number, born_on=born_on, gender=gender)
    return number


PERSON_STAGE = """
    line bigint, id_number text, name text, date_of_birth date, gender text, nationality text,
    registered_on date
"""
PERSON_UPSERT = """
    INSERT INTO registry_insuredperson AS p
           (id_number, name, date_of_birth, gender, nationality, registered_on)
    SELECT id_number, name, date_of_birth, gender, nationality, registered_on
      FROM stage_persons ORDER BY id_number
    ON CONFLICT (id_number) DO UPDATE
       SET (name, date_of_birth, gender, nationality, registered_on) = (
           EXCLUDED.name, EXCLUDED.date_of_birth, EXCLUDED.gender, EXCLUDED.nationality,
           EXCLUDED.registered_on)
     WHERE (p.name, p.date_of_birth, p.gender, p.nationality, p.registered_on) IS DISTINCT FROM
           (EXCLUDED.name, EXCLUDED.date_of_birth, EXCLUDED.gender, EXCLUDED.nationality,
            EXCLUDED.registered_on)
"""
PERSON_CHECKS = (
    """SELECT s.line, 'duplicate', json_build_object('what', 'id_number', 'other', f.line)
         FROM stage_persons s
         JOIN (SELECT id_number, min(line) AS line FROM stage_persons GROUP BY 1) f USING (id_number)
        WHERE s.line > f.line ORDER BY s.line LIMIT 1000""",
)


# --- employments.csv -------------------------------------------------------------------------

_ID_SEPARATORS = str.maketrans("", "", " -")


def _clean_employment(values: list[str]) -> tuple:
    raw_id, code, started, ended = values
    id_number = raw_id.translate(_ID_SEPARATORS).strip().upper()
    if not re.fullmatch(r"[A-Z0-9]{6,20}", id_number):
        raise _ColumnError("id_number", InvalidRow("id_number"))
    code = _identifier("employer_code", lambda: parse_employer_code(code))
    started_on = _date(started, "started_on")
    ended_on = _date(ended, "ended_on", required=False)
    if ended_on and ended_on < started_on:
        raise _ColumnError("ended_on", InvalidRow("ended_before_started"))
    return id_number, code, started_on, ended_on


EMPLOYMENT_STAGE = "line bigint, id_number text, employer_code text, started_on date, ended_on date"
EMPLOYMENT_UPSERT = """
    INSERT INTO registry_employment AS m (person_id, employer_id, started_on, ended_on)
    SELECT p.id, e.id, s.started_on, s.ended_on
      FROM stage_employments s
      JOIN registry_insuredperson p USING (id_number)
      JOIN registry_employer e USING (employer_code)
     ORDER BY p.id
    ON CONFLICT (person_id, employer_id, started_on) DO UPDATE SET ended_on = EXCLUDED.ended_on
     WHERE m.ended_on IS DISTINCT FROM EXCLUDED.ended_on
"""
EMPLOYMENT_CHECKS = (
    """SELECT s.line, 'duplicate', json_build_object('what', 'employment', 'other', f.line)
         FROM stage_employments s
         JOIN (SELECT id_number, employer_code, started_on, min(line) AS line
                 FROM stage_employments GROUP BY 1, 2, 3) f USING (id_number, employer_code, started_on)
        WHERE s.line > f.line ORDER BY s.line LIMIT 1000""",
    """SELECT s.line, 'unknown_person', '{}'::json FROM stage_employments s
        WHERE NOT EXISTS (SELECT FROM registry_insuredperson p WHERE p.id_number = s.id_number)
        ORDER BY s.line LIMIT 1000""",
    """SELECT s.line, 'unknown_employer', '{}'::json FROM stage_employments s
        WHERE NOT EXISTS (SELECT FROM registry_employer e WHERE e.employer_code = s.employer_code)
        ORDER BY s.line LIMIT 1000""",
)


# --- contributions.csv: folded into years while streaming, merged in SQL ---------------------------

CHUNK = 1 << 18  # characters of the file read, checked and folded at a time

# The shape nearly every line of a clean extract has. A chunk whose every line has it is parsed
# by one findall() and folded by groupby(), at C speed; a chunk with any other line is read line
# by line (_checked_runs), which says what is wrong where.
_CLEAN_LINES = re.compile(
    r"^([A-Z0-9]{6,20}),([A-Z0-9]{12}),(197[1-9]|19[89][0-9]|20[0-9][0-9]|2100)-(0[1-9]|1[0-2]),"
    r"([0-9]{1,7}(?:\.[0-9]{1,2})?),([12])$",
    re.MULTILINE,
)
# A row: (id_number, employer_code, year, month, wage in ringgit as written, category), all text.
_YEAR_KEY = itemgetter(0, 1, 2, 5)
_MONTH, _WAGE = itemgetter(3), itemgetter(4)
_MONTHS = tuple(f"{month:02d}" for month in range(1, 13))
_UNPAID = ("NULL",) * 12


def _year_line(key: tuple[str, ...], line: int, wages: dict[str, str]) -> str:
    """The COPY line of a run: consecutive rows of one person, employer, year and category."""
    id_number, code, year, category = key
    paid = ",".join(map(wages.get, _MONTHS, _UNPAID))
    return f"{line}\t{id_number}\t{code}\t{year}\t{category}\t{{{paid}}}\t{len(wages)}\t{max(wages)}\n"


def _clean_chunk(lines: list[str], first_line: int) -> list[str] | None:
    """The year lines of a chunk whose every line has the clean shape and no month twice, else None."""
    rows = _CLEAN_LINES.findall("".join(lines))
    if len(rows) != len(lines):
        return None
    years, line = [], first_line
    for key, group in groupby(rows, _YEAR_KEY):
        months = list(group)
        wages = dict(zip(map(_MONTH, months), map(_WAGE, months), strict=True))
        if len(wages) < len(months):
            return None  # a month given twice: _checked_chunk names both lines
        years.append(_year_line(key, line, wages))
        line += len(months)
    return years


@dataclass
class _Run:
    """Consecutive rows of one person, employer, year and category, read line by line."""

    key: tuple[str, ...]  # id_number, employer_code, year, category
    line: int
    wages: dict[str, str] = field(default_factory=dict)  # "01".."12" -> ringgit as written
    lines: dict[str, int] = field(default_factory=dict)  # "01".."12" -> line


def _checked_chunk(lines: list[str], first_line: int, report: FileReport) -> list[str]:
    """The year lines of a chunk read line by line; each bad line is recorded."""
    runs = _checked_runs(lines, first_line, report)
    return [_year_line(run.key, run.line, run.wages) for run in runs]


def _checked_runs(lines: list[str], first_line: int, report: FileReport) -> list[_Run]:
    runs: list[_Run] = []
    for line_number, line in enumerate(lines, start=first_line):
        if not line.strip():
            continue  # a blank line, often the last one
        report.rows += 1
        try:
            id_number, code, year, month, wage, category = _contribution(line)
        except _ColumnError as error:
            _record(report, line_number, error.error, error.column)
            continue
        except InvalidIdentifier as error:
            _record(report, line_number, error)
            continue
        if not runs or runs[-1].key != (id_number, code, year, category):
            runs.append(_Run((id_number, code, year, category), line_number))
        run = runs[-1]
        if month in run.wages:
            twice = InvalidRow("duplicate", what="month", other=run.lines[month])
            _record(report, line_number, twice, "month")
        run.wages[month], run.lines[month] = wage, line_number
    return runs


def _contribution(line: str) -> tuple[str, ...]:
    """(id_number, employer_code, year, month, wage, category) of one CSV line, normalised."""
    clean = _CLEAN_LINES.fullmatch(line.rstrip("\r\n"))
    return clean.groups() if clean else _contribution_slowly(line)


def _contribution_slowly(line: str) -> tuple[str, ...]:
    values = next(csv.reader([line]), [])
    if len(values) != 5:
        raise InvalidRow("columns", expected=5, found=len(values))
    raw_id, code, month, wage, category = (value.strip() for value in values)
    id_number = raw_id.translate(_ID_SEPARATORS).upper()
    if not re.fullmatch(r"[A-Z0-9]{6,20}", id_number):
        raise _ColumnError("id_number", InvalidRow("id_number"))
    code = _identifier("employer_code", lambda: parse_employer_code(code))
    found = re.fullmatch(r"(197[1-9]|19[89][0-9]|20[0-9][0-9]|2100)-(0[1-9]|1[0-2])", month)
    if found is None:
        raise _ColumnError("month", InvalidRow("month"))
    amount = re.fullmatch(r"[0-9]{1,7}(?:\.[0-9]{1,2})?", wage.replace(",", ""))
    if amount is None:
        raise _ColumnError("wage", InvalidRow("wage"))
    if category not in ("1", "2"):
        raise _ColumnError("category", InvalidRow("category"))
    return id_number, code, found[1], found[2], amount[0], category


def _folded_contributions(handle: IO[str], report: FileReport, tick: Callable[[int], None]) -> Iterator[str]:
    """COPY lines of one row per run of consecutive rows with the same year key.

    Extracts come sorted by person, so runs are long and the COPY carries a twelfth of the
    rows; runs cut by a chunk's end, or an unsorted file, are merged by SQL afterwards.
    """
    first_line = 2
    while lines := handle.readlines(CHUNK):
        rows_before = report.rows
        years = _clean_chunk(lines, first_line)
        if years is None:
            years = _checked_chunk(lines, first_line, report)
        else:
            report.rows += len(lines)
        if not report.bad_rows:
            yield "".join(years)
        _tick_every(rows_before, report.rows, tick)
        first_line += len(lines)


def _tick_every(before: int, after: int, tick: Callable[[int], None]) -> None:
    """tick(n) for each multiple n of PROGRESS_EVERY passed in (before, after]."""
    for rows in range((before // PROGRESS_EVERY + 1) * PROGRESS_EVERY, after + 1, PROGRESS_EVERY):
        tick(rows)


def _record_months_given_twice(cursor, source: Path, report: FileReport) -> None:
    """A month given twice in separate runs of a key (an unsorted file, or a run cut by a chunk's
    end) shows only once the runs merge: read the file again for just those keys, to name both lines."""
    cursor.execute(
        "SELECT id_number, employer_code, year::text, category::text FROM stage_years"
        " WHERE months > num_nonnulls(VARIADIC wages)"
    )
    keys = set(cursor.fetchall())
    if keys:
        with source.open(newline=None, encoding="utf-8-sig") as handle:
            handle.readline()
            _record_lines_given_twice(enumerate(handle, start=2), keys, report)


def _record_lines_given_twice(lines: Iterator[tuple[int, str]], keys: set[tuple], report: FileReport) -> None:
    first_lines: dict[tuple[str, ...], int] = {}
    for line_number, line in lines:
        row = _contribution(line) if line.strip() else None  # every line was checked already
        if row is None or _YEAR_KEY(row) not in keys:
            continue
        first = first_lines.setdefault(row[:4] + row[5:], line_number)
        if first != line_number:
            _record(report, line_number, InvalidRow("duplicate", what="month", other=first), "month")


CONTRIBUTION_STAGE = """
    line bigint, id_number text, employer_code text, year smallint, category smallint,
    wages numeric[], months smallint, last_month smallint
"""
_SEN = ", ".join(f"(max(wages[{m}]) * 100)::int" for m in range(1, 13))
# Runs of the same key merge here, then each key is looked up in the registry once. Scalar
# subqueries are index lookups whatever the sizes (a join could hash the whole person table),
# made in id_number order so that they walk the index rather than jump about it.
CONTRIBUTION_FOLD = f"""
    CREATE TEMP TABLE stage_years AS
    SELECT (SELECT id FROM registry_insuredperson p WHERE p.id_number = m.id_number) AS person_id,
           (SELECT id FROM registry_employer e WHERE e.employer_code = m.employer_code) AS employer_id,
           m.*
      FROM (SELECT id_number, employer_code, year, category, ARRAY[{_SEN}] AS wages,
                   sum(months) AS months, min(line) AS line, max(last_month) AS last_month
              FROM stage_contributions GROUP BY 1, 2, 3, 4 ORDER BY 1) m
"""  # noqa: S608
CONTRIBUTION_CHECKS = (
    """SELECT line, 'unknown_person', '{}'::json FROM stage_years WHERE person_id IS NULL
        ORDER BY line LIMIT 1000""",
    """SELECT line, 'unknown_employer', '{}'::json FROM stage_years WHERE employer_id IS NULL
        ORDER BY line LIMIT 1000""",
)
# A month in the file replaces that month; months not in the file stay as they were.
_MERGED = ", ".join(f"coalesce(EXCLUDED.wages_sen[{m}], c.wages_sen[{m}])" for m in range(1, 13))
CONTRIBUTION_UPSERT = f"""
    INSERT INTO registry_contributionyear AS c (person_id, year, employer_id, category, wages_sen)
    SELECT person_id, year, employer_id, category, wages FROM stage_years
     ORDER BY person_id, year, employer_id, category
    ON CONFLICT (person_id, year, employer_id, category) DO UPDATE SET wages_sen = ARRAY[{_MERGED}]
     WHERE c.wages_sen IS DISTINCT FROM ARRAY[{_MERGED}]
"""  # noqa: S608
# stage_years has no statistics: the planner's default guess (a few hundred employers) keeps
# this a nested loop over the employer primary key, never a scan of the employer table.
LAST_PAID_UPDATE = """
    UPDATE registry_employer e SET last_paid_month = newest.month
      FROM (SELECT employer_id, max(make_date(year, last_month, 1)) AS month
              FROM stage_years GROUP BY 1) newest
     WHERE e.id = newest.employer_id
       AND (e.last_paid_month IS NULL OR e.last_paid_month < newest.month)
"""


def _load_contributions(cursor, source: Path, spec: "FileSpec", report: FileReport, tick) -> None:
    cursor.execute(
        "DROP TABLE IF EXISTS stage_contributions, stage_years; "
        f"CREATE TEMP TABLE stage_contributions ({CONTRIBUTION_STAGE})"
    )
    with _open_checked(source, spec, report, newline=None) as handle:
        _copy_in(cursor, "stage_contributions", _folded_contributions(handle, report, tick), report)
    if report.bad_rows:
        raise _Rejected
    with _timed(report, "fold"):
        cursor.execute(CONTRIBUTION_FOLD)
    with _timed(report, "checks"):
        _record_months_given_twice(cursor, source, report)
        _reject_sql_problems(cursor, spec, report)
    with _timed(report, "upsert"):
        report.inserted, report.updated = _upsert(cursor, CONTRIBUTION_UPSERT)
        _analyze_after_big_load(cursor, spec, report)
    with _timed(report, "last paid"):
        cursor.execute(LAST_PAID_UPDATE)
    cursor.execute("DROP TABLE stage_contributions, stage_years")


# --- the four files --------------------------------------------------------------------------


@dataclass(frozen=True)
class FileSpec:
    name: str
    columns: tuple[str, ...]
    stage: str
    stage_ddl: str
    checks: tuple[str, ...]
    table: str
    upsert_sql: str = ""
    clean: Callable[[list[str]], tuple] = tuple
    loader: Callable = _load_checked_in_python

    def load(self, cursor, source: Path, report: FileReport, tick: Callable[[int], None]) -> None:
        self.loader(cursor, source, self, report, tick)


EMPLOYERS = FileSpec(
    "employers.csv",
    ("employer_code", "business_registration_no", "name", "trading_name", "address", "postcode", "state",
     "msic_code", "registered_on", "ceased_on", "latitude", "longitude"),
    "stage_employers", EMPLOYER_STAGE, EMPLOYER_CHECKS, "registry_employer", EMPLOYER_UPSERT, _clean_employer,
)  # fmt: skip
PERSONS = FileSpec(
    "persons.csv",
    ("id_number", "name", "date_of_birth", "gender", "nationality", "registered_on"),
    "stage_persons", PERSON_STAGE, PERSON_CHECKS, "registry_insuredperson", PERSON_UPSERT, _clean_person,
)  # fmt: skip
EMPLOYMENTS = FileSpec(
    "employments.csv",
    ("id_number", "employer_code", "started_on", "ended_on"),
    "stage_employments", EMPLOYMENT_STAGE, EMPLOYMENT_CHECKS, "registry_employment", EMPLOYMENT_UPSERT,
    _clean_employment,
)  # fmt: skip
CONTRIBUTIONS = FileSpec(
    "contributions.csv",
    ("id_number", "employer_code", "month", "wage", "category"),
    "stage_contributions", CONTRIBUTION_STAGE, CONTRIBUTION_CHECKS, "registry_contributionyear",
    loader=_load_contributions,
)  # fmt: skip
FILES = (EMPLOYERS, PERSONS, EMPLOYMENTS, CONTRIBUTIONS)
