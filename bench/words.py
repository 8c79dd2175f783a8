"""Vocabulary of the national-scale dataset: Malaysian business and personal names.

Upper case ASCII words only, so that the matching key of a generated name is the name without
its company words (registry.names.name_key), which dataset.py computes in SQL and checks.
"""

from registry.names import COMPANY_WORDS

# What a signboard says the premises is: kept by name_key, it tells two shops of one owner apart.
PREMISES_KINDS = (
    "RESTORAN", "KEDAI RUNCIT", "KEDAI MAKAN", "BENGKEL KERETA", "BENGKEL MOTOSIKAL", "DOBI",
    "KEDAI GUNTING RAMBUT", "FARMASI", "KLINIK", "KEDAI ELEKTRIK", "KEDAI PERKAKASAN", "KEDAI BUNGA",
    "KEDAI KAIN", "KEDAI EMAS", "KEDAI TAYAR", "PASAR MINI", "KEDAI KOPI", "BAKERI", "SALUN",
    "KEDAI CERMIN MATA", "KEDAI BUKU", "KEDAI TELEFON", "KEDAI JAHIT", "KEDAI PERABOT", "NASI KANDAR",
    "KEDAI ROTI", "KAFE", "HOTEL", "TADIKA", "PUSAT TUISYEN", "KEDAI BATERI", "KEDAI CAT",
    "KEDAI ALAT TULIS", "KEDAI HAIWAN", "KEDAI SUKAN", "KEDAI KOMPUTER", "STESEN MINYAK", "KEDAI UBAT",
)  # fmt: skip

INDUSTRIES = (
    "HOLDINGS", "CONSTRUCTION", "ENGINEERING", "LOGISTICS", "MARKETING", "RESOURCES", "TECHNOLOGY",
    "INDUSTRIES", "SERVICES", "PROPERTIES", "DEVELOPMENT", "MANUFACTURING", "PLANTATION", "TRANSPORT",
    "FOOD INDUSTRIES", "AGENCY", "SUPPLY", "BUILDERS", "ELECTRICAL", "SECURITY", "TRAVEL", "MEDICAL",
    "AUTOMOTIVE", "PACKAGING", "PLASTIC", "STEEL", "TIMBER", "FURNITURE", "PRINTING", "TEXTILE",
)  # fmt: skip

# Words that make a business name its own.
DISTINCTIVE = (
    # Malay
    "SELERA", "KAMPUNG", "MAJU", "JAYA", "SETIA", "BAHAGIA", "MURNI", "SINAR", "CAHAYA", "BESTARI",
    "MUTIARA", "PERMATA", "INDAH", "SEJAHTERA", "GEMILANG", "CEMERLANG", "MEGAH", "TEGUH", "BERJAYA",
    "SENTOSA", "AMAN", "DAMAI", "SURIA", "BULAN", "BINTANG", "PELANGI", "SAUJANA", "SERI", "PUTRA",
    "PUTERI", "WARISAN", "PUSAKA", "RESTU", "BERKAT", "RAHMAT", "NIKMAT", "ZAMAN", "IMPIAN", "WAWASAN",
    "HARAPAN", "IKHLAS", "AMANAH", "BUDI", "MESRA", "SELASIH", "MELATI", "KENANGA", "CEMPAKA", "ANGGERIK",
    "TERATAI", "MAWAR", "DAHLIA", "KASIH", "SAYANG", "SEGAR", "LAZAT", "SEDAP", "NYONYA", "BONDA",
    "AYAH", "MAK", "PAK", "TOK", "WAN", "CIK", "HAJI", "HAJAH", "ASLI", "TIMUR", "BARAT", "UTARA",
    "SELATAN", "TENGAH", "BARU", "LAMA", "MAS", "PERAK", "INTAN", "NILAM", "DELIMA", "ZAMRUD", "KRISTAL",
    "HIJAU", "BIRU", "MERAH", "KUNING", "PUTIH", "HITAM", "LAUT", "GUNUNG", "BUKIT", "LEMBAH", "SUNGAI",
    "TASIK", "PANTAI", "PULAU", "TANJUNG", "KUALA", "AIR", "BATU", "PADANG", "TAMAN", "DESA", "BANDAR",
    # Chinese
    "AH SENG", "AH KOW", "AH HOCK", "KIM HOCK", "TAN", "LIM", "LEE", "WONG", "CHEONG", "CHAN", "NG",
    "ONG", "GOH", "TEO", "KOH", "YAP", "CHUA", "LOW", "HENG", "SOON", "FATT", "HUAT", "LOKE", "CHOON",
    "GUAN", "HONG", "KEAT", "MENG", "PENG", "SIANG", "TECK", "WAH", "YEW", "BOON", "CHAI", "FOOK",
    "HING", "KEONG", "LEONG", "SEONG", "THYE", "WENG", "YONG", "KWONG", "LOON", "SHENG", "TONG", "YUEN",
    "NAM", "HIN", "KEE", "LAI", "FU", "XIN", "HUA", "JIN", "LONG", "FENG", "TIAN", "SHUN",
    # Indian
    "MUTHU", "RAJAN", "KUMAR", "RAMASAMY", "SUPPIAH", "KRISHNAN", "GOPAL", "MANI", "SELVAM", "VELU",
    "PILLAI", "NAIDU", "RAJU", "SAMY", "ANNAMALAI", "MURUGAN", "GANESH", "LETCHUMI", "DEVI", "SARASWATHY",
    "SIVA", "RAVI", "BALA", "PERUMAL", "ARUMUGAM", "KANNAN", "SUBRAMANIAM", "THAMBI", "MAHA", "SRI",
    # English and places
    "GOLDEN", "ROYAL", "GRAND", "EASTERN", "WESTERN", "PACIFIC", "OCEAN", "SUNRISE", "SUNSHINE", "STAR",
    "UNITED", "PRIME", "ALPHA", "DELTA", "MEGA", "SUPREME", "PREMIER", "EVERGREEN", "DIAMOND", "CROWN",
    "KLANG", "IPOH", "PENANG", "MELAKA", "JOHOR", "KEDAH", "PAHANG", "PERLIS", "SABAH", "SARAWAK",
    "KUANTAN", "KAJANG", "RAWANG", "SEREMBAN", "TAIPING", "MUAR", "BATU PAHAT", "KLUANG", "SEGAMAT",
    "SUBANG", "PUCHONG", "CHERAS", "AMPANG", "GOMBAK", "SETAPAK", "KEPONG", "SENTUL", "BANGSAR", "PUDU",
)  # fmt: skip

MALAY_GIVEN = (
    "AHMAD", "MUHAMMAD", "MOHD", "ABDUL", "AZMAN", "FARID", "HAFIZ", "ISMAIL", "KAMAL", "RAZAK", "ZAINAL",
    "HASSAN", "HUSSEIN", "IBRAHIM", "YUSOF", "OMAR", "RASHID", "SULAIMAN", "ZULKIFLI", "FAIZAL",
)  # fmt: skip
MALAY_GIVEN_F = (
    "AMINAH", "SITI", "NURUL", "FATIMAH", "ZAINAB", "AISYAH", "NORAINI", "ROSNAH", "SALMAH", "HALIMAH",
    "FARAH", "NOR", "AZIZAH", "MAZLINA", "ROHANI", "SUHAILA", "ZURAIDA", "HASNAH", "KHADIJAH", "MARIAM",
)  # fmt: skip
CHINESE_SURNAMES = (
    "TAN",
    "LIM",
    "LEE",
    "WONG",
    "NG",
    "CHAN",
    "ONG",
    "GOH",
    "TEO",
    "CHUA",
    "YAP",
    "LOW",
    "KOH",
)
CHINESE_GIVEN = (
    "AH KOW", "MEI LING", "WEI JIE", "KAH WAI", "SIEW LAN", "CHEE KEONG", "BOON HOCK", "LAY HOON",
    "YEE LING", "KOK WAH", "SOOK FUN", "JIA HUI", "ZHI HAO", "HUI MIN", "WEN HAO", "SIEW MEI",
)  # fmt: skip
INDIAN_GIVEN = (
    "MUTHU", "RAJESH", "KUMAR", "SURESH", "RAMESH", "GANESH", "VIJAY", "ARUN", "PRAKASH", "SELVAM",
    "KAVITHA", "PRIYA", "LETCHUMI", "DEVI", "SARASWATHY", "MALAR", "SHANTHI", "VANITHA",
)  # fmt: skip
FOREIGN_GIVEN = (
    "AGUS", "BUDI", "SLAMET", "SITI", "DEWI", "RAM", "HARI", "BISHNU", "MOHAMMAD", "RAHIM", "KARIM",
    "AUNG", "KYAW", "ZAW", "JOSE", "MARIA", "NGUYEN", "TRAN", "RAJ", "SANJAY",
)  # fmt: skip
FOREIGN_SURNAMES = (
    "SANTOSO", "WIJAYA", "PRASETYO", "GURUNG", "TAMANG", "THAPA", "RAI", "HOSSAIN", "ISLAM", "UDDIN",
    "AHMED", "MIAH", "WIN", "HTUT", "REYES", "SANTOS", "VAN", "SINGH", "SHARMA", "KHAN",
)  # fmt: skip
FOREIGN_NATIONALITIES = ("ID", "ID", "ID", "NP", "NP", "BD", "BD", "MM", "IN", "PH", "VN", "PK")

# Legal forms as registered; name_key drops them, so signboards without them still match.
REGISTERED_SUFFIXES = ("", "", "SDN BHD", "SDN BHD", "ENTERPRISE", "TRADING", "PLT", "BHD")
STREET_WORDS = ("JALAN", "LORONG", "PERSIARAN", "LEBUH")
MSIC_CODES = (
    "56101", "47111", "45201", "96010", "96020", "47721", "86201", "47420", "47520", "47711", "47190",
    "41001", "43210", "49231", "52100", "10712", "25920", "46900", "68101", "85101", "55101", "47300",
)  # fmt: skip


def _check_vocabulary() -> None:
    """Only suffixes may be company words: the key of a name is then its other words, in order."""
    words = {w for phrase in (*PREMISES_KINDS, *INDUSTRIES, *DISTINCTIVE) for w in phrase.split()}
    clash = words & COMPANY_WORDS
    if clash:
        raise ValueError(f"company words in the vocabulary: {sorted(clash)}")


_check_vocabulary()
