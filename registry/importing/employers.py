"""employers.csv: one row per employer, checked in Python while it is copied."""

import re

from ..identifiers import (
    InvalidIdentifier,
    normalise_state,
    parse_employer_code,
    parse_postcode,
    parse_ssm,
    postcode_areas,
)
from ..models import MALAYSIA_BOUNDS
from ..names import name_key
from .cleaning import ColumnError, identifier, iso_date, limited, required
from .report import InvalidRow
from .staging import FileSpec


def _clean_employer(values: list[str]) -> tuple:
    code, brn, name, trading, address, postcode, state, msic, registered, ceased, lat, lon = values
    code = identifier("employer_code", lambda: parse_employer_code(code))
    brn = limited(brn, "business_registration_no", 40)
    ssm = identifier("business_registration_no", lambda: parse_ssm(brn)) if brn else None
    name = required(name, "name", 200)
    trading = limited(trading, "trading_name", 200)
    postcode, state = _postcode_and_state(postcode, state)
    registered_on = iso_date(registered, "registered_on")
    ceased_on = iso_date(ceased, "ceased_on", required=False)
    if ceased_on and ceased_on < registered_on:
        raise ColumnError("ceased_on", InvalidRow("ceased_before_registered"))
    return (
        code, brn, ssm and ssm.new, ssm and ssm.old, name, trading, name_key(name),
        name_key(trading) if trading else "",
        limited(address, "address", 300), postcode, state, _msic(msic), registered_on, ceased_on,
        *_position(lat, lon),
    )  # fmt: skip


def _postcode_and_state(postcode: str, state: str) -> tuple[str, str]:
    postcode = identifier("postcode", lambda: parse_postcode(postcode)) if postcode.strip() else ""
    state = identifier("state", lambda: normalise_state(state)) if state.strip() else ""
    area = postcode_areas().get(postcode)
    # A postcode missing from the data package is let through (Pos Malaysia adds some every
    # year); one that is known must lie in the state given.
    if area and state and area.state != state:
        raise ColumnError(
            "postcode",
            InvalidIdentifier("postcode_state", postcode=postcode, expected=area.state, state=state),
        )
    return postcode, state


def _msic(value: str) -> str:
    code = value.strip()
    if code and not re.fullmatch(r"[0-9]{5}", code):
        raise ColumnError("msic_code", InvalidRow("msic_code"))
    return code


def _position(lat: str, lon: str) -> tuple[float | None, float | None]:
    if not lat.strip() and not lon.strip():
        return None, None
    try:
        latitude, longitude = float(lat), float(lon)
    except ValueError:
        raise ColumnError("latitude", InvalidRow("coordinates")) from None
    bounds = MALAYSIA_BOUNDS
    if not (
        bounds["lat_min"] <= latitude <= bounds["lat_max"]
        and bounds["lon_min"] <= longitude <= bounds["lon_max"]
    ):
        raise ColumnError(
            "latitude", InvalidRow("outside_malaysia", latitude=lat.strip(), longitude=lon.strip())
        )
    return longitude, latitude


EMPLOYER_STAGE = """
    line bigint, employer_code text, business_registration_no text, ssm_new text, ssm_old text,
    name text, trading_name text, name_key text, trading_name_key text, address text, postcode text,
    state text, msic_code text, registered_on date, ceased_on date, lon float8, lat float8
"""
EMPLOYER_COLUMNS = (
    "business_registration_no, ssm_new, ssm_old, name, trading_name, name_key, trading_name_key, "
    "address, postcode, state, msic_code, registered_on, ceased_on, location"
)
# SQL in this package is built from constants only; no value of a file reaches it but through COPY.
EMPLOYER_UPSERT = f"""
    INSERT INTO registry_employer AS e (employer_code, {EMPLOYER_COLUMNS})
    SELECT employer_code, business_registration_no, ssm_new, ssm_old, name, trading_name, name_key,
           trading_name_key, address, postcode, state, msic_code, registered_on, ceased_on,
           CASE WHEN lon IS NOT NULL THEN ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography END
      FROM stage_employers ORDER BY employer_code
    ON CONFLICT (employer_code) DO UPDATE
       SET ({EMPLOYER_COLUMNS}) = (
           EXCLUDED.business_registration_no, EXCLUDED.ssm_new, EXCLUDED.ssm_old, EXCLUDED.name,
           EXCLUDED.trading_name, EXCLUDED.name_key, EXCLUDED.trading_name_key, EXCLUDED.address,
           EXCLUDED.postcode, EXCLUDED.state, EXCLUDED.msic_code, EXCLUDED.registered_on,
           EXCLUDED.ceased_on, EXCLUDED.location)
     WHERE (e.business_registration_no, e.ssm_new, e.ssm_old, e.name, e.trading_name, e.name_key,
            e.trading_name_key, e.address, e.postcode, e.state, e.msic_code, e.registered_on,
            e.ceased_on, ST_X(e.location::geometry), ST_Y(e.location::geometry))
           IS DISTINCT FROM
           (EXCLUDED.business_registration_no, EXCLUDED.ssm_new, EXCLUDED.ssm_old, EXCLUDED.name,
            EXCLUDED.trading_name, EXCLUDED.name_key, EXCLUDED.trading_name_key, EXCLUDED.address,
            EXCLUDED.postcode, EXCLUDED.state, EXCLUDED.msic_code, EXCLUDED.registered_on,
            EXCLUDED.ceased_on, ST_X(EXCLUDED.location::geometry), ST_Y(EXCLUDED.location::geometry))
"""  # noqa: S608
EMPLOYER_CHECKS = (
    """SELECT s.line, 'duplicate', json_build_object('what', 'employer_code', 'other', f.line)
         FROM stage_employers s
         JOIN (SELECT employer_code, min(line) AS line FROM stage_employers GROUP BY 1) f
              USING (employer_code)
        WHERE s.line > f.line ORDER BY s.line LIMIT 1000""",
    """SELECT s.line, 'duplicate', json_build_object('what', 'business_registration_no', 'other', f.line)
         FROM stage_employers s
         JOIN (SELECT DISTINCT ON (ssm_new) ssm_new, line, employer_code FROM stage_employers
                ORDER BY ssm_new, line) f USING (ssm_new)
        WHERE s.line > f.line AND s.employer_code <> f.employer_code ORDER BY s.line LIMIT 1000""",
    # The new SSM number is unique across the registry, not only within the file.
    """SELECT s.line, 'ssm_taken', json_build_object('ssm', s.ssm_new, 'employer', e.employer_code)
         FROM stage_employers s JOIN registry_employer e USING (ssm_new)
        WHERE e.employer_code <> s.employer_code ORDER BY s.line LIMIT 1000""",
)


EMPLOYERS = FileSpec(
    "employers.csv",
    ("employer_code", "business_registration_no", "name", "trading_name", "address", "postcode", "state",
     "msic_code", "registered_on", "ceased_on", "latitude", "longitude"),
    "stage_employers", EMPLOYER_STAGE, EMPLOYER_CHECKS, "registry_employer", EMPLOYER_UPSERT, _clean_employer,
)  # fmt: skip
