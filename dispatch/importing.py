"""Bulk loads by staff: enforcement areas (GeoJSON or shapefile) and inspectors (CSV).

Both check everything first and load nothing when any row is wrong, saying where and why.
"""

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import Group
from django.contrib.gis.gdal import DataSource, GDALException
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point, Polygon
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nforce.areas import announce_areas_changed
from nforce.models import Area, Office, User, staff_number_validator
from nforce.positions import InvalidPosition, parse_position
from nforce.roles import Role

from .models import Inspector

INSPECTOR_COLUMNS = ("username", "full_name", "area_codes", "capacity", "base_latitude", "base_longitude")


class ImportRefused(Exception):
    """Nothing was loaded; `problems` says what to fix, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class AreaRow:
    code: str
    name: str
    boundary: MultiPolygon
    office: Office | None
    state: str | None


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int


# --- areas ---------------------------------------------------------------------------------


def read_areas(
    *, path: Path, code_field: str, name_field: str, office_field: str = "", state_field: str = ""
) -> list[AreaRow]:
    layer = _open_layer(path)
    wanted = [f for f in (code_field, name_field, office_field, state_field) if f]
    missing = [f for f in wanted if f not in layer.fields]
    if missing:
        raise ImportRefused(
            [_("No field %(fields)s; the file has: %(have)s.") % _fields(missing, layer.fields)]
        )
    rows, problems = [], []
    offices = {office.code: office for office in Office.objects.all()}
    for number, feature in enumerate(layer, start=1):
        try:
            rows.append(
                _area_row(feature, layer.srs, code_field, name_field, office_field, state_field, offices)
            )
        except ValueError as error:
            problems.append(_("Feature %(number)s: %(error)s") % {"number": number, "error": error})
    problems += _duplicate_codes([row.code for row in rows])
    if problems:
        raise ImportRefused(problems)
    return rows


def _fields(missing: list[str], have: list[str]) -> dict:
    return {"fields": ", ".join(missing), "have": ", ".join(have)}


def _open_layer(path: Path):
    name = str(path)
    if name.lower().endswith(".zip"):
        name = f"/vsizip/{name}"  # a zipped shapefile, as areas are usually sent
    try:
        return DataSource(name)[0]
    except (GDALException, IndexError) as error:
        raise ImportRefused(
            [_("Cannot read %(path)s as GeoJSON or a shapefile: %(error)s") % {"path": path, "error": error}]
        ) from error


def _area_row(feature, srs, code_field, name_field, office_field, state_field, offices) -> AreaRow:
    code = str(feature.get(code_field) or "").strip()
    name = str(feature.get(name_field) or "").strip()
    if not code or not name:
        raise ValueError(_("code and name are required"))
    if len(code) > 16:
        raise ValueError(_("code %(code)s is longer than 16 characters") % {"code": code})
    office = None
    if office_field:
        office_code = str(feature.get(office_field) or "").strip()
        office = offices.get(office_code)
        if office is None:
            raise ValueError(_("no office with code %(code)s") % {"code": office_code})
    state = str(feature.get(state_field) or "").strip() if state_field else None
    return AreaRow(
        code=code, name=name[:120], boundary=_multipolygon(feature, srs), office=office, state=state
    )


def _multipolygon(feature, srs) -> MultiPolygon:
    """In WGS 84 whatever the file's projection; a polygon becomes a one-part multipolygon."""
    geometry = feature.geom
    if srs is not None and srs.srid != 4326:
        geometry.transform(4326)
    shape: GEOSGeometry = geometry.geos
    shape.srid = 4326
    if not shape.valid:
        shape = shape.buffer(0)  # self-touching rings from digitising; buffer(0) rebuilds them
    if isinstance(shape, Polygon):
        shape = MultiPolygon(shape, srid=4326)
    if not isinstance(shape, MultiPolygon) or shape.empty:
        raise ValueError(_("the boundary is not a polygon"))
    return shape


def _duplicate_codes(codes: list[str]) -> list[str]:
    seen, twice = set(), []
    for code in codes:
        if code in seen:
            twice.append(code)
        seen.add(code)
    return [_("Code %(code)s appears more than once.") % {"code": code} for code in sorted(set(twice))]


@transaction.atomic
def load_areas(*, rows: list[AreaRow]) -> ImportSummary:
    """Upsert by code: an area imported again gets the new boundary and name. Once committed, the
    premises outside every area or in a loaded one are placed again (and dispatched)."""
    created, loaded = 0, []
    for row in rows:
        defaults = {"name": row.name, "boundary": row.boundary}
        if row.office is not None:
            defaults["office"] = row.office
        if row.state is not None:
            defaults["state"] = row.state[:40]
        area, made = Area.objects.update_or_create(code=row.code, defaults=defaults)
        created += made
        loaded.append(area.pk)
    announce_areas_changed(area_ids=loaded)
    return ImportSummary(created=created, updated=len(rows) - created)


# --- inspectors ----------------------------------------------------------------------------


@dataclass(frozen=True)
class InspectorRow:
    username: str
    full_name: str
    area_codes: tuple[str, ...]
    capacity: int
    base: Point | None


def read_inspectors(*, text: str) -> list[InspectorRow]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [column for column in INSPECTOR_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise ImportRefused([_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}])
    areas = set(Area.objects.values_list("code", flat=True))
    existing = set(User.objects.values_list("staff_number", flat=True))
    rows, problems, seen = [], [], set()
    for record in reader:
        try:
            row = _inspector_row(record, areas=areas, existing=existing)
            if row.username in seen:
                raise ValueError(_("%(username)s appears more than once") % {"username": row.username})
            seen.add(row.username)
            rows.append(row)
        except ValueError as error:
            problems.append(_("Line %(line)s: %(error)s") % {"line": reader.line_num, "error": error})
    if problems:
        raise ImportRefused(problems)
    return rows


def _inspector_row(record: dict, *, areas: set[str], existing: set[str]) -> InspectorRow:
    username = (record["username"] or "").strip()
    try:
        staff_number_validator(username)
    except ValidationError as error:
        raise ValueError(f"{username!r}: {error.messages[0]}") from error
    full_name = (record["full_name"] or "").strip()
    if not full_name and username not in existing:
        raise ValueError(_("a new inspector needs a full name"))
    return InspectorRow(
        username=username,
        full_name=full_name,
        area_codes=_area_codes(record["area_codes"], areas),
        capacity=_capacity(record["capacity"]),
        base=_base(record["base_latitude"], record["base_longitude"]),
    )


def _area_codes(text: str | None, areas: set[str]) -> tuple[str, ...]:
    codes = tuple(code.strip() for code in (text or "").split(";") if code.strip())
    if not codes:
        raise ValueError(_("no area codes"))
    unknown = [code for code in codes if code not in areas]
    if unknown:
        raise ValueError(_("unknown area code(s): %(codes)s") % {"codes": ", ".join(unknown)})
    return codes


def _capacity(text: str | None) -> int:
    try:
        capacity = int((text or "").strip())
    except ValueError:
        raise ValueError(_("capacity must be a whole number")) from None
    if not 0 <= capacity <= 1000:
        raise ValueError(_("capacity must be between 0 and 1000"))
    return capacity


def _base(latitude: str | None, longitude: str | None) -> Point | None:
    """Both empty: no base. The file's own words: the columns are base_latitude and base_longitude."""
    try:
        return parse_position(latitude, longitude, in_malaysia=True)
    except InvalidPosition as error:
        if error.code in {"outside_malaysia", "off_earth"}:
            message = _("the base position is outside Malaysia (latitude and longitude swapped?)")
        else:
            message = _("base latitude and longitude must both be numbers")
        raise ValueError(message) from None


@transaction.atomic
def load_inspectors(*, rows: list[InspectorRow]) -> ImportSummary:
    """A missing login is created without a password (set by the administrator or a reset)."""
    group, _created = Group.objects.get_or_create(name=Role.INSPECTOR.value)
    areas = {area.code: area for area in Area.objects.all()}
    created = 0
    for row in rows:
        user = User.objects.filter(staff_number=row.username).first()
        if user is None:
            user = User.objects.create_user(row.username, password=None, full_name=row.full_name)
            created += 1
        user.groups.add(group)
        inspector, _made = Inspector.objects.update_or_create(
            user=user, defaults={"capacity": row.capacity, "base_location": row.base}
        )
        inspector.areas.set([areas[code] for code in row.area_codes])
    return ImportSummary(created=created, updated=len(rows) - created)
