"""employments.csv: who worked for which employer, from when; both must be registered already."""

import re

from ..identifiers import parse_employer_code
from .cleaning import ID_SEPARATORS, ColumnError, identifier, iso_date
from .report import InvalidRow
from .staging import FileSpec


def _clean_employment(values: list[str]) -> tuple:
    raw_id, code, started, ended = values
    id_number = raw_id.translate(ID_SEPARATORS).strip().upper()
    if not re.fullmatch(r"[A-Z0-9]{6,20}", id_number):
        raise ColumnError("id_number", InvalidRow("id_number"))
    code = identifier("employer_code", lambda: parse_employer_code(code))
    started_on = iso_date(started, "started_on")
    ended_on = iso_date(ended, "ended_on", required=False)
    if ended_on and ended_on < started_on:
        raise ColumnError("ended_on", InvalidRow("ended_before_started"))
    return id_number, code, started_on, ended_on


EMPLOYMENT_STAGE = "line bigint, id_number text, employer_code text, started_on date, ended_on date"
EMPLOYMENT_UPSERT = """
    INSERT INTO registry_employment AS m (person_id, employer_id, started_on, ended_on)
    SELECT p.id, e.id, s.started_on, s.ended_on
      FROM stage_employments s
      JOIN registry_insuredperson p USING (id_number)
      JOIN registry_employer e USING (employer_code)
     ORDER BY p.id
    ON CONFLICT (person_id, employer_id, started_on) DO UPDATE SET ended_on = EXCLUDED.ended_on
     WHERE m.ended_on IS DISTINCT FROM EXCLUDED.ended_on
"""
EMPLOYMENT_CHECKS = (
    """SELECT s.line, 'duplicate', json_build_object('what', 'employment', 'other', f.line)
         FROM stage_employments s
         JOIN (SELECT id_number, employer_code, started_on, min(line) AS line
                 FROM stage_employments GROUP BY 1, 2, 3) f USING (id_number, employer_code, started_on)
        WHERE s.line > f.line ORDER BY s.line LIMIT 1000""",
    """SELECT s.line, 'unknown_person', '{}'::json FROM stage_employments s
        WHERE NOT EXISTS (SELECT FROM registry_insuredperson p WHERE p.id_number = s.id_number)
        ORDER BY s.line LIMIT 1000""",
    """SELECT s.line, 'unknown_employer', '{}'::json FROM stage_employments s
        WHERE NOT EXISTS (SELECT FROM registry_employer e WHERE e.employer_code = s.employer_code)
        ORDER BY s.line LIMIT 1000""",
)


EMPLOYMENTS = FileSpec(
    "employments.csv",
    ("id_number", "employer_code", "started_on", "ended_on"),
    "stage_employments", EMPLOYMENT_STAGE, EMPLOYMENT_CHECKS, "registry_employment", EMPLOYMENT_UPSERT,
    _clean_employment,
)  # fmt: skip
