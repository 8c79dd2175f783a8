"""The built-in base map: its database layer (areas in scope, office towns) and its shipped data."""

import json

import pytest
from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, Point, Polygon
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from demo.basemap import WINDOW, decode
from nforce.settings import _zoom_range
from tests.factories import KLANG, AreaFactory, InspectorFactory, OfficeFactory, UserFactory

URL = "/maps/base.geojson"
BASEMAP = settings.BASE_DIR / "static" / "basemap"


def _get(user, **headers):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(URL, headers=headers)


def _codes(response, kind: str) -> set[str]:
    return {f["properties"]["code"] for f in response.json()["features"] if f["properties"]["kind"] == kind}


@pytest.fixture
def two_offices(db):
    klang = OfficeFactory(code="KLG", name="Klang", location=Point(*KLANG, srid=4326))
    ipoh = OfficeFactory(code="IPH", name="Ipoh", location=Point(101.0901, 4.5975, srid=4326))
    AreaFactory(code="KLG-1", name="Klang Pusat", office=klang)
    AreaFactory(code="IPH-1", name="Ipoh Pusat", office=ipoh, centre=(101.0901, 4.5975))
    return klang, ipoh


def test_the_url_is_the_one_pages_are_given():
    assert reverse("map-base-layer") == URL


def test_a_supervisor_gets_the_areas_of_their_own_office_and_every_office_town(two_offices):
    klang, _ipoh = two_offices
    supervisor = UserFactory(roles=["supervisor"], home_office=klang)
    response = _get(supervisor)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert _codes(response, "area") == {"KLG-1"}
    assert _codes(response, "office") >= {"KLG", "IPH"}


def test_an_inspector_gets_the_areas_they_serve_only(two_offices):
    inspector = InspectorFactory(areas=[AreaFactory(code="IPH-1")]).user
    assert _codes(_get(inspector), "area") == {"IPH-1"}


def test_an_officer_gets_no_area_but_the_office_towns(two_offices, officer):
    response = _get(officer)
    assert _codes(response, "area") == set()
    offices = {f["properties"]["name"]: f["geometry"] for f in response.json()["features"]}
    assert offices["Ipoh"] == {"type": "Point", "coordinates": [101.0901, 4.5975]}


def test_an_area_comes_with_its_name_office_and_a_closed_outline(two_offices):
    _klang, ipoh = two_offices
    supervisor = UserFactory(roles=["supervisor"], home_office=ipoh)
    (area,) = [f for f in _get(supervisor).json()["features"] if f["properties"]["kind"] == "area"]
    assert area["properties"] == {"kind": "area", "code": "IPH-1", "name": "Ipoh Pusat", "office": "Ipoh"}
    outline = GEOSGeometry(json.dumps(area["geometry"]))
    assert outline.valid and outline.contains(Point(101.0901, 4.5975))


def test_an_administrator_gets_every_area(two_offices):
    admin = UserFactory(roles=["officer"], is_superuser=True, is_staff=True)
    assert _codes(_get(admin), "area") == {"KLG-1", "IPH-1"}


def test_the_layer_is_private_short_lived_and_answers_304_when_unchanged(two_offices, officer):
    first = _get(officer)
    assert "private" in first["Cache-Control"] and "max-age=300" in first["Cache-Control"]
    again = _get(officer, if_none_match=first["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_a_redrawn_area_changes_the_etag(two_offices):
    klang, _ipoh = two_offices
    supervisor = UserFactory(roles=["supervisor"], home_office=klang)
    before = _get(supervisor)["ETag"]
    AreaFactory(code="KLG-2", name="Klang Utara", office=klang, centre=(101.45, 3.12))
    assert _get(supervisor, if_none_match=before).status_code == 200


def test_the_layer_is_kept_for_offline_use_only_for_the_user_it_was_made_for(officer, two_offices):
    response = _get(officer)
    assert response["X-Nforce-Offline"] == "shell"
    assert response["X-Nforce-User"] == str(officer.pk)


def test_someone_signed_out_is_sent_to_sign_in_and_someone_with_no_role_refused(db):
    assert _get(None).status_code == 302
    assert _get(UserFactory()).status_code == 403


def test_the_layer_takes_three_queries_however_many_areas(two_offices, django_assert_num_queries):
    supervisor = UserFactory(roles=["supervisor"], home_office=two_offices[0])
    for number in range(2, 6):
        AreaFactory(code=f"KLG-{number}", office=two_offices[0])
    client = Client()
    client.force_login(supervisor)
    # session and user, roles, then the areas and the offices
    with django_assert_num_queries(5):
        client.get(URL)


# --- the shipped data --------------------------------------------------------------------------


def _collection(name: str) -> dict:
    return json.loads((BASEMAP / name).read_text())


def test_the_land_holds_malaysia_whole_and_its_neighbours():
    features = {f["properties"]["name"]: f for f in _collection("land.geojson")["features"]}
    assert {"Malaysia", "Singapore", "Thailand", "Indonesia", "Brunei"} <= set(features)
    malaysia = GEOSGeometry(json.dumps(features["Malaysia"]["geometry"]))
    assert features["Malaysia"]["properties"]["malaysia"] is True
    # Klang, Kota Kinabalu, Kuching, George Town: on the coast, within the 1:10m line's few km
    for town in (KLANG, (116.0735, 5.9804), (110.3593, 1.5533), (100.3327, 5.4141)):
        assert malaysia.distance(Point(*town)) < 0.05, town
    assert not malaysia.contains(Point(103.8198, 1.3521))  # Singapore
    assert Polygon.from_bbox(WINDOW).buffer(1e-6).contains(malaysia)


def test_the_towns_are_malaysian_named_and_largest_first():
    towns = _collection("towns.geojson")["features"]
    names = [town["properties"]["name"] for town in towns]
    assert names[0] == "Kuala Lumpur"
    assert {"Klang", "Ipoh", "Kota Kinabalu", "Kuching"} <= set(names)
    populations = [town["properties"]["population"] for town in towns]
    assert populations == sorted(populations, reverse=True) and min(populations) >= 15_000


# --- the build's pieces ------------------------------------------------------------------------

SQUARE_ARCS = [[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0]], [[1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]]


@pytest.mark.parametrize(
    ("geometry", "rings"),
    [
        ({"type": "Polygon", "arcs": [[0, 1]]}, [[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]]),
        ({"type": "Polygon", "arcs": [[~1, ~0]]}, [[[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]]),
        ({"type": "MultiPolygon", "arcs": [[[0, 1]], [[0]]]}, [[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]]),
    ],
)
def test_topojson_arcs_are_joined_reversed_and_slivers_dropped(geometry, rings):
    assert decode(SQUARE_ARCS, geometry) == {"type": "MultiPolygon", "coordinates": rings}


@pytest.mark.parametrize(("text", "zooms"), [("12-16", (12, 16)), ("14", (14, 14)), ("0-19", (0, 19))])
def test_offline_zooms_read_as_a_range(text, zooms):
    assert _zoom_range(text) == zooms


@pytest.mark.parametrize("text", ["", "12-", "16-12", "12-20", "a-b", "12..16"])
def test_offline_zooms_that_are_no_range_stop_the_start(text):
    with pytest.raises(ImproperlyConfigured, match="MAP_OFFLINE_ZOOMS"):
        _zoom_range(text)
