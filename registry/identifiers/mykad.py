"""MyKad numbers: YYMMDD-PB-###G, the date of birth, the place of birth and the gender."""

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from stdnum import numdb
from stdnum.my import nric

from .invalid import InvalidIdentifier, compact
from .postcodes import STATES

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


# Written as a MyKad is, YYMMDD-PB-###G, whatever the characters: "890A31-17-1224", "770305-00".
_MYKAD_GROUPS = re.compile(
    r"\s*[0-9A-Z]{6}\s*[-\s]\s*[0-9A-Z]{1,2}(\s*[-\s]\s*[0-9A-Z]{0,4})?\s*", re.IGNORECASE
)


def mykad_shaped(text: str) -> bool:
    """Meant as a MyKad, valid or not: 12 digits, or one more or less, or characters grouped as a
    MyKad is written (6, 2, then 4). A passport is never written so; refused as a MyKad, such a
    typo gets the MyKad message instead of passing as a passport nobody has."""
    bare = compact(text)
    return (bare.isdigit() and 11 <= len(bare) <= 13) or bool(_MYKAD_GROUPS.fullmatch(text))


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
        raise InvalidIdentifier("mykad_birth_date", digits=number[:6], born_on=born_on)
    if ("M" if int(number[-1]) % 2 else "F") != gender:
        raise InvalidIdentifier("mykad_gender")
