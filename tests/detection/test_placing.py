"""Areas imported or edited: premises outside every area, or now in another, are placed again,
and dispatch runs for them (real PostGIS; dispatch's receiver on the real Redis queue)."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from detection.models import Premises
from detection.placing import place_premises_again
from dispatch.assign import assign_open_premises
from dispatch.models import Assignment
from nforce.models import Area, AuditEvent
from tests.factories import (
    KLANG,
    AreaFactory,
    InspectorFactory,
    PremisesFactory,
    UserFactory,
    near,
    square,
)

pytestmark = pytest.mark.django_db
RUN = "dispatch.tasks.assign_open_premises_task"


def _geojson(tmp_path, code: str, centre, half_km: float = 2.0):
    geometry = json.loads(square(centre, half_km=half_km)[0].geojson)
    feature = {
        "type": "Feature",
        "properties": {"KOD": code, "NAMA": f"Kawasan {code}"},
        "geometry": geometry,
    }
    path = tmp_path / "areas.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    return path


def _import(path) -> None:
    call_command("import_areas", path, "--code-field", "KOD", "--name-field", "NAMA")


def test_an_imported_area_places_the_premises_that_waited_outside_every_area(
    tmp_path, changed, django_capture_on_commit_callbacks
):
    waiting = PremisesFactory(location=near(KLANG, east_km=30))
    assert waiting.area is None
    with django_capture_on_commit_callbacks(execute=True):
        _import(_geojson(tmp_path, "KLG-30", (near(KLANG, east_km=30).x, near(KLANG, east_km=30).y)))
    waiting.refresh_from_db()
    assert waiting.area == Area.objects.get(code="KLG-30")
    assert changed == [([waiting.pk], "placed")]
    assert AuditEvent.objects.get(action="premises.placed").result_count == 1


def test_an_area_imported_again_smaller_moves_its_edge_premises_to_the_area_around_it(
    tmp_path, django_capture_on_commit_callbacks
):
    outer = AreaFactory(code="KLG-ALL", boundary=square(KLANG, half_km=20))
    inner = AreaFactory(code="KLG-IN", boundary=square(KLANG, half_km=5))
    edge = PremisesFactory(location=near(KLANG, north_km=4))
    centre = PremisesFactory(location=near(KLANG, north_km=0.5))
    assert edge.area == inner and centre.area == inner
    with django_capture_on_commit_callbacks(execute=True):
        _import(_geojson(tmp_path, "KLG-IN", KLANG, half_km=2))
    edge.refresh_from_db()
    centre.refresh_from_db()
    assert (edge.area, centre.area) == (outer, inner)


def test_a_grown_area_takes_the_premises_it_now_holds_from_no_area(changed):
    area = AreaFactory(code="KLG-G", boundary=square(KLANG, half_km=1))
    outside = PremisesFactory(location=near(KLANG, east_km=3))
    assert outside.area is None
    area.boundary = square(KLANG, half_km=5)
    area.save()
    placed = place_premises_again(area_ids=[area.pk])
    assert [(p.premises_id, p.area_before, p.area_now) for p in placed] == [(outside.pk, None, area.pk)]
    assert place_premises_again(area_ids=[area.pk]) == []  # a second call changes nothing


def test_a_deleted_area_leaves_its_premises_to_the_area_still_holding_them(
    admin_client, changed, django_capture_on_commit_callbacks
):
    outer = AreaFactory(code="KLG-OUT", boundary=square(KLANG, half_km=20))
    inner = AreaFactory(code="KLG-DEL", boundary=square(KLANG, half_km=2))
    shop = PremisesFactory(location=near(KLANG, north_km=1))
    assert shop.area == inner
    url = reverse("admin:nforce_area_delete", args=[inner.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    shop.refresh_from_db()
    assert shop.area == outer
    assert changed == [([shop.pk], "placed")]


def test_an_area_drawn_in_the_admin_places_the_premises_inside_it(
    admin_client, changed, django_capture_on_commit_callbacks
):
    waiting = PremisesFactory(location=near(KLANG, east_km=40))
    office = UserFactory().home_office
    centre = near(KLANG, east_km=40)
    with django_capture_on_commit_callbacks(execute=True):
        response = _add_area(admin_client, office, centre)
    assert response.status_code == 302, response.content[:2000]
    waiting.refresh_from_db()
    assert waiting.area.code == "KLG-40"


def _add_area(admin_client, office, centre):
    return admin_client.post(
        reverse("admin:nforce_area_add"),
        {
            "code": "KLG-40",
            "name": "Klang 40",
            "office": office.pk,
            "state": "Selangor",
            "boundary": square((centre.x, centre.y), half_km=1).geojson,
        },
    )


def test_dispatch_runs_for_the_newly_placed_and_gives_them_to_an_inspector_of_the_area(
    tmp_path, broker, django_capture_on_commit_callbacks
):
    waiting = PremisesFactory(location=near(KLANG, east_km=30))
    with django_capture_on_commit_callbacks(execute=True):
        _import(_geojson(tmp_path, "KLG-30", (near(KLANG, east_km=30).x, near(KLANG, east_km=30).y)))
    queued = [json.loads(raw)["headers"]["task"] for raw in broker.lrange("celery", 0, -1)]
    assert sorted(queued) == [RUN, "nforce.dashboard.refresh_premises_rollups"]
    InspectorFactory(areas=[Area.objects.get(code="KLG-30")])
    assign_open_premises(on=waiting.first_detected_at.date())
    assert Assignment.objects.get(premises=waiting).inspector.areas.get().code == "KLG-30"


def test_a_case_moves_to_an_inspector_of_the_area_its_premises_now_lies_in():
    old = AreaFactory(code="KLG-A", boundary=square(KLANG, half_km=5))
    shop = PremisesFactory(location=near(KLANG, north_km=3))
    first = InspectorFactory(areas=[old])
    assign_open_premises(on=shop.first_detected_at.date())
    assert Assignment.objects.get(premises=shop).inspector == first
    new = AreaFactory(code="KLG-B", boundary=square((KLANG[0], near(KLANG, north_km=3).y), half_km=1))
    second = InspectorFactory(areas=[new])
    place_premises_again(area_ids=[new.pk])
    assign_open_premises(on=shop.first_detected_at.date())
    assert Assignment.objects.get(premises=shop).inspector == second
    assert Premises.objects.get(pk=shop.pk).area == new
