"""Premises on the street that are not in the registry: what the demo officers find."""

import random
from dataclasses import dataclass
from math import cos, radians

from .reference import names


@dataclass(frozen=True)
class UnregisteredPremises:
    name: str
    address: str
    lat: float
    lon: float
    kind: str  # a kind of premises of data/msic.csv


_UNREGISTERED_NEAR_KLANG = (
    # name, street, kind, metres north, metres east of the town centre
    ("Warung Mak Teh", "Jalan Meru", "gerai", 180, -120),
    ("Gerai Nasi Lemak Kak Ros", "Jalan Tengku Kelana", "gerai", -90, 60),
    ("Kedai Gunting Rambut Raju", "Jalan Tengku Kelana", "salon", -150, 140),
    ("Bengkel Motosikal Ah Seng", "Jalan Goh Hock Huat", "bengkel_motosikal", 420, 300),
    ("Dobi Layan Diri Cahaya 24 Jam", "Jalan Meru", "dobi", 260, -340),
    ("Kedai Telefon Bintang Mobile", "Jalan Stesen", "telefon", -40, -220),
)
# The demo office towns (demo.staff.DEMO_OFFICES) and their centres.
_UNREGISTERED_TOWNS = (
    ("Klang", 3.0449, 101.4450),
    ("Kuala Lumpur", 3.1390, 101.6869),
    ("Petaling Jaya", 3.1073, 101.6067),
    ("Shah Alam", 3.0733, 101.5183),
    ("Johor Bahru", 1.4655, 103.7578),
    ("George Town", 5.4141, 100.3354),
    ("Ipoh", 4.5975, 101.0829),
    ("Kuching", 1.5533, 110.3444),
    ("Kota Kinabalu", 5.9804, 116.0724),
    ("Kuantan", 3.8077, 103.3260),
)
_UNREGISTERED_NAMES = (
    ("Warung {w}", "gerai"),
    ("Gerai Burger {w}", "gerai"),
    ("Kedai Runcit {w}", "runcit"),
    ("Bengkel Tayar {w}", "bengkel"),
    ("Kedai Jahit {w}", "kain"),
    ("Kedai Makan {w}", "gerai"),
    ("Cucian Kereta {w}", "cuci_kereta"),
)


def unregistered_premises_for_demo() -> list[UnregisteredPremises]:
    """Premises an officer finds on the street with no registration behind them: deterministic.

    Six known ones within 500 m of Klang's centre (where the demo officers work), then three more
    around each demo office town. None has a name the demo registry uses.
    """
    rng = random.Random("nforce-unregistered-premises")
    words = names()["business"]
    premises = [
        _premises(name, street, "Klang", kind, 3.0449, 101.4450, north, east)
        for name, street, kind, north, east in _UNREGISTERED_NEAR_KLANG
    ]
    seen = {p.name for p in premises}
    for town, lat, lon in _UNREGISTERED_TOWNS:
        for pattern, kind in rng.sample(_UNREGISTERED_NAMES, 3):
            name = _unseen_name(rng, pattern, words, seen)
            north, east = rng.randint(-800, 800), rng.randint(-800, 800)
            premises.append(_premises(name, rng.choice(words["streets"]), town, kind, lat, lon, north, east))
    return premises


def _unseen_name(rng: random.Random, pattern: str, words: dict, seen: set[str]) -> str:
    owners = [given.split()[0] for given in names()["malay"]["female"]]
    while True:
        name = pattern.format(
            w=f"{rng.choice(('Mak', 'Kak'))} {rng.choice(owners)}", c=rng.choice(words["chinese"])
        )
        if name not in seen:
            seen.add(name)
            return name


def _premises(name, street, town, kind, lat, lon, north, east) -> UnregisteredPremises:
    lat2, lon2 = _moved(lat, lon, north=north, east=east)
    number = abs(north * 7 + east) % 150 + 1
    return UnregisteredPremises(name, f"No. {number}, {street}, {town}", lat2, lon2, kind)


def _moved(lat: float, lon: float, *, north: float, east: float) -> tuple[float, float]:
    return round(lat + north / 111_320, 6), round(lon + east / (111_320 * cos(radians(lat))), 6)
