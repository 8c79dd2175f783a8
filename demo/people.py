"""Generated insured persons (Malaysians and foreign workers), their jobs and their monthly
contributions, written as rows of the persons, employments and contributions extracts.

Names come from data/demo_names.json and, for Indonesian and Indian workers, Faker's name lists.
"""

import random
from array import array
from datetime import date, timedelta
from itertools import accumulate
from typing import IO

from faker.providers.person.en_IN import Provider as IndianNames
from faker.providers.person.id_ID import Provider as IndonesianNames

from registry.identifiers import STATES, mykad_places

from .employers import EmployerBook
from .fixed import FIXED_PERSONS, DemoPerson
from .months import first_day, last_day, last_paid_month, month_of
from .reference import kinds, names, pick

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
# Prefixes and digits after them, in the shapes of registry.identifiers.PASSPORT_FORMATS.
_PASSPORTS = {
    "ID": (("A", "B", "C"), 7),
    "BD": (("A", "BX"), 7),
    "NP": (("PA", ""), 8),
    "MM": (("MA", "MB", "MC"), 7),
    "IN": (("K", "L", "M"), 7),
    "PH": (("P",), 7),
    "VN": (("C", "N"), 7),
}
# Foreign workers are under SOCSO's employment injury scheme from 2019 (socso-rules section 3).
_FOREIGN_COVER_FROM = 2019 * 12
_FIRST_DAY = date(1930, 1, 1).toordinal()


class PersonWriter:
    def __init__(self, *, book: EmployerBook, seed: int) -> None:
        self.book = book
        self.seed = seed
        self.today = book.until
        self.rng = random.Random(f"{seed}:persons")
        places = mykad_places()
        self.place_codes = {state: tuple(c for c, p in places.items() if p == state) for state in STATES}
        # How many MyKads were handed out per birth date, place and gender: serials never repeat.
        self.serials = array("H", bytes(2 * 2 * 100 * (month_of(first_day(book.until)) // 12 - 1929) * 366))
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
            paid_until = last_paid_month(ended_on) if ended_on else self.today
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
            last = last_paid_month(job.ended_on) if job.ended_on else self.today
            for month in range(month_of(job.started_on), last + 1):
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
        community, _, states = _COMMUNITIES[pick(rng, self.communities)]
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
        nationality = _FOREIGN_NATIONALITIES[pick(rng, self.nationalities)][0]
        gender = "M" if rng.random() < 0.85 else "F"
        born_on = self._born_on(rng, youngest=20, oldest=45)
        prefixes, digits = _PASSPORTS[nationality]
        # The index scrambled by a number prime to 10: every passport number distinct up to
        # 10^7 persons (the national scale).
        number = f"{rng.choice(prefixes)}{(index * 7_919 + 1_234_567) % 10**digits:0{digits}d}"
        return number, _foreign_name(rng, nationality, gender), born_on, gender, nationality

    def _born_on(self, rng: random.Random, *, youngest: int, oldest: int) -> date:
        today = first_day(self.today)
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
        born = month_of(born_on)
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
        started_on = first_day(month) + timedelta(days=rng.randrange(28))
        ended_on = last_day(end) if end is not None else None
        wage = rng.randrange(kind.wage[0], kind.wage[1] + 1, 50)
        return employer, started_on, ended_on, wage

    def _contributions(
        self, rng, out: IO[str], id_number, code, employer, started_on, paid_until, wage, born_on, foreign
    ) -> int:
        first = month_of(started_on)
        if foreign:
            first = max(first, _FOREIGN_COVER_FROM)
        first = max(first, self.book.start)
        sixty = month_of(born_on) + 60 * 12
        written = 0
        for month in range(first, paid_until + 1):
            if not self.book.pays(employer, month) or rng.random() < 0.015:
                continue
            years = (month - month_of(started_on)) // 12
            category = 2 if foreign or month >= sixty else 1
            pay = round(wage * 1.035**years, -1)
            out.write(f"{id_number},{code},{month // 12}-{month % 12 + 1:02d},{pay:.2f},{category}\n")
            written += 1
        return written


def _person_name(rng: random.Random, community: str, gender: str) -> str:
    pool = names()[community]
    given = rng.choice(pool["male" if gender == "M" else "female"])
    if community == "malay":
        return f"{given} {'bin' if gender == 'M' else 'binti'} {rng.choice(pool['fathers'])}"
    if community == "indian":
        return f"{given} {'a/l' if gender == 'M' else 'a/p'} {rng.choice(pool['fathers'])}"
    if community == "sarawak":
        return f"{given} anak {rng.choice(pool['fathers'])}"
    return (
        f"{rng.choice(pool['surnames'])} {given}"
        if community == "chinese"
        else f"{given} {rng.choice(pool['surnames'])}"
    )


def _foreign_name(rng: random.Random, nationality: str, gender: str) -> str:
    if nationality in ("ID", "IN"):
        source = IndonesianNames if nationality == "ID" else IndianNames
        given = rng.choice(source.first_names_male if gender == "M" else source.first_names_female)
        return f"{given} {rng.choice(source.last_names)}"
    pool = names()["foreign"][nationality]
    return f"{rng.choice(pool['male' if gender == 'M' else 'female'])} {rng.choice(pool['surnames'])}"
