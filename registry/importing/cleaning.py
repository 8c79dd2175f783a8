"""Cleaning a row's values, shared by the file kinds: each helper raises ColumnError naming the column."""

import re
from collections.abc import Callable
from datetime import date
from typing import Literal, TypeVar, overload

from ..identifiers import InvalidIdentifier
from .report import FileReport, InvalidRow, record

ID_SEPARATORS = str.maketrans("", "", " -")
T = TypeVar("T")


class ColumnError(Exception):
    def __init__(self, column: str, error: InvalidIdentifier) -> None:
        self.column = column
        self.error = error


# What cleaning a row may raise: an error of one of its columns, or of the whole row.
BAD_ROW = (ColumnError, InvalidIdentifier)


def record_bad_row(report: FileReport, line: int, error: ColumnError | InvalidIdentifier) -> None:
    """Count a bad row in the report; the error names its column when it is a column's."""
    if isinstance(error, ColumnError):
        record(report, line, error.error, error.column)
    else:
        record(report, line, error)


def required(value: str, column: str, limit: int) -> str:
    text = " ".join(value.split())
    if not text:
        raise ColumnError(column, InvalidRow("required", column=column))
    return limited(text, column, limit)


def limited(value: str, column: str, limit: int) -> str:
    text = " ".join(value.split())
    if len(text) > limit:
        raise ColumnError(column, InvalidRow("too_long", column=column, limit=limit))
    return text


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@overload
def iso_date(value: str, column: str, *, required: Literal[True] = True) -> date: ...
@overload
def iso_date(value: str, column: str, *, required: bool) -> date | None: ...
def iso_date(value: str, column: str, *, required: bool = True) -> date | None:
    text = value.strip()
    if not text and not required:
        return None
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise ColumnError(column, InvalidRow("date", column=column)) from None


def identifier(column: str, parse: Callable[[], T]) -> T:
    try:
        return parse()
    except InvalidIdentifier as error:
        raise ColumnError(column, error) from None
