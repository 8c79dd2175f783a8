"""The grid cells a sighting locks hold every point that the merge search around it can find."""

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from geopy.distance import geodesic

from detection.matching import MERGE_RADIUS_M
from detection.premises import _cell_key, cells_around

# Just north of a row of cells near the equator, where a degree of latitude is shortest (110.6 km):
# measured with a rounder 111 km, the search stopped 0.2 m short of the row below.
EDGE_OF_A_ROW = Point(103.5, 1.000451, srid=4326)
KLANG = Point(101.4450, 3.0449, srid=4326)
KOTA_KINABALU = Point(116.0735, 5.9804, srid=4326)
# Just east of a column of cells: the same at the west edge of the search.
EDGE_OF_A_COLUMN = Point(100.370451, 6.45, srid=4326)


def ring(centre: Point, metres: float) -> list[tuple[float, float]]:
    """(lat, lon) of points `metres` from the centre on the ellipsoid, every 10 degrees around."""
    reach = geodesic(meters=metres)
    return [tuple(reach.destination((centre.y, centre.x), bearing))[:2] for bearing in range(0, 360, 10)]


def found_by_postgis(centre: Point, points: list[tuple[float, float]]) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT bool_and(ST_DWithin(ST_MakePoint(lon, lat)::geography,"
            " ST_MakePoint(%s, %s)::geography, %s)) FROM unnest(%s::float8[], %s::float8[]) AS p(lat, lon)",
            [centre.x, centre.y, MERGE_RADIUS_M, [p[0] for p in points], [p[1] for p in points]],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
@pytest.mark.parametrize("centre", [EDGE_OF_A_ROW, KLANG, KOTA_KINABALU, EDGE_OF_A_COLUMN])
def test_every_point_within_the_merge_radius_lies_in_a_locked_cell(centre):
    points = ring(centre, MERGE_RADIUS_M - 0.01)
    assert found_by_postgis(centre, points)  # what ST_DWithin, the merge search's filter, would find
    assert {_cell_key(lat, lon) for lat, lon in points} <= set(cells_around(centre))


def test_a_search_far_from_any_edge_locks_one_cell():
    assert len(cells_around(Point(101.455, 3.045, srid=4326))) == 1
