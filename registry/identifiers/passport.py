"""Passports, and the national ID of the registry: a MyKad number or a passport number."""

import re
from datetime import date

from .invalid import InvalidIdentifier, compact
from .mykad import mykad_shaped, parse_mykad

PASSPORT = re.compile(r"(?=[A-Z]*[0-9])[A-Z0-9]{6,20}")  # at least one digit: no word is a passport
# The passports of the countries most foreign workers come from, as loose shapes read off each
# country's series (PERKESO publishes no rule, socso-rules section 5): loose because a refused
# number stops its whole import file. A country not listed (NP: some series are all digits) is
# held to PASSPORT alone. Each example is a number as printed on the passport.
PASSPORT_FORMATS = {
    "BD": (re.compile(r"[A-Z]{1,2}[0-9]{7,8}"), "BA1234567"),  # e-passports: A01234567
    "CN": (re.compile(r"[A-Z][0-9]{8}|E[A-Z][0-9]{7}"), "E12345678"),  # also G12345678, EA1234567
    "ID": (re.compile(r"[A-Z][0-9]{7}"), "B1234567"),
    "IN": (re.compile(r"[A-Z][0-9]{7}"), "K1234567"),
    "LK": (re.compile(r"[A-Z][0-9]{7}"), "N1234567"),
    "MM": (re.compile(r"[A-Z]{1,2}[0-9]{6,7}"), "MA123456"),
    "PH": (re.compile(r"[A-Z]{1,2}[0-9]{6,7}[A-Z]?"), "P1234567A"),  # older: EB1234567
    "PK": (re.compile(r"[A-Z]{2}[0-9]{7}"), "AB1234567"),
    "TH": (re.compile(r"[A-Z]{1,2}[0-9]{6,7}"), "AA1234567"),
    "VN": (re.compile(r"[A-Z][0-9]{7,8}"), "C1234567"),
}


def parse_passport(text: str, *, nationality: str | None = None) -> str:
    """A foreign worker's passport number: 6 to 20 letters and digits, one digit at least, and,
    when the nationality is known and listed, the shape of that country's passports."""
    number = compact(text)
    if not number:
        raise InvalidIdentifier("id_empty")
    if not PASSPORT.fullmatch(number):
        raise InvalidIdentifier("passport_format")
    shape, example = PASSPORT_FORMATS.get(nationality or "", (None, ""))
    if shape is not None and not shape.fullmatch(number):
        raise InvalidIdentifier("passport_country", country=nationality, example=example)
    return number


def normalise_id_number(text: str, *, nationality: str | None = None, on: date | None = None) -> str:
    """The registry's form of a national ID: 12 digits for a MyKad, uppercase alnum for a passport.

    With no nationality, what is shaped like a MyKad (registry.identifiers.mykad.mykad_shaped) is
    read as one: a typo there deserves the MyKad message, not a silent "not found" as a passport.
    """
    if nationality == "MY" or (nationality is None and mykad_shaped(text)):
        try:
            return parse_mykad(text, on=on).number
        except InvalidIdentifier as error:
            if nationality == "MY" and error.code == "mykad_format":
                raise InvalidIdentifier("mykad_required") from error
            raise
    return parse_passport(text, nationality=nationality)


def is_mykad_number(number: str) -> bool:
    """Of the registry's national IDs (normalise_id_number()), is this one a MyKad? Anything else
    is a passport number, which has no check that could tell a typo from a stranger."""
    return len(number) == 12 and number.isdigit()
