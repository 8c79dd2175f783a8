"""persons.csv: one row per insured person, checked in Python (MyKad against birth date and gender)."""

import re
from datetime import date

from ..identifiers import check_mykad_against, normalise_id_number
from .cleaning import ColumnError, identifier, iso_date, required
from .report import InvalidRow
from .staging import FileSpec


def _clean_person(values: list[str]) -> tuple:
    raw_id, name, born, gender, nationality, registered = values
    nationality = nationality.strip().upper() or "MY"
    if not re.fullmatch(r"[A-Z]{2}", nationality):
        raise ColumnError("nationality", InvalidRow("nationality"))
    born_on = iso_date(born, "date_of_birth")
    gender = gender.strip().upper()
    if gender not in ("M", "F"):
        raise ColumnError("gender", InvalidRow("gender"))
    id_number = identifier("id_number", lambda: _person_id(raw_id, nationality, born_on, gender))
    registered_on = iso_date(registered, "registered_on")
    if registered_on < born_on:
        raise ColumnError("registered_on", InvalidRow("registered_before_birth"))
    return id_number, required(name, "name", 150), born_on, gender, nationality, registered_on


def _person_id(raw_id: str, nationality: str, born_on: date, gender: str) -> str:
    # date.max: the century is the date of birth's business here, not the MyKad's.
    number = normalise_id_number(raw_id, nationality=nationality, on=date.max)
    if nationality == "MY":
        check_mykad_against(number, born_on=born_on, gender=gender)
    return number


PERSON_STAGE = """
    line bigint, id_number text, name text, date_of_birth date, gender text, nationality text,
    registered_on date
"""
PERSON_UPSERT = """
    INSERT INTO registry_insuredperson AS p
           (id_number, name, date_of_birth, gender, nationality, registered_on)
    SELECT id_number, name, date_of_birth, gender, nationality, registered_on
      FROM stage_persons ORDER BY id_number
    ON CONFLICT (id_number) DO UPDATE
       SET (name, date_of_birth, gender, nationality, registered_on) = (
           EXCLUDED.name, EXCLUDED.date_of_birth, EXCLUDED.gender, EXCLUDED.nationality,
           EXCLUDED.registered_on)
     WHERE (p.name, p.date_of_birth, p.gender, p.nationality, p.registered_on) IS DISTINCT FROM
           (EXCLUDED.name, EXCLUDED.date_of_birth, EXCLUDED.gender, EXCLUDED.nationality,
            EXCLUDED.registered_on)
"""
PERSON_CHECKS = (
    """SELECT s.line, 'duplicate', json_build_object('what', 'id_number', 'other', f.line)
         FROM stage_persons s
         JOIN (SELECT id_number, min(line) AS line FROM stage_persons GROUP BY 1) f USING (id_number)
        WHERE s.line > f.line ORDER BY s.line LIMIT 1000""",
)


PERSONS = FileSpec(
    "persons.csv",
    ("id_number", "name", "date_of_birth", "gender", "nationality", "registered_on"),
    "stage_persons", PERSON_STAGE, PERSON_CHECKS, "registry_insuredperson", PERSON_UPSERT, _clean_person,
)  # fmt: skip
