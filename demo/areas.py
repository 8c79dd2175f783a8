"""Demo areas and inspectors, from the real office towns of demo.staff.

Each office town gets up to five areas: the town itself and up to four neighbourhoods around it.
The areas are the Voronoi cells (PostGIS ST_VoronoiPolygons) of those seed points, clipped to a
rough outline of Malaysia's land (demo/data/malaysia_outline.geojson, drawn by hand from
coarse coastline coordinates). Good enough to demonstrate dispatch; not legal boundaries.
"""

import math
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import Group
from django.contrib.gis.gdal import DataSource
from django.contrib.gis.geos import GEOSGeometry, MultiPoint, MultiPolygon, Point
from django.db import connection, transaction

from dispatch.models import Inspector
from nforce.models import Area, Office, User
from nforce.roles import Role

from .staff import DEMO_OFFICES, demo_password, ensure_demo_staff

OUTLINE = Path(__file__).resolve().parent / "data" / "malaysia_outline.geojson"

# Compass points tried in this order; the first four on land become neighbourhood areas (Malay
# names, as on the signboards: Utara = north, Timur = east, Selatan = south, Barat = west).
DIRECTIONS = (
    (0, "Utara"),
    (90, "Timur"),
    (180, "Selatan"),
    (270, "Barat"),
    (45, "Timur Laut"),
    (135, "Tenggara"),
    (225, "Barat Daya"),
    (315, "Barat Laut"),
)
NEIGHBOURHOODS = 4
# Neighbourhood seeds sit this share of the way to the nearest other office (so that the Klang
# Valley offices, 8-10 km apart, do not swallow each other), and never further than the cap.
SPREAD_SHARE = 0.3
SPREAD_CAP_KM = 25.0
KM_PER_DEGREE = 111.32

# staff number, full name, office, capacity. INS001 and INS002 come from demo.staff.DEMO_STAFF.
DEMO_INSPECTORS = (
    ("INS001", "", "KLG", 20),
    ("INS002", "", "KL", 20),
    ("INS003", "Siti Aishah binti Omar", "KLG", 15),
    ("INS004", "Wong Kah Wai", "KL", 15),
    ("INS005", "Arjun a/l Subramaniam", "PJ", 20),
    ("INS006", "Mohd Faizal bin Hassan", "SA", 20),
    ("INS007", "Lee Siew Ling", "JB", 20),
    ("INS008", "Ahmad Zaki bin Ismail", "PG", 20),
    ("INS009", "Kavitha a/p Muniandy", "IPH", 20),
    ("INS010", "Awang anak Jugah", "KCH", 20),
    ("INS011", "Juliana Gimbang", "KK", 20),
    ("INS012", "Nor Azlina binti Daud", "KTN", 20),
)


@dataclass(frozen=True)
class Seed:
    code: str
    name: str
    office: str
    point: Point


def land_outline() -> MultiPolygon:
    geometry = DataSource(str(OUTLINE))[0][0].geom.geos
    assert isinstance(geometry, MultiPolygon), geometry.geom_type
    geometry.srid = 4326
    return geometry


@transaction.atomic
def ensure_demo_areas_and_inspectors() -> tuple[int, int]:
    """Idempotent: creates the areas and inspectors that are missing, changes none that exist.

    Returns (areas created, inspectors created).
    """
    ensure_demo_staff()
    areas = ensure_demo_areas()
    return areas, ensure_demo_inspectors()


def ensure_demo_areas() -> int:
    land = land_outline()
    seeds = demo_seeds(land)
    cells = voronoi_cells(points=[seed.point for seed in seeds], clip=land)
    offices = {office.code: office for office in Office.objects.filter(code__in=[s.office for s in seeds])}
    made = 0
    for seed in seeds:
        cell = next((cell for cell in cells if cell.intersects(seed.point)), None)
        if cell is None:
            continue
        office = offices[seed.office]
        defaults = {"name": seed.name, "office": office, "state": office.state, "boundary": cell}
        made += Area.objects.get_or_create(code=seed.code, defaults=defaults)[1]
    return made


def demo_seeds(land: MultiPolygon) -> list[Seed]:
    """The office town, then up to four neighbourhoods on land around it."""
    seeds = []
    for code, name, _state, lon, lat in DEMO_OFFICES:
        town = Point(lon, lat, srid=4326)
        seeds.append(Seed(code=f"{code}-1", name=f"{name} Pusat", office=code, point=town))
        spread = _spread_km(lon, lat)
        around = [(label, _offset(town, bearing, spread)) for bearing, label in DIRECTIONS]
        around = [(label, point) for label, point in around if land.contains(point)][:NEIGHBOURHOODS]
        for number, (label, point) in enumerate(around, start=2):
            seeds.append(Seed(code=f"{code}-{number}", name=f"{name} {label}", office=code, point=point))
    return seeds


def _spread_km(lon: float, lat: float) -> float:
    others = [
        math.hypot((lon - o_lon) * math.cos(math.radians(lat)), lat - o_lat) * KM_PER_DEGREE
        for _code, _name, _state, o_lon, o_lat in DEMO_OFFICES
        if (o_lon, o_lat) != (lon, lat)
    ]
    return min(SPREAD_CAP_KM, SPREAD_SHARE * min(others))


def _offset(point: Point, bearing: float, km: float) -> Point:
    north = km * math.cos(math.radians(bearing)) / KM_PER_DEGREE
    east = km * math.sin(math.radians(bearing)) / (KM_PER_DEGREE * math.cos(math.radians(point.y)))
    return Point(point.x + east, point.y + north, srid=4326)


def voronoi_cells(*, points: list[Point], clip: MultiPolygon) -> list[MultiPolygon]:
    """The Voronoi cell of each point, clipped to `clip`, as multipolygons (any order)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT ST_AsEWKT(ST_Multi(ST_CollectionExtract(ST_Intersection(cell, clip), 3)))
            FROM (
                SELECT (ST_Dump(ST_VoronoiPolygons(%(points)s::geometry, 0,
                                                   ST_Expand(%(clip)s::geometry, 1)))).geom AS cell
            ) AS cells,
            (SELECT %(clip)s::geometry AS clip) AS land
            """,
            {"points": MultiPoint(points, srid=4326).ewkt, "clip": clip.ewkt},
        )
        shapes = [GEOSGeometry(row[0]) for row in cursor.fetchall()]
    # Every shape is a MultiPolygon (ST_Multi); isinstance() says so to mypy.
    return [shape for shape in shapes if isinstance(shape, MultiPolygon) and not shape.empty]


def ensure_demo_inspectors() -> int:
    """INS001 and INS002 serve their office's areas; INS003-INS012 are made (demo_password())."""
    group, _created = Group.objects.get_or_create(name=Role.INSPECTOR.value)
    offices = {office.code: office for office in Office.objects.all()}
    made = 0
    for number, name, office_code, capacity in DEMO_INSPECTORS:
        office = offices[office_code]
        user = User.objects.filter(staff_number=number).first()
        if user is None:
            user = User.objects.create_user(
                number, password=demo_password(), full_name=name, home_office=office
            )
        user.groups.add(group)
        inspector, created = Inspector.objects.get_or_create(
            user=user, defaults={"capacity": capacity, "base_location": office.location}
        )
        if created:
            inspector.areas.set(Area.objects.filter(office=office))
            made += 1
    return made
