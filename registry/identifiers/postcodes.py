"""States and postcodes: a state under any common spelling, a postcode that must lie in its state."""

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .invalid import InvalidIdentifier

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

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
