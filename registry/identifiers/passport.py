"""Passports, and the national ID of the registry: a MyKad number or a passport number."""

import re
from datetime import date

from .invalid import InvalidIdentifier, compact
from .mykad import parse_mykad


def parse_passport(text: str) -> str:
    """A foreign worker's passport number: loose on purpose, formats differ by country."""
    number = compact(text)
    if not number:
        raise InvalidIdentifier("id_empty")
    if not re.fullmatch(r"[A-Z0-9]{6,20}", number):
        raise InvalidIdentifier("passport_format")
    return number


def normalise_id_number(text: str, *, nationality: str | None = None, on: date | None = None) -> str:
    """The registry's form of a national ID: 12 digits for a MyKad, uppercase alnum for a passport.

    With no nationality, 12 digits are read as a MyKad (a typo there deserves the MyKad message,
    not a silent "not found" as a passport).
    """
    bare = compact(text)
    if nationality == "MY" or (nationality is None and bare.isdigit() and len(bare) == 12):
        try:
            return parse_mykad(text, on=on).number
        except InvalidIdentifier as error:
            if nationality == "MY" and error.code == "mykad_format":
                raise InvalidIdentifier("mykad_required") from error
            raise
    return parse_passport(text)
