"""When is a new sighting the same premises as one already recorded nearby?

Shop rows put many premises within 50 m of each other, and their signboards share the words
that say what they are: "KEDAI RUNCIT AH SENG" and "KEDAI RUNCIT LIM" are 0.52 similar as whole
name keys, "RESTORAN MAMAK ALI" and "RESTORAN MAMAK ABU" 0.73, while a misspelling of one shop
("SELERA KAMPUNG" / "SELERA KAMPONG") is 0.67. So names are compared on their distinctive
words only: the name key without the words of the trade.
"""

from django.db.models import F, Func, Value
from django.db.models.functions import Coalesce, NullIf, Trim

from registry.names import TRADE_WORDS

# Within this distance a similar name (or the same registration number) is the same premises:
# shop lots are 5-8 m wide and phones in a street are usually within 10-30 m of the truth.
MERGE_RADIUS_M = 50
# Trigram similarity (pg_trgm) of the distinctive words at or above which two names match.
MERGE_MIN_NAME_SIMILARITY = 0.45

_TRADE_WORDS_PATTERN = r"\m(" + "|".join(sorted(TRADE_WORDS)) + r")\M"


def distinctive_key(name_key: str) -> str:
    """The words of a name key that tell this business apart; the whole key if none are left."""
    words = [word for word in name_key.split() if word not in TRADE_WORDS]
    return " ".join(words) or name_key


def distinctive_key_sql(field: str) -> Func:
    """distinctive_key() computed by PostgreSQL on a name-key column (same words, same fallback)."""
    stripped = Func(F(field), Value(_TRADE_WORDS_PATTERN), Value(""), Value("g"), function="regexp_replace")
    return Coalesce(NullIf(Trim(stripped), Value("")), F(field))
