import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from detection import pwa
from detection.capture import record_detection
from detection.queries import photo_visible_to
from nforce.roles import Role
from tests.detection.conftest import moved
from tests.factories import (
    KLANG,
    AssignmentFactory,
    DetectionFactory,
    InspectorFactory,
    PremisesFactory,
    UserFactory,
)


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def _json_script(response, element_id: str):
    html = response.content.decode()
    start = html.index(f'id="{element_id}"')
    start = html.index(">", start) + 1
    return json.loads(html[start : html.index("</script>", start)])


# --- record -----------------------------------------------------------------------------------


def test_the_record_page_asks_for_what_is_on_the_signboard(officer_client):
    response = officer_client.get(reverse("detection:record"))
    assert response.status_code == 200
    html = response.content.decode()
    for field in ("premises_name", "kind", "address", "workers_seen", "photo", "notes"):
        assert f'name="{field}"' in html
    assert 'capture="environment"' in html
    assert _json_script(response, "record-strings")["sent"] == "Sent."


def test_the_record_page_may_be_kept_offline_by_the_service_worker(officer_client):
    response = officer_client.get(reverse("detection:record"))
    assert response[pwa.OFFLINE_HEADER] == "shell"
    assert "Cookie" in response["Vary"]


def test_the_record_page_names_whose_it_is_so_that_the_phone_keeps_it_for_that_officer_only(
    officer_client, officer
):
    response = officer_client.get(reverse("detection:record"))
    assert response[pwa.USER_HEADER] == str(officer.pk)
    assert pwa.worker_config()["user_header"] == pwa.USER_HEADER


def test_the_record_page_sends_anonymous_users_to_log_in(client, db):
    response = client.get(reverse("detection:record"))
    assert response.status_code == 302
    assert pwa.OFFLINE_HEADER not in response


def test_every_page_links_the_manifest_and_loads_the_outbox(officer_client):
    html = officer_client.get(reverse("detection:mine")).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'src="/static/js/outbox.js" data-url="/api/v1/detections"' in html
    assert 'src="/static/js/sw-register.js" data-sw="/sw.js"' in html
    assert "data-outbox-badge" in html
    assert "data-guard-unsent" in html


def test_a_page_answered_to_nobody_tells_the_phone_that_nobody_is_signed_in(officer_client):
    assert "data-signed-out" in Client().get(reverse("login")).content.decode()
    assert "data-signed-out" not in officer_client.get(reverse("detection:record")).content.decode()
    # Kept on the phone and shown offline whoever holds it: it must never end anyone's session.
    assert "data-signed-out" not in Client().get(reverse("detection:offline")).content.decode()


def test_a_signed_in_page_can_ask_about_unsent_records_before_logging_out(officer_client):
    html = officer_client.get(reverse("detection:record")).content.decode()
    assert 'id="unsent-dialog"' in html
    for choice in ("stay", "keep", "delete"):
        assert f'<button value="{choice}"' in html


def test_the_login_page_has_no_outbox_badge(client, db):
    html = client.get(reverse("login")).content.decode()
    assert "data-outbox-badge" not in html
    assert 'data-user=""' in html


def test_no_page_of_detection_has_an_inline_script(officer_client, officer, submission):
    premises = record_detection(officer=officer, submission=submission()).detection.premises
    for url in (
        reverse("detection:record"),
        reverse("detection:mine"),
        reverse("detection:premises", args=[premises.pk]),
    ):
        html = officer_client.get(url).content.decode()
        scripts = html.split("<script")[1:]
        assert all(
            ' src="' in tag.split(">")[0] or 'type="application/json"' in tag.split(">")[0] for tag in scripts
        )
        assert " style=" not in html


# --- my detections ------------------------------------------------------------------------------


def test_my_detections_lists_and_maps_only_my_detections_of_today(officer_client, officer, other_officer):
    DetectionFactory(officer=officer, premises_name="Kedai Pagi Ini")
    DetectionFactory(
        officer=officer, premises_name="Kedai Semalam", observed_at=timezone.now() - timedelta(days=2)
    )
    DetectionFactory(officer=other_officer, premises_name="Kedai Orang Lain")
    response = officer_client.get(reverse("detection:mine"))
    html = response.content.decode()
    assert "Kedai Pagi Ini" in html
    assert "Kedai Semalam" not in html
    assert "Kedai Orang Lain" not in html
    features = _json_script(response, "detections-geojson")["features"]
    assert [feature["properties"]["label"] for feature in features] == ["Kedai Pagi Ini"]


def test_my_detections_draws_the_built_in_base_map_and_no_tiles_unless_set(officer_client, settings):
    settings.MAP_TILE_URL = ""
    response = officer_client.get(reverse("detection:mine"))
    config = _json_script(response, "nforce-map-config")
    assert config["tiles"] is None
    assert config["land"] == "/static/basemap/land.geojson" and config["layer"] == "/maps/base.geojson"
    html = response.content.decode()
    assert "/static/vendor/leaflet/leaflet.js" in html and "/static/js/basemap.js" in html


def test_my_detections_gives_the_map_its_tiles_from_settings(officer_client, settings):
    settings.MAP_TILE_URL = "https://tiles.example.my/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© Example Tiles"
    config = _json_script(officer_client.get(reverse("detection:mine")), "nforce-map-config")
    assert config["tiles"] == {"url": settings.MAP_TILE_URL, "attribution": "© Example Tiles"}


def test_my_detections_takes_as_many_queries_for_10_detections_as_for_1(officer_client, officer):
    DetectionFactory(officer=officer)
    with CaptureQueriesContext(connection) as one:
        officer_client.get(reverse("detection:mine"))
    DetectionFactory.create_batch(9, officer=officer)
    with CaptureQueriesContext(connection) as ten:
        officer_client.get(reverse("detection:mine"))
    assert len(ten) == len(one)


def test_my_detections_says_when_a_detection_joined_an_existing_premises(
    officer_client, officer, other_officer, submission
):
    record_detection(officer=other_officer, submission=submission(premises_name="Restoran Selera Kampung"))
    record_detection(
        officer=officer,
        submission=submission(premises_name="Restoran Selera Kampong", position=moved(*KLANG, east_m=20)),
    )
    html = officer_client.get(reverse("detection:mine")).content.decode()
    assert "Joined the premises recorded 20 m away: the names are 67% alike." in html


# --- premises -----------------------------------------------------------------------------------


def test_a_premises_page_shows_every_detection_behind_it_and_how_it_joined(
    officer_client, officer, other_officer, submission
):
    first = record_detection(officer=officer, submission=submission(premises_name="Restoran Selera Kampung"))
    record_detection(
        officer=other_officer,
        submission=submission(premises_name="Restoran Selera Kampong", position=moved(*KLANG, north_m=20)),
    )
    html = officer_client.get(
        reverse("detection:premises", args=[first.detection.premises_id])
    ).content.decode()
    assert "2 detections" in html
    assert "First sighting: a new premises was opened." in html
    assert "Joined the premises recorded 20 m away" in html
    assert officer.full_name in html and other_officer.full_name in html


def test_a_premises_that_does_not_exist_is_404(officer_client):
    assert officer_client.get(reverse("detection:premises", args=[999999])).status_code == 404


# --- signboard photos -----------------------------------------------------------------------------

JPEG_BYTES = b"\xff\xd8\xff\xd9"  # the smallest JPEG: start and end markers


def photo_of(detection) -> str:
    """Writes the detection's photo file; its path under MEDIA_ROOT (the URL after /media/)."""
    name = f"detections/2026/12/{detection.client_uuid}.jpg"
    target = Path(settings.MEDIA_ROOT) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(JPEG_BYTES)
    detection.photo.name = name
    detection.save(update_fields=["photo"])
    return name


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_signboard_photo_is_shown_to_its_officer_and_kept_by_no_browser(officer):
    name = photo_of(DetectionFactory(officer=officer))
    response = signed_in(officer).get(f"/media/{name}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == JPEG_BYTES
    assert {"no-store", "private"} <= {part.strip() for part in response["Cache-Control"].split(",")}


def test_a_signboard_photo_is_404_to_an_officer_who_may_not_see_its_premises(officer, other_officer):
    name = photo_of(DetectionFactory(officer=other_officer))
    assert signed_in(officer).get(f"/media/{name}").status_code == 404


def test_a_signboard_photo_is_shown_to_whoever_may_see_its_premises(officer, other_officer):
    premises = PremisesFactory(created_by=other_officer)
    name = photo_of(DetectionFactory(officer=other_officer, premises=premises))
    DetectionFactory(officer=officer, premises=premises)  # she found it too: its page is hers to see
    inspector = InspectorFactory()
    AssignmentFactory(premises=premises, inspector=inspector)
    outsider = UserFactory(roles=[Role.INSPECTOR])
    assert signed_in(officer).get(f"/media/{name}").status_code == 200
    assert signed_in(inspector.user).get(f"/media/{name}").status_code == 200
    assert signed_in(outsider).get(f"/media/{name}").status_code == 404


def test_a_file_that_no_detection_names_is_nobodys(officer):
    Path(settings.MEDIA_ROOT, "detections").mkdir(parents=True)
    Path(settings.MEDIA_ROOT, "detections", "stray.jpg").write_bytes(JPEG_BYTES)
    admin = UserFactory(is_superuser=True, is_staff=True, roles=[Role.SUPERVISOR])
    assert not photo_visible_to(admin, name="detections/stray.jpg")
    assert signed_in(admin).get("/media/detections/stray.jpg").status_code == 404


# --- offline page, manifest, service worker -------------------------------------------------------


def test_the_offline_page_is_the_same_for_everyone_and_names_nobody(officer_client, officer):
    html = officer_client.get(reverse("detection:offline")).content.decode()
    assert 'data-user=""' in html
    assert officer.full_name not in html
    assert "csrfmiddlewaretoken" not in html
    assert reverse("detection:record") in html


def test_the_manifest_makes_the_app_installable(client, db):
    response = client.get("/manifest.webmanifest")
    manifest = response.json()
    assert response["Content-Type"] == "application/manifest+json"
    assert manifest["name"] and manifest["short_name"] == "Nforce"
    assert manifest["start_url"] == "/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#0b3d91"
    assert manifest["lang"] == "en"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    assert any(icon["purpose"] == "maskable" for icon in manifest["icons"])


def test_the_manifest_speaks_the_officers_language(client, db):
    client.cookies["django_language"] = "ms"
    assert client.get("/manifest.webmanifest").json()["lang"] == "ms"


@pytest.mark.parametrize(
    ("name", "size"),
    [
        ("icon-192.png", 192),
        ("icon-512.png", 512),
        ("icon-maskable-192.png", 192),
        ("icon-maskable-512.png", 512),
        ("apple-touch-icon.png", 180),
    ],
)
def test_each_icon_is_a_png_of_its_stated_size(name, size):
    with Image.open(finders.find(f"icons/{name}")) as icon:
        assert (icon.format, icon.size) == ("PNG", (size, size))


def test_a_maskable_icon_fills_its_whole_square():
    with Image.open(finders.find("icons/icon-maskable-512.png")) as icon:
        corner = icon.convert("RGBA").getpixel((0, 0))
    assert corner[3] == 255


def test_the_service_worker_is_served_from_the_root_never_stale(client, db):
    response = client.get("/sw.js")
    source = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert source.startswith("self.NFORCE_SW = ")
    assert 'importScripts("/static/js/outbox.js")' in source
    assert 'addEventListener("sync"' in source


def test_the_service_worker_precaches_files_that_exist_and_the_offline_page():
    config = pwa.worker_config()
    assert reverse("detection:offline") in config["precache"]
    for url in config["precache"]:
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), url
    # cache.addAll() refuses a list that names a file twice: the service worker would never install.
    assert len(config["precache"]) == len(set(config["precache"]))


def test_the_service_worker_never_caches_the_api():
    assert "/api/" in pwa.worker_config()["network_only"]


def test_a_new_shell_revision_is_a_new_service_worker_version():
    assert pwa.shell_version("1") != pwa.shell_version("2")
    assert pwa.shell_version("1") == pwa.shell_version("1")
