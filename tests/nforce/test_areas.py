from django.contrib.gis.geos import Point

from nforce.areas import area_containing
from tests.factories import AreaFactory, box

INSIDE_BOTH = Point(101.445, 3.045, srid=4326)


def test_where_areas_overlap_the_smallest_holds_the_point(db):
    AreaFactory(code="KLG-1", boundary=box(101.40, 3.00, 101.50, 3.10))
    town = AreaFactory(code="KLG-T", boundary=box(101.44, 3.04, 101.45, 3.05))
    assert area_containing(INSIDE_BOTH) == town


def test_a_point_outside_every_area_or_no_point_is_in_none(db):
    AreaFactory(code="KLG-1", boundary=box(101.40, 3.00, 101.50, 3.10))
    assert area_containing(Point(103.0, 5.0, srid=4326)) is None
    assert area_containing(None) is None
