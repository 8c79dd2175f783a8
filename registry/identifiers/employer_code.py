"""PERKESO's employer code."""

import re

from .invalid import InvalidIdentifier, compact

# 12 letters or digits: PERKESO publishes no internal structure.
EMPLOYER_CODE = re.compile(r"[A-Z0-9]{12}")


def parse_employer_code(text: str) -> str:
    """The code as stored: capitals, without the spaces or dashes it may be written with."""
    code = compact(text)
    if not EMPLOYER_CODE.fullmatch(code):
        raise InvalidIdentifier("employer_code_format", count=len(code))
    return code
