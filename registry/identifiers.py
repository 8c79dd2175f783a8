"""Parse, normalise and validate the identifiers officers type and extracts carry.

Every failure raises InvalidIdentifier with a stable code (for APIs and tests) and a message
that is translated when it is read, so the same exception serves a Malay page and an English
import report. Formats: ../shared/reference/socso-rules.md section 5.
"""

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _
from stdnum import numdb
from stdnum.my import nric

DATA_DIR = Path(__file__).resolve().parent / "data"

MESSAGES = {
    "id_empty": _("Enter an ID number."),
    "mykad_length": _("A MyKad number has 12 digits; this one has %(count)d."),
    "mykad_format": _("A MyKad number has only digits, with dashes or spaces if you like."),
    "mykad_date": _(
        "The first six digits of a MyKad number are the date of birth (YYMMDD); %(digits)s is not a date."
    ),
    "mykad_place": _("%(place_code)s is not a place-of-birth code used in MyKad numbers (digits 7 and 8)."),
    "mykad_required": _("The ID number of a Malaysian is a 12-digit MyKad number."),
    "mykad_birth_date": _(
        "The MyKad number says born on %(digits)s (YYMMDD), but the date of birth is %(born_on)s."
    ),
    "mykad_gender": _(
        "The last digit of the MyKad number is odd for men and even for women; it does not match the gender."
    ),
    "passport_format": _("A passport number has 6 to 20 letters and digits."),
    "employer_code_format": _("An employer code has exactly 12 letters and digits; this one has %(count)d."),
    "ssm_format": _(
        "A business registration number is 12 digits (201901000005) "
        "or the old style with a check letter (1312525-A)."
    ),
    "ssm_year": _(
        "The first four digits of a business registration number are the year of registration; "
        "%(year)s is not possible."
    ),
    "ssm_entity_type": _(
        "Digits 5 and 6 of a business registration number are the entity type, 01 to 06; %(type)s is not one."
    ),
    "ssm_repeated": _("Give at most one new-style and one old-style business registration number."),
    "postcode_format": _("A postcode has 5 digits."),
    "postcode_unknown": _("%(postcode)s is not a Malaysian postcode."),
    "postcode_state": _("Postcode %(postcode)s is in %(expected)s, not in %(state)s."),
    "state_unknown": _("%(state)s is not a Malaysian state or federal territory."),
}


class InvalidIdentifier(ValueError):
    """A value that is not a valid identifier. `message` is rendered in the active language."""

    MESSAGES = MESSAGES

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        return str(self.MESSAGES[self.code]) % self.params

    def __str__(self) -> str:
        return self.message


# --- states and postcodes ------------------------------------------------------------------

STATES = (
    "Johor",
    "Kedah",
    "Kelantan",
    "Melaka",
    "Negeri Sembilan",
    "Pahang",
    "Perak",
    "Perlis",
    "Pulau Pinang",
    "Sabah",
    "Sarawak",
    "Selangor",
    "Terengganu",
    "W.P. Kuala Lumpur",
    "W.P. Labuan",
    "W.P. Putrajaya",
)
# Other spellings met in extracts and typed by people, folded by _fold_state().
_STATE_ALIASES = {
    "JOHORE": "Johor",
    "JOHORDARULTAKZIM": "Johor",
    "MALACCA": "Melaka",
    "NEGRISEMBILAN": "Negeri Sembilan",
    "PENANG": "Pulau Pinang",
    "PINANG": "Pulau Pinang",
    "KUALALUMPUR": "W.P. Kuala Lumpur",
    "WPKL": "W.P. Kuala Lumpur",
    "KL": "W.P. Kuala Lumpur",
    "LABUAN": "W.P. Labuan",
    "PUTRAJAYA": "W.P. Putrajaya",
}


def _fold_state(text: str) -> str:
    folded = re.sub(r"[^A-Z]", "", text.upper())
    return re.sub(r"^(WILAYAHPERSEKUTUAN|WP|FEDERALTERRITORY(OF)?)(?=[A-Z])", "", folded)


@cache
def _state_keys() -> dict[str, str]:
    keys = {_fold_state(state): state for state in STATES}
    return keys | _STATE_ALIASES


def normalise_state(text: str) -> str:
    """The state's canonical name (one of STATES), whatever common spelling was given."""
    state = _state_keys().get(_fold_state(text))
    if state is None:
        raise InvalidIdentifier("state_unknown", state=text.strip())
    return state


@dataclass(frozen=True)
class PostcodeArea:
    postcode: str
    state: str
    cities: tuple[str, ...]


@cache
def postcode_areas() -> dict[str, PostcodeArea]:
    """Postcode -> area, from registry/data/postcodes.csv (malaysia-postcodes, ISC). Read once."""
    cities: dict[str, list[str]] = {}
    states: dict[str, str] = {}
    with (DATA_DIR / "postcodes.csv").open(newline="", encoding="utf-8") as source:
        for row in csv.DictReader(source):
            states[row["postcode"]] = row["state"]
            cities.setdefault(row["postcode"], []).append(row["city"])
    return {code: PostcodeArea(code, states[code], tuple(cities[code])) for code in states}


def parse_postcode(text: str) -> str:
    postcode = text.strip()
    if not re.fullmatch(r"[0-9]{5}", postcode):
        raise InvalidIdentifier("postcode_format")
    return postcode


def check_postcode(postcode: str, state: str) -> PostcodeArea:
    """The area of a postcode, which must lie in the given state (any common spelling)."""
    area = postcode_areas().get(parse_postcode(postcode))
    if area is None:
        raise InvalidIdentifier("postcode_unknown", postcode=postcode.strip())
    if area.state != normalise_state(state):
        raise InvalidIdentifier(
            "postcode_state", postcode=area.postcode, expected=area.state, state=state.strip()
        )
    return area


# --- MyKad ---------------------------------------------------------------------------------

# Places that JPN's table names in Malay or as a list of countries (a region): a short English name.
_PLACE_REGIONS = {
    "62": "Cambodia",
    "66": "Singapore",
    "71": "Outside Malaysia",
    "72": "Outside Malaysia",
    "82": "State unknown",
    "83": "Asia-Pacific",
    "84": "South America",
    "85": "Africa",
    "86": "Europe",
    "87": "Britain and Ireland",
    "88": "Middle East",
    "89": "Far East",
    "90": "Central America and the Caribbean",
    "91": "North America",
    "92": "Eastern Europe",
    "93": "Other countries",
    "98": "Stateless",
    "99": "Not specified",
}


@cache
def mykad_places() -> dict[str, str]:
    """Place-of-birth code -> place, from python-stdnum's copy of the JPN table. Built once."""
    places = {}
    for number in range(100):
        code = f"{number:02d}"
        info = numdb.get("my/bp").info(code)[0][1]
        if info:
            places[code] = _place_name(code, info)
    return places


def _place_name(code: str, info: dict[str, str]) -> str:
    if code in _PLACE_REGIONS:
        return _PLACE_REGIONS[code]
    if "state" in info:
        state = info["state"].replace("Wilayah Persekutuan (", "W.P. ").rstrip(")")
        return state if state in STATES else info["state"]
    return (info.get("country") or info["countries"].split(",")[-1]).strip().title()


@dataclass(frozen=True)
class MyKad:
    number: str  # 12 digits
    born_on: date
    place_code: str
    place: str  # a state (one of STATES) or a country or region outside Malaysia
    gender: str  # "M" or "F"

    @property
    def formatted(self) -> str:
        return nric.format(self.number)

    @property
    def born_in_malaysia(self) -> bool:
        return self.place in STATES


def parse_mykad(text: str, *, on: date | None = None) -> MyKad:
    """A MyKad number, dashes and spaces allowed. `on` (default today) resolves the century."""
    # Imports mostly carry the bare 12 digits: skip stdnum's (slower) cleaning for those.
    number = text if len(text) == 12 and text.isdigit() else nric.compact(text)
    if not number:
        raise InvalidIdentifier("id_empty")
    if not number.isdigit():
        raise InvalidIdentifier("mykad_format")
    if len(number) != 12:
        raise InvalidIdentifier("mykad_length", count=len(number))
    place = mykad_places().get(number[6:8])
    if place is None:
        raise InvalidIdentifier("mykad_place", place_code=number[6:8])
    born_on = _birth_date(number[:6], on=on or date.today())
    return MyKad(number, born_on, number[6:8], place, "M" if int(number[-1]) % 2 else "F")


def _birth_date(digits: str, *, on: date) -> date:
    """YYMMDD in the century that makes the date a past one.

    stdnum tries 19YY first, which makes everyone born since 2000 a century older. Here 20YY
    wins unless it lies in the future; for working-age people the two rules only differ for
    those born this century, where 20YY is the right one. The date of birth on record stays
    the authority (check_mykad_against()).
    """
    year, month, day = int(digits[:2]), int(digits[2:4]), int(digits[4:])
    for century in (2000, 1900):
        try:
            candidate = date(century + year, month, day)
        except ValueError:
            continue
        if candidate <= on:
            return candidate
    raise InvalidIdentifier("mykad_date", digits=digits)


def check_mykad_against(number: str, *, born_on: date, gender: str) -> None:
    """A MyKad number (12 digits) must agree with the date of birth (century aside) and gender."""
    if number[:6] != f"{born_on.year % 100:02d}{born_on.month:02d}{born_on.day:02d}":
        raise InvalidIdentifier("mykad_birth_date", digits=number[:6], born_on=born_on.isoformat())
    if ("M" if int(number[-1]) % 2 else "F") != gender:
        raise InvalidIdentifier("mykad_gender")


# --- passports and the national ID of the registry -------------------------------------------

_SEPARATORS = re.compile(r"[\s\-]+")


def _compact(text: str) -> str:
    return _SEPARATORS.sub("", text).upper()


def parse_passport(text: str) -> str:
    """A foreign worker's passport number: loose on purpose, formats differ by country."""
    number = _compact(text)
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
    compact = _compact(text)
    if nationality == "MY" or (nationality is None and compact.isdigit() and len(compact) == 12):
        try:
            return parse_mykad(text, on=on).number
        except InvalidIdentifier as error:
            if nationality == "MY" and error.code == "mykad_format":
                raise InvalidIdentifier("mykad_required") from error
            raise
    return parse_passport(text)


# --- employer codes and SSM numbers ---------------------------------------------------------


def parse_employer_code(text: str) -> str:
    """PERKESO's employer code: 12 letters or digits (no published internal structure)."""
    code = _compact(text)
    if not code:
        raise InvalidIdentifier("employer_code_format", count=0)
    if not re.fullmatch(r"[A-Z0-9]{12}", code):
        raise InvalidIdentifier("employer_code_format", count=len(code))
    return code


@dataclass(frozen=True)
class Ssm:
    new: str | None = None  # YYYYTTNNNNNN
    old: str | None = None  # digits-check letter, e.g. 1312525-A


# The oldest companies re-numbered in 2019 kept their incorporation year.
SSM_FIRST_YEAR = 1850
SSM_ENTITY_TYPES = frozenset({"01", "02", "03", "04", "05", "06"})
_SSM_NEW = re.compile(r"[0-9]{12}")
_SSM_OLD = re.compile(r"([0-9]{1,10})([A-Z])")


def parse_ssm(text: str, *, on: date | None = None) -> Ssm:
    """One or both SSM numbers, as printed during the transition: "201901000005 (1312525-A)"."""
    parts = [part for part in re.split(r"[()/;,|]+", text) if part.strip()]
    if not parts:
        raise InvalidIdentifier("ssm_format")
    new: str | None = None
    old: str | None = None
    for part in parts:
        kind, number = _parse_one_ssm(part, on=on or date.today())
        if (new if kind == "new" else old) is not None:
            raise InvalidIdentifier("ssm_repeated")
        new, old = (number, old) if kind == "new" else (new, number)
    return Ssm(new=new, old=old)


def _parse_one_ssm(text: str, *, on: date) -> tuple[str, str]:
    compact = _compact(text)
    if _SSM_NEW.fullmatch(compact):
        if not SSM_FIRST_YEAR <= int(compact[:4]) <= on.year:
            raise InvalidIdentifier("ssm_year", year=compact[:4])
        if compact[4:6] not in SSM_ENTITY_TYPES:
            raise InvalidIdentifier("ssm_entity_type", type=compact[4:6])
        return "new", compact
    old = _SSM_OLD.fullmatch(compact)
    if old is None:
        raise InvalidIdentifier("ssm_format")
    return "old", f"{old[1]}-{old[2]}"


# --- what did the officer type into the single search box? -----------------------------------


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
    compact = _compact(text)
    readings = _number_readings(text, compact, on=on) if compact.isalnum() or "(" in text else []
    name = Query(QueryKind.NAME, " ".join(text.split()))
    if not readings:
        return name
    if _may_be_a_name(text):  # "Keont Kuantan" has 12 letters, as an employer code has
        readings.append(name)
    return Query(readings[0].kind, readings[0].value, tuple(readings[1:]))


def _may_be_a_name(text: str) -> bool:
    """A word of letters only ("KEONT"): a signboard name is searched too when nothing else matches."""
    return any(len(word) > 1 and word.isalpha() for word in text.split())


def _number_readings(text: str, compact: str, *, on: date) -> list[Query]:
    if compact.isdigit() and len(compact) == 12:
        return _twelve_digit_readings(text, compact, on=on)
    ssm = _ssm_or_none(text, on=on)
    if ssm is not None:
        return [Query(QueryKind.SSM_NEW, ssm.new)] * bool(ssm.new) + [
            Query(QueryKind.SSM_OLD, ssm.old)
        ] * bool(ssm.old)
    if len(compact) == 12 and re.fullmatch(r"[A-Z0-9]{12}", compact):
        return [Query(QueryKind.EMPLOYER_CODE, compact)]
    if _PASSPORT_LIKE.fullmatch(compact) and " " not in text.strip():
        return [Query(QueryKind.PASSPORT, compact)]
    return []


def _twelve_digit_readings(text: str, compact: str, *, on: date) -> list[Query]:
    mykad = _mykad_or_none(compact, on=on)
    ssm = _ssm_or_none(compact, on=on)
    readings = []
    if mykad is not None:
        readings.append(Query(QueryKind.MYKAD, compact))
    if ssm is not None:
        readings.append(Query(QueryKind.SSM_NEW, compact))
    readings.append(Query(QueryKind.EMPLOYER_CODE, compact))
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
