"""Business registration numbers of the Companies Commission (SSM): the new 12-digit form
(YYYYTTNNNNNN) and the old one with its check letter (1312525-A), alone or together."""

import re
from dataclasses import dataclass
from datetime import date

from .invalid import InvalidIdentifier, compact


@dataclass(frozen=True)
class Ssm:
    new: str | None = None  # YYYYTTNNNNNN
    old: str | None = None  # digits-check letter, e.g. 1312525-A


# The oldest companies re-numbered in 2019 kept their incorporation year.
SSM_FIRST_YEAR = 1850
SSM_ENTITY_TYPES = frozenset({"01", "02", "03", "04", "05", "06"})
_SSM_NEW = re.compile(r"[0-9]{12}")
_SSM_OLD = re.compile(r"([0-9]{1,10})([A-Z])")


def parse_ssm(text: str, *, on: date | None = None) -> Ssm:
    """One or both SSM numbers, as printed during the transition: "201901000005 (1312525-A)"."""
    parts = [part for part in re.split(r"[()/;,|]+", text) if part.strip()]
    if not parts:
        raise InvalidIdentifier("ssm_format")
    new: str | None = None
    old: str | None = None
    for part in parts:
        kind, number = _parse_one_ssm(part, on=on or date.today())
        if (new if kind == "new" else old) is not None:
            raise InvalidIdentifier("ssm_repeated")
        new, old = (number, old) if kind == "new" else (new, number)
    return Ssm(new=new, old=old)


def _parse_one_ssm(text: str, *, on: date) -> tuple[str, str]:
    bare = compact(text)
    if _SSM_NEW.fullmatch(bare):
        if not SSM_FIRST_YEAR <= int(bare[:4]) <= on.year:
            raise InvalidIdentifier("ssm_year", year=bare[:4])
        if bare[4:6] not in SSM_ENTITY_TYPES:
            raise InvalidIdentifier("ssm_entity_type", type=bare[4:6])
        return "new", bare
    old = _SSM_OLD.fullmatch(bare)
    if old is None:
        raise InvalidIdentifier("ssm_format")
    return "old", f"{old[1]}-{old[2]}"
