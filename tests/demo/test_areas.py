"""Demo areas from real office towns, and their inspectors."""

import io

import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command

from demo.areas import ensure_demo_areas_and_inspectors, land_outline
from demo.staff import DEMO_OFFICES
from dispatch.models import Assignment, Inspector
from nforce.models import Area
from tests.factories import KLANG, PremisesFactory, near

pytestmark = pytest.mark.django_db


def test_the_land_outline_holds_every_demo_office_town():
    land = land_outline()
    assert land.valid
    assert all(land.contains(Point(lon, lat, srid=4326)) for _c, _n, _s, lon, lat in DEMO_OFFICES)


def test_demo_areas_cover_each_office_town_and_are_made_once(db):
    assert ensure_demo_areas_and_inspectors() == (50, 12)
    assert ensure_demo_areas_and_inspectors() == (0, 0)
    for code, _name, _state, lon, lat in DEMO_OFFICES:
        town = Area.objects.get(code=f"{code}-1")
        assert town.boundary.contains(Point(lon, lat, srid=4326)) and town.office.code == code


def test_demo_areas_do_not_overlap(db):
    ensure_demo_areas_and_inspectors()
    klang_town = Area.objects.get(code="KLG-1")
    overlapping = Area.objects.filter(boundary__overlaps=klang_town.boundary).exclude(pk=klang_town.pk)
    assert not overlapping.exists()


def test_demo_inspectors_serve_the_areas_of_their_office(db):
    ensure_demo_areas_and_inspectors()
    ins001 = Inspector.objects.get(user__staff_number="INS001")
    assert sorted(ins001.areas.values_list("code", flat=True)) == [f"KLG-{n}" for n in range(1, 6)]
    assert Inspector.objects.get(user__staff_number="INS011").areas.filter(code="KK-1").exists()


def test_a_premises_in_klang_is_dispatched_to_a_klang_inspector_of_the_demo(db):
    ensure_demo_areas_and_inspectors()
    PremisesFactory(location=near(KLANG, north_km=0.5))
    call_command("assign_premises", stdout=io.StringIO())
    assert Assignment.objects.get().inspector.user.staff_number in {"INS001", "INS003"}
