"""Any dashboard table as CSV (streamed row by row) or XLSX (write-only workbook, low memory)."""

import csv
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A spreadsheet runs a cell that starts with one of these as a formula: signboard names are typed
# by anyone in the field, so such values are written as text (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Table:
    name: str  # the file name, without extension
    headers: Sequence[str]
    rows: Iterable[Sequence]


def plain(value) -> str | int | float | date | datetime | None:
    """A cell value both formats accept: local naive datetimes, text for anything else."""
    if value is None or isinstance(value, (int, float, date)):
        return value.replace(tzinfo=None) if isinstance(value, datetime) else value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """csv.writer writes into this and gets the line back, so that rows stream one at a time."""

    def write(self, value: str) -> str:
        return value


def csv_lines(table: Table) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(table.headers)
    for row in table.rows:
        yield writer.writerow([_csv_cell(plain(cell)) for cell in row])


def _csv_cell(value) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def csv_response(table: Table) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table.name}.csv"'
    return response


def xlsx_response(table: Table) -> FileResponse:
    """Rows go to a temporary file as they are read (write-only mode); the file is then streamed."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=table.name[:31])
    sheet.append(list(table.headers))
    for row in table.rows:
        sheet.append([plain(cell) for cell in row])
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=f"{table.name}.xlsx", content_type=XLSX_TYPE)
