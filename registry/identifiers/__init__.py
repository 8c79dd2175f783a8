"""Parse, normalise and validate the identifiers officers type and extracts carry: one module per
identifier, one parser each. Callers import from here (`from registry.identifiers import ...`);
forms and serializers read them through registry.fields.

Every failure raises InvalidIdentifier (invalid.py) with a stable code and a translated message.
"""

from .employer_code import EMPLOYER_CODE, parse_employer_code
from .invalid import MESSAGES, InvalidIdentifier, compact
from .mykad import MyKad, check_mykad_against, mykad_places, mykad_shaped, parse_mykad
from .passport import PASSPORT_FORMATS, is_mykad_number, normalise_id_number, parse_passport
from .postcodes import (
    DATA_DIR,
    STATES,
    PostcodeArea,
    check_postcode,
    normalise_state,
    parse_postcode,
    postcode_areas,
)
from .search_box import Query, QueryKind, classify_query
from .ssm import SSM_ENTITY_TYPES, SSM_FIRST_YEAR, Ssm, parse_ssm

__all__ = [
    "DATA_DIR",
    "EMPLOYER_CODE",
    "MESSAGES",
    "PASSPORT_FORMATS",
    "SSM_ENTITY_TYPES",
    "SSM_FIRST_YEAR",
    "STATES",
    "InvalidIdentifier",
    "MyKad",
    "PostcodeArea",
    "Query",
    "QueryKind",
    "Ssm",
    "check_mykad_against",
    "check_postcode",
    "classify_query",
    "compact",
    "is_mykad_number",
    "mykad_places",
    "mykad_shaped",
    "normalise_id_number",
    "normalise_state",
    "parse_employer_code",
    "parse_mykad",
    "parse_passport",
    "parse_postcode",
    "parse_ssm",
    "postcode_areas",
]
