"""Generated employers, written as rows of the core system's employers.csv extract.

EmployerBook remembers, per employer, only what the people need to pick their jobs (compact
arrays), so that a national-scale run streams.
"""

import random
from array import array
from bisect import bisect
from collections.abc import Iterator
from datetime import date, timedelta
from functools import cache
from itertools import accumulate

from registry.identifiers import STATES
from registry.models import MALAYSIA_BOUNDS

from .fixed import FIXED_EMPLOYERS, DemoEmployer
from .months import first_day, month_of
from .reference import Kind, Town, kinds, names, pick, towns

# Car registration letters: a familiar one-letter code per state for the employer codes.
_STATE_LETTERS = dict(zip(STATES, "JKDMNCARPSQBTWLF", strict=True))
CHECK_LETTERS = "ABCDEFGHJKLMNPRSTUVWX"


class EmployerBook:
    """Generates employers and remembers, per employer, only what persons need to pick jobs."""

    def __init__(self, *, count: int, years: int, seed: int, until: date) -> None:
        self.rng = random.Random(f"{seed}:employers")
        self.count = count
        self.until = month_of(until)
        self.start = self.until - years * 12 + 1
        self.codes: list[str] = []
        self.registered = array("i")
        self.ceased = array("i")  # month, or 0
        self.unpaid_from = array("i")  # the first month it stopped paying, or 0
        self.gap = array("i")  # first month of a gap in payments, or 0; the gap lasts 3-9 months
        self.kind = array("B")
        self.local_weights: list[float] = []
        self.foreign_weights: list[float] = []
        self._fixed = {e.code: e for e in FIXED_EMPLOYERS}
        self._fixed_names = {e.trading_name.casefold() for e in FIXED_EMPLOYERS}

    def rows(self) -> Iterator[str]:
        for index in range(self.count):
            yield self._employer(index)
        for employer in FIXED_EMPLOYERS:
            yield self._fixed_row(employer)
        self.local_weights = list(accumulate(self.local_weights))
        self.foreign_weights = list(accumulate(self.foreign_weights))

    def _employer(self, index: int) -> str:
        rng = self.rng
        kind_index = pick(rng, _kind_weights())
        kind = kinds()[kind_index]
        town = _pick_town(rng)
        registered_on = self._registered_on(rng)
        ceased_on = self._ceased_on(rng, registered_on)
        base = self._base_name(rng, kind)
        legal, ssm_type = self._legal_form(rng, kind)
        name = f"{base} {legal}".strip().upper()
        trading = base if legal and rng.random() < 0.75 else ""
        code = self._code(index, town.state)
        self._remember(rng, kind_index, kind, registered_on, ceased_on, size=rng.lognormvariate(0, 0.8))
        self.codes.append(code)
        lat, lon = _near(rng, town.lat, town.lon, spread=0.015)
        fields = (
            code, _registration_no(index, registered_on, ssm_type), quoted(name), quoted(trading),
            quoted(_address(rng, town.name)), rng.choice(town.postcodes), town.state, kind.msic_code,
            registered_on.isoformat(), ceased_on.isoformat() if ceased_on else "", f"{lat:.6f}", f"{lon:.6f}",
        )  # fmt: skip
        return ",".join(fields) + "\n"

    def _fixed_row(self, employer: DemoEmployer) -> str:
        kind_index = next(i for i, k in enumerate(kinds()) if k.msic_code == employer.msic_code)
        ceased = month_of(employer.ceased_on) if employer.ceased_on else 0
        self.codes.append(employer.code)
        self.registered.append(month_of(employer.registered_on))
        self.ceased.append(ceased)
        self.unpaid_from.append(self.until - employer.unpaid_months + 1 if employer.unpaid_months else 0)
        self.gap.append(0)
        self.kind.append(kind_index)
        self.local_weights.append(0.0)  # their workers are the fixed persons only
        self.foreign_weights.append(0.0)
        fields = (
            employer.code, quoted(employer.registration_no), quoted(employer.name),
            quoted(employer.trading_name),
            quoted(employer.address), employer.postcode, employer.state, employer.msic_code,
            employer.registered_on.isoformat(), employer.ceased_on.isoformat() if employer.ceased_on else "",
            f"{employer.lat:.6f}", f"{employer.lon:.6f}",
        )  # fmt: skip
        return ",".join(fields) + "\n"

    def _registered_on(self, rng: random.Random) -> date:
        # Most employers on the register are young; a few date from the 1970s.
        years_ago = int(48 * rng.random() ** 1.8)
        first = date(first_day(self.until).year - years_ago, 1, 1)
        return min(first + timedelta(days=rng.randrange(365)), first_day(self.until))

    def _ceased_on(self, rng: random.Random, registered_on: date) -> date | None:
        end = first_day(self.until)
        if rng.random() >= 0.12 or (end - registered_on).days < 400:
            return None
        return registered_on + timedelta(days=rng.randrange(365, (end - registered_on).days))

    def _remember(
        self, rng, kind_index: int, kind: Kind, registered_on: date, ceased_on: date | None, size: float
    ) -> None:
        self.registered.append(month_of(registered_on))
        self.ceased.append(month_of(ceased_on) if ceased_on else 0)
        stops = not ceased_on and rng.random() < 0.08
        self.unpaid_from.append(self.until - rng.randint(1, 10) + 1 if stops else 0)
        latest_gap = self.until - 12  # a record under a year long has no room for a gap
        gapped = latest_gap >= self.start and rng.random() < 0.08
        self.gap.append(rng.randint(self.start, latest_gap) if gapped else 0)
        self.kind.append(kind_index)
        self.local_weights.append(kind.size * size * (1 - kind.foreign))
        self.foreign_weights.append(kind.size * size * kind.foreign)

    def _base_name(self, rng: random.Random, kind: Kind) -> str:
        words = names()["business"]
        while True:
            pattern = rng.choice(kind.patterns)
            base = pattern.format_map(_Words(rng, words))
            tokens = base.split()
            if base.casefold() not in self._fixed_names and len(set(tokens)) == len(tokens):
                return base

    def _legal_form(self, rng: random.Random, kind: Kind) -> tuple[str, str]:
        if rng.random() < kind.company:
            return rng.choice(("Sdn. Bhd.", "Sdn Bhd", "Sdn. Bhd.")), "01"
        if rng.random() < 0.03:
            return "PLT", "04"
        suffix = rng.choice(("Enterprise", "Enterprise", "Trading", "", "")) if kind.name != "gerai" else ""
        return suffix, "03"

    def _code(self, index: int, state: str) -> str:
        digits = f"{index:010d}"
        check = CHECK_LETTERS[sum((i + 3) * int(d) for i, d in enumerate(digits)) % len(CHECK_LETTERS)]
        return f"{_STATE_LETTERS[state]}{digits}{check}"

    # Jobs --------------------------------------------------------------------------------------------

    def pick(self, rng: random.Random, *, foreign: bool, month: int) -> int | None:
        """An employer open in `month`, bigger ones more often; None when none is found quickly."""
        weights = self.foreign_weights if foreign else self.local_weights
        for _ in range(12):
            index = min(bisect(weights, rng.random() * weights[-1]), len(weights) - 1)
            if self.registered[index] <= month and (not self.ceased[index] or self.ceased[index] > month):
                return index
        return None

    def pays(self, index: int, month: int) -> bool:
        if self.unpaid_from[index] and month >= self.unpaid_from[index]:
            return False
        gap = self.gap[index]
        return not (gap and gap <= month < gap + 3 + index % 7)


class _Words(dict):
    def __init__(self, rng: random.Random, words: dict) -> None:
        super().__init__()
        self.rng = rng
        self.words = words

    def __missing__(self, key: str) -> str:
        pool = {"m": "malay", "c": "chinese", "i": "indian", "e": "english"}[key]
        return self.rng.choice(self.words[pool])


@cache
def _kind_weights() -> tuple[float, ...]:
    return tuple(accumulate(kind.share for kind in kinds()))


def _pick_town(rng: random.Random) -> Town:
    all_towns, weights = towns()
    return all_towns[pick(rng, weights)]


def _near(rng: random.Random, lat: float, lon: float, *, spread: float) -> tuple[float, float]:
    bounds = MALAYSIA_BOUNDS
    lat = min(max(rng.gauss(lat, spread), bounds["lat_min"]), bounds["lat_max"])
    lon = min(max(rng.gauss(lon, spread), bounds["lon_min"]), bounds["lon_max"])
    return lat, lon


def _address(rng: random.Random, town: str) -> str:
    words = names()["business"]
    street = (
        f"{rng.choice(words['streets'])} {rng.randint(1, 12)}"
        if rng.random() < 0.6
        else rng.choice(words["streets"])
    )
    taman = f", {rng.choice(words['tamans'])}" if rng.random() < 0.7 else ""
    return f"No. {rng.randint(1, 250)}, {street}{taman}, {town}"


# SSM numbers since 11 October 2019; older entities also keep their old number on documents.
_SSM_NEW_FORMAT_FROM = date(2019, 10, 11)


def _registration_no(index: int, registered_on: date, ssm_type: str) -> str:
    new = f"{max(registered_on.year, 1850)}{ssm_type}{index:06d}"
    if registered_on >= _SSM_NEW_FORMAT_FROM or ssm_type == "04":
        return new
    check = CHECK_LETTERS[index * 7 % len(CHECK_LETTERS)]
    old = f"{index + 10_000}-{check}" if ssm_type == "01" else f"{index + 1_000_000:09d}-{check}"
    return f'"{new} ({old})"'


def quoted(value: str) -> str:
    """A CSV field, quoted when it holds a comma."""
    return f'"{value}"' if "," in value else value
