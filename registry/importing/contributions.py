"""contributions.csv, the big file (one row per person, employer and month): checked and folded
into one row per person, employer, year and category while streaming, a chunk of lines at a
time, then merged and checked against the registry in SQL.

CHUNK and PROGRESS_EVERY are read from the package at each call, where tests and the bench tune them.
"""

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import IO

from .. import importing
from ..identifiers import parse_employer_code
from .cleaning import BAD_ROW, ID_SEPARATORS, ColumnError, identifier, record_bad_row
from .report import FileReport, InvalidRow, Rejected, record
from .staging import (
    FileSpec,
    analyze_after_big_load,
    copy_in,
    open_checked,
    reject_sql_problems,
    timed,
    upsert,
)

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
        except BAD_ROW as error:
            record_bad_row(report, line_number, error)
            continue
        if not runs or runs[-1].key != (id_number, code, year, category):
            runs.append(_Run((id_number, code, year, category), line_number))
        run = runs[-1]
        if month in run.wages:
            twice = InvalidRow("duplicate", what="month", other=run.lines[month])
            record(report, line_number, twice, "month")
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
    id_number = raw_id.translate(ID_SEPARATORS).upper()
    if not re.fullmatch(r"[A-Z0-9]{6,20}", id_number):
        raise ColumnError("id_number", InvalidRow("id_number"))
    code = identifier("employer_code", lambda: parse_employer_code(code))
    found = re.fullmatch(r"(197[1-9]|19[89][0-9]|20[0-9][0-9]|2100)-(0[1-9]|1[0-2])", month)
    if found is None:
        raise ColumnError("month", InvalidRow("month"))
    amount = re.fullmatch(r"[0-9]{1,7}(?:\.[0-9]{1,2})?", wage.replace(",", ""))
    if amount is None:
        raise ColumnError("wage", InvalidRow("wage"))
    if category not in ("1", "2"):
        raise ColumnError("category", InvalidRow("category"))
    return id_number, code, found[1], found[2], amount[0], category


def _folded_contributions(handle: IO[str], report: FileReport, tick: Callable[[int], None]) -> Iterator[str]:
    """COPY lines of one row per run of consecutive rows with the same year key.

    Extracts come sorted by person, so runs are long and the COPY carries a twelfth of the
    rows; runs cut by a chunk's end, or an unsorted file, are merged by SQL afterwards.
    """
    first_line = 2
    while lines := handle.readlines(importing.CHUNK):
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
    every = importing.PROGRESS_EVERY
    for rows in range((before // every + 1) * every, after + 1, every):
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
            record(report, line_number, InvalidRow("duplicate", what="month", other=first), "month")


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


def _load_contributions(cursor, source: Path, spec: FileSpec, report: FileReport, tick) -> None:
    cursor.execute(
        "DROP TABLE IF EXISTS stage_contributions, stage_years; "
        f"CREATE TEMP TABLE stage_contributions ({CONTRIBUTION_STAGE})"
    )
    with open_checked(source, spec, report, newline=None) as handle:
        copy_in(cursor, "stage_contributions", _folded_contributions(handle, report, tick), report)
    if report.bad_rows:
        raise Rejected
    with timed(report, "fold"):
        cursor.execute(CONTRIBUTION_FOLD)
    with timed(report, "checks"):
        _record_months_given_twice(cursor, source, report)
        reject_sql_problems(cursor, spec, report)
    with timed(report, "upsert"):
        report.inserted, report.updated = upsert(cursor, CONTRIBUTION_UPSERT)
        analyze_after_big_load(cursor, spec, report)
    with timed(report, "last paid"):
        cursor.execute(LAST_PAID_UPDATE)
    cursor.execute("DROP TABLE stage_contributions, stage_years")


CONTRIBUTIONS = FileSpec(
    "contributions.csv",
    ("id_number", "employer_code", "month", "wage", "category"),
    "stage_contributions", CONTRIBUTION_STAGE, CONTRIBUTION_CHECKS, "registry_contributionyear",
    loader=_load_contributions,
)  # fmt: skip
