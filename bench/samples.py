"""What the benchmarks ask for, drawn deterministically from the bench database: employer codes,
national IDs, positions near employers, and the labelled set of misspelled signboard names."""

import random
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import connection

from nforce.models import User
from nforce.roles import Role
from nforce.tokens import issue_token
from registry.names import COMPANY_WORDS, name_key

SEED = 2026
BENCH_STAFF_NUMBER = "BENCH001"


def bench_officer() -> User:
    """An officer (and inspector: detections) in the bench database."""
    user, _ = User.objects.get_or_create(
        staff_number=BENCH_STAFF_NUMBER, defaults={"full_name": "Bench Officer"}
    )
    user.groups.set(
        [Group.objects.get_or_create(name=role.value)[0] for role in (Role.OFFICER, Role.INSPECTOR)]
    )
    return user


def bench_token() -> str:
    return issue_token(user=bench_officer())


def bench_session() -> tuple[str, str]:
    """(cookie name, value) of a signed-in session of the bench officer, as after the login form."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(bench_officer())
    return settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value


def _spread(table: str, count: int, where: str = "true") -> list[int]:
    """`count` ids spread evenly over a table (not the first ones: they would all be hot)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT max(id) FROM {table}")
        last = cursor.fetchone()[0] or 0
        step = max(1, last // count)
        cursor.execute(
            f"SELECT id FROM {table} WHERE id = ANY(%s) AND {where} ORDER BY id",
            [list(range(step // 2 + 1, last + 1, step))],
        )
        return [row[0] for row in cursor.fetchall()]


def employer_codes(count: int) -> list[str]:
    ids = _spread("registry_employer", count)
    with connection.cursor() as cursor:
        cursor.execute("SELECT employer_code FROM registry_employer WHERE id = ANY(%s) ORDER BY id", [ids])
        return [row[0] for row in cursor.fetchall()]


def person_ids(count: int, *, citizens_only: bool = False) -> list[str]:
    where = "nationality = 'MY'" if citizens_only else "true"
    ids = _spread("registry_insuredperson", count, where)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM registry_insuredperson WHERE id = ANY(%s) ORDER BY id", [ids])
        return [row[0] for row in cursor.fetchall()]


def positions_near_employers(count: int) -> list[tuple[float, float]]:
    """(lat, lon) about 50 m from an employer: where an officer stands when pressing "near me"."""
    ids = _spread("registry_employer", count, "location IS NOT NULL")
    rng = random.Random(SEED)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_Y(location::geometry), ST_X(location::geometry) FROM registry_employer "
            "WHERE id = ANY(%s) ORDER BY id",
            [ids],
        )
        return [
            (lat + rng.uniform(-4e-4, 4e-4), lon + rng.uniform(-4e-4, 4e-4)) for lat, lon in cursor.fetchall()
        ]


# --- misspelled signboards ------------------------------------------------------------------------

# Letters next to each other on a QWERTY keyboard: the usual slip of a thumb.
_NEIGHBOURS = {
    "A": "QSZ", "B": "VNG", "C": "XVD", "D": "SFE", "E": "WRD", "F": "DGR", "G": "FHT", "H": "GJY",
    "I": "UOK", "J": "HKU", "K": "JLI", "L": "KO", "M": "NJ", "N": "BMH", "O": "IPL", "P": "OL",
    "Q": "WA", "R": "ETF", "S": "ADW", "T": "RYG", "U": "YIJ", "V": "CBF", "W": "QES", "X": "ZCS",
    "Y": "TUH", "Z": "XA",
}  # fmt: skip


@dataclass(frozen=True)
class Misspelling:
    query: str
    employer_code: str
    name_key: str  # the intended name's key: another employer of exactly that name is a hit too
    changes: tuple[str, ...]


def misspelled_signboards(count: int) -> list[Misspelling]:
    """A fixed set of signboard names as an officer would type them: company words dropped,
    words swapped, one or two typos."""
    ids = _spread("registry_employer", count)
    rng = random.Random(SEED)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT employer_code, name, trading_name, name_key FROM registry_employer "
            "WHERE id = ANY(%s) ORDER BY id",
            [ids],
        )
        rows = cursor.fetchall()
    found = [_misspell(code, name, trading, key, rng) for code, name, trading, key in rows]
    return [m for m in found if len(name_key(m.query).replace(" ", "")) >= 3]


def _misspell(code: str, name: str, trading: str, key: str, rng: random.Random) -> Misspelling:
    signboard = trading if trading and rng.random() < 0.5 else name
    words, changes = signboard.split(), []
    if rng.random() < 0.7 and any(w in COMPANY_WORDS for w in words):
        words = [w for w in words if w not in COMPANY_WORDS] or words
        changes.append("company words dropped")
    if len(words) >= 2 and rng.random() < 0.3:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
        changes.append("words swapped")
    for _ in range(1 if rng.random() < 0.7 else 2):
        words, change = _typo(words, rng)
        changes.append(change)
    text = " ".join(words)
    return Misspelling(text.title() if rng.random() < 0.5 else text.lower(), code, key, tuple(changes))


def _typo(words: list[str], rng: random.Random) -> tuple[list[str], str]:
    candidates = [i for i, w in enumerate(words) if len(w) >= 4 and w not in COMPANY_WORDS] or [0]
    i = rng.choice(candidates)
    word = words[i]
    at = rng.randrange(1, len(word)) if len(word) > 1 else 0
    kind = rng.choice(("substitute", "delete", "transpose", "double"))
    if kind == "substitute":
        word = word[:at] + rng.choice(_NEIGHBOURS.get(word[at], "E")) + word[at + 1 :]
    elif kind == "delete":
        word = word[:at] + word[at + 1 :]
    elif kind == "transpose" and at < len(word) - 1:
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    else:
        word = word[:at] + word[at] + word[at:]
        kind = "double"
    return [*words[:i], word, *words[i + 1 :]], f"typo ({kind})"
