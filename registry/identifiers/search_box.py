"""What did the officer type into the single search box? An employer code, an SSM number (new or
old), a MyKad, a passport or a signboard name, with the other readings of the same text."""

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from .employer_code import EMPLOYER_CODE
from .invalid import InvalidIdentifier, compact
from .mykad import MyKad, mykad_shaped, parse_mykad
from .ssm import Ssm, parse_ssm


class QueryKind(StrEnum):
    EMPLOYER_CODE = "employer_code"
    SSM_NEW = "ssm_new"
    SSM_OLD = "ssm_old"
    MYKAD = "mykad"
    PASSPORT = "passport"
    NAME = "name"


@dataclass(frozen=True)
class Query:
    kind: QueryKind
    value: str  # normalised for its kind; a name is returned as typed, stripped
    # Other readings of the same text, most likely first (a 12-digit number can be both a
    # MyKad and an SSM number): search them too when the first finds nothing.
    alternatives: tuple["Query", ...] = field(default=())


_PASSPORT_LIKE = re.compile(r"[A-Z]{0,3}[0-9]{6,10}[A-Z]?")
_MYKAD_SHAPE = re.compile(r"\s*[0-9]{6}\s*-\s*[0-9]{2}\s*-\s*[0-9]{4}\s*")


def classify_query(text: str, *, on: date | None = None) -> Query:
    """Read the search box: employer code, SSM number (new or old), MyKad, passport or a name."""
    on = on or date.today()
    bare = compact(text)
    if _meant_as_mykad(text, bare, on=on):
        # Not a MyKad, but written as one (890A31-17-1224, 770305-00, 85131514512): the person
        # check refuses it with the MyKad message rather than an employer search keeping it.
        return Query(QueryKind.MYKAD, bare)
    readings = _number_readings(text, bare, on=on) if bare.isalnum() or "(" in text else []
    name = Query(QueryKind.NAME, " ".join(text.split()))
    if not readings:
        return name
    if _may_be_a_name(text):  # "Keont Kuantan" has 12 letters, as an employer code has
        readings.append(name)
    return Query(readings[0].kind, readings[0].value, tuple(readings[1:]))


def _meant_as_mykad(text: str, bare: str, *, on: date) -> bool:
    if not mykad_shaped(text):
        return False
    if bare.isdigit() and len(bare) == 12 and not _MYKAD_SHAPE.fullmatch(text):
        return False  # twelve plain digits may as well be an SSM number or an employer code
    return _mykad_or_none(bare, on=on) is None


def _may_be_a_name(text: str) -> bool:
    """A word of letters only ("KEONT"): a signboard name is searched too when nothing else matches."""
    return any(len(word) > 1 and word.isalpha() for word in text.split())


def _number_readings(text: str, bare: str, *, on: date) -> list[Query]:
    if bare.isdigit() and len(bare) == 12:
        return _twelve_digit_readings(text, bare, on=on)
    ssm = _ssm_or_none(text, on=on)
    if ssm is not None:
        numbers = ((QueryKind.SSM_NEW, ssm.new), (QueryKind.SSM_OLD, ssm.old))
        return [Query(kind, number) for kind, number in numbers if number]
    if EMPLOYER_CODE.fullmatch(bare):
        return [Query(QueryKind.EMPLOYER_CODE, bare)]
    if _PASSPORT_LIKE.fullmatch(bare) and " " not in text.strip():
        return [Query(QueryKind.PASSPORT, bare)]
    return []


def _twelve_digit_readings(text: str, bare: str, *, on: date) -> list[Query]:
    mykad = _mykad_or_none(bare, on=on)
    ssm = _ssm_or_none(bare, on=on)
    readings = []
    if mykad is not None:
        readings.append(Query(QueryKind.MYKAD, bare))
    if ssm is not None:
        readings.append(Query(QueryKind.SSM_NEW, bare))
    readings.append(Query(QueryKind.EMPLOYER_CODE, bare))
    # Both readings valid: the dashes, or a working age, tell which was meant.
    if mykad is not None and ssm is not None and not _MYKAD_SHAPE.fullmatch(text):
        age = on.year - mykad.born_on.year
        if not 15 <= age <= 100:
            readings[0], readings[1] = readings[1], readings[0]
    return readings


def _mykad_or_none(number: str, *, on: date) -> MyKad | None:
    try:
        return parse_mykad(number, on=on)
    except InvalidIdentifier:
        return None


def _ssm_or_none(text: str, *, on: date) -> Ssm | None:
    try:
        return parse_ssm(text, on=on)
    except InvalidIdentifier:
        return None
