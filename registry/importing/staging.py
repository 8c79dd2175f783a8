"""The shared core of a load: each file in its own transaction, COPY into a staging table (rows
checked in Python on the way), checks in SQL, then one upsert; each step timed in the report.

PROGRESS_EVERY is read from the package at each call, where tests and the bench tune it.
"""

import csv
import io
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.db import connection, transaction

from .. import importing
from .cleaning import BAD_ROW, record_bad_row
from .report import FileReport, InvalidRow, Rejected, record, reject

Progress = Callable[[str, int], None]
BIG_LOAD = 50_000  # rows inserted by one file, past which the table is analysed at once


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
    except Rejected:
        pass
    report.seconds = time.monotonic() - started
    return report


@contextmanager
def timed(report: FileReport, phase: str) -> Iterator[None]:
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


def open_checked(source: Path, spec: "FileSpec", report: FileReport, newline: str | None = "") -> IO[str]:
    handle = source.open(newline=newline, encoding="utf-8-sig")
    header = [name.strip() for name in next(csv.reader([handle.readline()]), [])]
    if tuple(header) != spec.columns:
        handle.close()
        reject(report, 1, InvalidRow("header", expected=", ".join(spec.columns), found=", ".join(header)))
    return handle


class _Chunks(io.RawIOBase):
    """A file object over an iterator of text chunks, for cursor.copy_expert()."""

    def __init__(self, chunks: Iterator[str]) -> None:
        self._chunks = chunks
        self.seconds = 0.0  # spent making the chunks: reading and checking the file

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> str:
        started = time.perf_counter()
        chunk = next(self._chunks, "")
        self.seconds += time.perf_counter() - started
        return chunk


def copy_in(cursor, table: str, chunks: Iterator[str], report: FileReport) -> None:
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
        except BAD_ROW as error:
            record_bad_row(report, line, error)
            continue
        if not report.bad_rows:
            batch.append("\t".join(map(_copy_text, (line, *row))) + "\n")
        if len(batch) == 1000:
            yield "".join(batch)
            batch = []
        if report.rows % importing.PROGRESS_EVERY == 0:
            tick(report.rows)
    if batch and not report.bad_rows:
        yield "".join(batch)


def _load_checked_in_python(cursor, source: Path, spec: "FileSpec", report: FileReport, tick) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {spec.stage}; CREATE TEMP TABLE {spec.stage} ({spec.stage_ddl})")
    with open_checked(source, spec, report) as handle:
        copy_in(cursor, spec.stage, _checked_rows(handle, spec, report, tick), report)
    if report.bad_rows:
        raise Rejected
    with timed(report, "checks"):
        cursor.execute(f"ANALYZE {spec.stage}")  # temporary tables get no statistics otherwise
        reject_sql_problems(cursor, spec, report)
    with timed(report, "upsert"):
        report.inserted, report.updated = upsert(cursor, spec.upsert_sql)
        analyze_after_big_load(cursor, spec, report)
    cursor.execute(f"DROP TABLE {spec.stage}")


def analyze_after_big_load(cursor, spec: "FileSpec", report: FileReport) -> None:
    # Lookups and the next file's joins plan on these statistics; autovacuum would come too late.
    if report.inserted >= BIG_LOAD:
        cursor.execute(f"ANALYZE {spec.table}")


def reject_sql_problems(cursor, spec: "FileSpec", report: FileReport) -> None:
    """Problems only the database can see: duplicates in the file, unknown references."""
    for sql in spec.checks:
        cursor.execute(sql)
        for line, code, params in cursor.fetchall():
            record(report, line, InvalidRow(code, **params))
    if report.bad_rows:
        raise Rejected


def upsert(cursor, sql: str) -> tuple[int, int]:
    cursor.execute(
        f"WITH written AS ({sql} RETURNING (xmax = 0) AS inserted) "  # noqa: S608 - sql is a constant
        "SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM written"
    )
    inserted, updated = cursor.fetchone()
    return inserted, updated


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
