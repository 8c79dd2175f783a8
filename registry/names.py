"""Signboard-name matching keys.

An officer types what the signboard says ("Restoran Selera Kampung"); the registry holds the
registered name ("RESTORAN SELERA KAMPUNG SDN. BHD."). Both sides go through name_key() so
that trigram similarity compares only the words that identify the business.
"""

import re
import unicodedata

# Legal forms and generic trade words: they are on almost every name, so they only add noise to
# trigram similarity. Words that say what the premises is (RESTORAN, KEDAI, BENGKEL, DOBI...) are
# kept: they are on the signboard and tell two businesses of the same owner apart.
COMPANY_WORDS = frozenset(
    {
        "SDN",
        "BHD",
        "BERHAD",
        "SENDIRIAN",
        "PLT",
        "LLP",
        "LTD",
        "LIMITED",
        "INC",
        "CO",
        "COMPANY",
        "ENTERPRISE",
        "ENTERPRISES",
        "ENT",
        "TRADING",
        "PERNIAGAAN",  # Malay for "trading"; sole proprietors register "Perniagaan <name>"
    }
)

# Words that say what the premises is (in Malay, English and common signboard spellings): on a
# shop row they are shared by neighbours, so they must not make two names alike.
TRADE_WORDS = frozenset(
    {
        "AND",
        "AUTO",
        "BAKERI",
        "BAKERY",
        "BARANGAN",
        "BENGKEL",
        "BUNGA",
        "CAFE",
        "DAN",
        "DOBI",
        "ELEKTRIK",
        "EMAS",
        "FARMASI",
        "GERAI",
        "GUNTING",
        "HARDWARE",
        "JAHITAN",
        "KAFE",
        "KANDAR",
        "KEDAI",
        "KEK",
        "KERETA",
        "KLINIK",
        "KOPITIAM",
        "LAUNDRY",
        "MAKAN",
        "MAKANAN",
        "MAMAK",
        "MART",
        "MINI",
        "MINIMARKET",
        "MOTOR",
        "NASI",
        "PERABOT",
        "PHARMACY",
        "RAMBUT",
        "RESTAURANT",
        "RESTORAN",
        "ROTI",
        "RUNCIT",
        "SALON",
        "SERVICES",
        "SERVIS",
        "SPAREPARTS",
        "STORE",
        "SYARIKAT",
        "TAYAR",
        "TELEFON",
        "THE",
    }
)

# Forms that punctuation folding would break apart into meaningless letters.
_ABBREVIATIONS = (
    (re.compile(r"\bS\s*/\s*B\b"), " SDN BHD "),  # "S/B" is how receipts write Sdn Bhd
    (re.compile(r"\(\s*M\s*\)"), " "),  # "(M) SDN BHD": the M is Malaysia
    (re.compile(r"&\s*CO\b"), " CO "),
)
_APOSTROPHES = re.compile("['`\u2019]")  # \u2019: the typographic apostrophe
MAX_LENGTH = 200


def name_key(text: str) -> str:
    """The matching key of a business name: folded, company words dropped, word order kept."""
    folded = _fold(text)
    tokens = folded.split()
    kept = [token for token in tokens if token not in COMPANY_WORDS]
    # A name made only of company words ("TRADING CO") still needs a key of its own.
    return " ".join(kept or tokens)[:MAX_LENGTH]


def _fold(text: str) -> str:
    """Uppercase, accents removed, every run of punctuation or spacing made one space."""
    upper = _strip_accents(text).upper()
    for pattern, replacement in _ABBREVIATIONS:
        upper = pattern.sub(replacement, upper)
    upper = _APOSTROPHES.sub("", upper)  # "MAMAK'S" and "MAMAKS" are the same signboard
    return "".join(char if char.isalnum() else " " for char in upper)


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))
