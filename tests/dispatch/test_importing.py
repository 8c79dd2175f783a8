"""manage.py import_areas and import_inspectors: all or nothing, errors with where and why."""

import json
import subprocess

import pytest
from django.core.management import CommandError, call_command

from dispatch.models import Inspector
from nforce.models import Area
from tests.factories import AreaFactory, OfficeFactory, square

pytestmark = pytest.mark.django_db


def polygon_feature(code, name, centre, **properties):
    geometry = json.loads(square(centre, half_km=2)[0].geojson)
    return {"type": "Feature", "properties": {"KOD": code, "NAMA": name, **properties}, "geometry": geometry}


def write_geojson(path, *features):
    path.write_text(json.dumps({"type": "FeatureCollection", "features": list(features)}))
    return path


def test_areas_load_from_geojson_as_multipolygons(tmp_path):
    office = OfficeFactory(code="KLG")
    file = write_geojson(
        tmp_path / "areas.geojson", polygon_feature("KLG-9", "Klang Sembilan", (101.44, 3.04), PEJABAT="KLG")
    )
    call_command(
        "import_areas", file, "--code-field", "KOD", "--name-field", "NAMA", "--office-field", "PEJABAT"
    )
    area = Area.objects.get(code="KLG-9")
    assert area.name == "Klang Sembilan" and area.office == office
    assert area.boundary.geom_type == "MultiPolygon" and area.boundary.srid == 4326


def test_an_area_imported_again_is_updated_not_duplicated(tmp_path):
    AreaFactory(code="KLG-9", name="Nama Lama")
    file = write_geojson(tmp_path / "areas.geojson", polygon_feature("KLG-9", "Nama Baru", (101.44, 3.04)))
    call_command("import_areas", file, "--code-field", "KOD", "--name-field", "NAMA")
    assert Area.objects.get(code="KLG-9").name == "Nama Baru"
    assert Area.objects.filter(code="KLG-9").count() == 1


def test_areas_load_from_a_projected_shapefile(tmp_path):
    source = write_geojson(
        tmp_path / "areas.geojson", polygon_feature("IPH-9", "Ipoh Sembilan", (101.08, 4.6))
    )
    shapefile = tmp_path / "areas.shp"
    # A shapefile in Malaysian RSO (EPSG:3168), as state GIS units hand them over.
    subprocess.run(["ogr2ogr", "-t_srs", "EPSG:3168", str(shapefile), str(source)], check=True)
    call_command("import_areas", shapefile, "--code-field", "KOD", "--name-field", "NAMA")
    area = Area.objects.get(code="IPH-9")
    assert area.boundary.srid == 4326
    assert area.boundary.centroid.x == pytest.approx(101.08, abs=0.01)


def test_a_missing_field_is_named_and_nothing_is_loaded(tmp_path):
    file = write_geojson(tmp_path / "areas.geojson", polygon_feature("KLG-9", "Klang", (101.44, 3.04)))
    with pytest.raises(CommandError, match="No field CODE; the file has: KOD, NAMA"):
        call_command("import_areas", file, "--code-field", "CODE", "--name-field", "NAMA")
    assert not Area.objects.exists()


def test_a_bad_feature_stops_the_whole_load(tmp_path):
    good = polygon_feature("KLG-8", "Klang", (101.44, 3.04))
    point = {
        "type": "Feature",
        "properties": {"KOD": "KLG-9", "NAMA": "Titik"},
        "geometry": {"type": "Point", "coordinates": [101.4, 3.0]},
    }
    file = write_geojson(tmp_path / "areas.geojson", good, point)
    with pytest.raises(CommandError, match="Feature 2: the boundary is not a polygon"):
        call_command("import_areas", file, "--code-field", "KOD", "--name-field", "NAMA")
    assert not Area.objects.exists()


CSV_HEADER = "username,full_name,area_codes,capacity,base_latitude,base_longitude\n"


def test_inspectors_load_from_csv_new_logins_without_a_password(tmp_path):
    AreaFactory(code="KLG-1")
    AreaFactory(code="KLG-2")
    file = tmp_path / "inspectors.csv"
    file.write_text(CSV_HEADER + "INS900,Hafiz bin Rahman,KLG-1;KLG-2,25,3.0449,101.4450\n")
    call_command("import_inspectors", file)
    inspector = Inspector.objects.get(user__staff_number="INS900")
    assert sorted(inspector.areas.values_list("code", flat=True)) == ["KLG-1", "KLG-2"]
    assert inspector.capacity == 25 and inspector.base_location.y == pytest.approx(3.0449)
    assert not inspector.user.has_usable_password()
    assert inspector.user.groups.filter(name="inspector").exists()


def test_an_existing_login_is_made_an_inspector(tmp_path, officer):
    AreaFactory(code="KLG-1")
    file = tmp_path / "inspectors.csv"
    file.write_text(CSV_HEADER + f"{officer.staff_number},,KLG-1,10,3.04,101.44\n")
    call_command("import_inspectors", file)
    officer.refresh_from_db()
    assert officer.inspector.capacity == 10
    assert set(officer.groups.values_list("name", flat=True)) == {"officer", "inspector"}
    assert officer.full_name == "Aminah binti Yusof" and officer.has_usable_password()


def test_bad_rows_are_reported_with_their_line_and_nothing_is_loaded(tmp_path):
    AreaFactory(code="KLG-1")
    file = tmp_path / "inspectors.csv"
    file.write_text(
        CSV_HEADER
        + "INS901,Baik,KLG-1,20,3.04,101.44\n"
        + "INS902,Kawasan Salah,KLG-99,20,3.04,101.44\n"
        + "INS903,Terbalik,KLG-1,20,101.44,3.04\n"
        + "INS904,Kapasiti,KLG-1,banyak,3.04,101.44\n"
    )
    with pytest.raises(CommandError) as refused:
        call_command("import_inspectors", file)
    message = str(refused.value)
    assert "Line 3: unknown area code(s): KLG-99" in message
    assert "Line 4: the base position is outside Malaysia" in message
    assert "Line 5: capacity must be a whole number" in message
    assert not Inspector.objects.exists()


def test_missing_columns_are_named(tmp_path):
    file = tmp_path / "inspectors.csv"
    file.write_text("username,full_name\nINS1,Nama\n")
    with pytest.raises(
        CommandError, match="Missing columns: area_codes, capacity, base_latitude, base_longitude"
    ):
        call_command("import_inspectors", file)
