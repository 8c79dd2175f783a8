"""Signboard-name search at national scale: which employers bear the words the officer typed?

Trigram nearest-neighbour search over whole name keys reads most of its index when the words
are common (KEDAI, RESTORAN, MAJU...), which at 600,000 employers costs 200-400 ms. So the search
goes by words, as an officer reads a signboard:

1. Each typed word is matched in the vocabulary of every word of every employer's name
   (registry_nameword, a few thousand to a few hundred thousand words) within a few typing
   edits (Levenshtein distance).
2. The employers whose names hold a match for every typed word come from the inverted index
   of name words (GIN on Employer.name_words); if none do, those that hold all but one of them
   (one word mistyped past recognition, or not on the registered name at all).
3. Candidates are ranked by trigram similarity of the whole key, as before.

Only when the words find nothing does the search fall back to the nearest trigram neighbours.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from itertools import combinations

from django.db import connections, router, transaction

from nforce.db_router import read_connection

from .models import Employer
from .names import TRADE_WORDS

# Below this trigram similarity a name is not offered as a match at all.
MIN_SCORE = 0.3
# Candidates ranked per search: enough for every business sharing two words of one name.
CANDIDATE_POOL = 3000
# A search that takes longer than this is cut short rather than tying up the server.
TIMEOUT_MS = 2000

Scored = list[tuple[int, float]]


def edits_allowed(word: str) -> int:
    """Typing edits a word of this length may carry and still be recognised: a swap of two
    letters is two edits, so four letters need two; two letters are too few to guess at."""
    if len(word) <= 2:
        return 0
    return 1 if len(word) == 3 else 2


def employers_named(key: str, *, limit: int) -> Scored:
    """(employer id, similarity) of the employers best matching a name key, best first."""
    words = list(dict.fromkeys(key.split()))
    if not words:
        return []
    with search_cursor() as cursor:
        variants = _variants(cursor, words)
        for condition in _conditions(words, variants):
            found = _ranked(cursor, key, condition, limit)
            if found:
                return found
        return _nearest_keys(cursor, key, limit)


def _variants(cursor, words: list[str]) -> list[list[str]]:
    """For each word, the vocabulary words it may be a misspelling of (itself included)."""
    cursor.execute(_VARIANTS_SQL, {"words": words, "edits": [edits_allowed(word) for word in words]})
    found = dict(cursor.fetchall())
    return [found.get(position, []) for position in range(1, len(words) + 1)]


_VARIANTS_SQL = """
SELECT q.position, array_agg(v.word)
  FROM unnest(%(words)s::text[], %(edits)s::int[]) WITH ORDINALITY AS q(word, edits, position)
  JOIN registry_nameword v
    ON left(v.word, 1) = left(q.word, 1)
   AND length(v.word) BETWEEN length(q.word) - q.edits AND length(q.word) + q.edits
   AND levenshtein_less_equal(v.word, q.word, q.edits) <= q.edits
 GROUP BY q.position
"""


def _conditions(words: list[str], variants: list[list[str]]) -> list[tuple[str, list]]:
    """Every word, then all but one: (SQL over name_words, its parameters), strictest first."""
    everything = _all_of(list(range(len(words))), variants)
    conditions = [everything] if everything else []
    if len(words) >= 2:
        candidates = [
            _all_of(list(kept), variants)
            for kept in combinations(range(len(words)), len(words) - 1)
            # Trade words alone (KEDAI RUNCIT) are on tens of thousands of signboards.
            if any(words[i] not in TRADE_WORDS for i in kept)
        ]
        subsets = [subset for subset in candidates if subset]
        if subsets:
            sql = " OR ".join(f"({sql})" for sql, _ in subsets)
            conditions.append((sql, [param for _, params in subsets for param in params]))
    return conditions


def _all_of(positions: list[int], variants: list[list[str]]) -> tuple[str, list] | None:
    if any(not variants[i] for i in positions):
        return None
    return " AND ".join(["name_words && %s::text[]"] * len(positions)), [variants[i] for i in positions]


def _ranked(cursor, key: str, condition: tuple[str, list], limit: int) -> Scored:
    where, params = condition  # made of fixed fragments and placeholders only
    cursor.execute(_RANKED_SQL.format(where=where), [key, key, *params, CANDIDATE_POOL, MIN_SCORE, limit])
    return [(row[0], float(row[1])) for row in cursor.fetchall()]


_RANKED_SQL = """
SELECT id, score FROM (
    SELECT id, greatest(similarity(name_key, %s), similarity(trading_name_key, %s)) AS score
      FROM (SELECT id, name_key, trading_name_key FROM registry_employer WHERE {where} LIMIT %s) candidates
) scored
WHERE score >= %s
ORDER BY score DESC, id
LIMIT %s
"""


def _nearest_keys(cursor, key: str, limit: int) -> Scored:
    """The k nearest trigram neighbours of the whole key, from the GiST indexes: slow on common
    words, but finds what the words could not (ASENG for AH SENG)."""
    cursor.execute(_NEAREST_KEYS_SQL, {"key": key, "limit": limit, "pool": limit * 2, "min": MIN_SCORE})
    return [(row[0], float(row[1])) for row in cursor.fetchall()]


_NEAREST_KEYS_SQL = """
WITH candidates AS (
    (SELECT id FROM registry_employer ORDER BY name_key <-> %(key)s LIMIT %(pool)s)
    UNION
    (SELECT id FROM registry_employer WHERE trading_name_key <> ''
     ORDER BY trading_name_key <-> %(key)s LIMIT %(pool)s)
)
SELECT * FROM (
    SELECT e.id, greatest(similarity(e.name_key, %(key)s), similarity(e.trading_name_key, %(key)s)) AS score
    FROM registry_employer e JOIN candidates c ON c.id = e.id
) scored
WHERE score >= %(min)s
ORDER BY score DESC, id
LIMIT %(limit)s
"""


def collect_vocabulary() -> int:
    """Add every word of every employer's name to the vocabulary; the triggers on
    registry_employer do this as employers are written, unless triggers were switched off
    (a bulk load with session_replication_role = replica). Returns the words added."""
    with connections[router.db_for_write(Employer)].cursor() as cursor:
        cursor.execute(
            "INSERT INTO registry_nameword (word) SELECT DISTINCT unnest(name_words) FROM registry_employer "
            "ON CONFLICT DO NOTHING"
        )
        return cursor.rowcount


@contextmanager
def search_cursor() -> Iterator:
    """A cursor on the database registry reads go to (a replica when one is set), with the
    search's statement timeout."""
    connection = read_connection(Employer)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL statement_timeout = {TIMEOUT_MS}")
        yield cursor
