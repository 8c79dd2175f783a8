from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import include, path, reverse
from django.utils import timezone
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from PIL import Image
from rest_framework.test import APIClient

from detection.models import Detection, Premises
from tests.detection.conftest import moved
from tests.factories import KLANG, DetectionFactory, UserFactory

URL = "/api/v1/detections"
MINE_URL = "/api/v1/detections/mine"


def jpeg(width: int = 2000, height: int = 1500) -> BytesIO:
    data = BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(data, format="JPEG")
    data.seek(0)
    data.name = "signboard.jpg"
    return data


def test_the_api_paths_are_the_contract():
    assert reverse("detection-api:detections") == URL
    assert reverse("detection-api:mine") == MINE_URL


def test_a_new_detection_is_created_with_201_and_returned(api_as, officer, body):
    response = api_as(officer).post(URL, body(), format="json")
    assert response.status_code == 201
    record = response.json()
    assert record["outcome"] == "unregistered"
    assert record["premises"]["name"] == "Restoran Selera Kampung"
    assert record["premises_match"] == "new premises"
    assert record["premises_match_text"] == "First sighting: a new premises was opened."
    assert (record["longitude"], record["latitude"]) == pytest.approx(KLANG)


def test_a_replay_returns_the_stored_record_with_200_and_creates_nothing(api_as, officer, body):
    sent = body()
    first = api_as(officer).post(URL, sent, format="json")
    again = api_as(officer).post(URL, sent, format="json")
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Detection.objects.count() == 1


def test_stored_and_replayed_answers_name_the_client_uuid_the_phone_deletes_by(api_as, officer, body):
    sent = body()
    first = api_as(officer).post(URL, sent, format="json")
    again = api_as(officer).post(URL, sent, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["client_uuid"] == again.json()["client_uuid"] == sent["client_uuid"]


def test_a_record_made_on_the_phone_by_another_officer_is_refused_and_not_filed(
    api_as, officer, other_officer, body
):
    response = api_as(officer).post(
        URL, body(), format="json", headers={"X-Nforce-Officer": str(other_officer.pk)}
    )
    assert response.status_code == 403
    assert "another officer" in response.json()["detail"]
    assert not Detection.objects.exists()


def test_a_record_sent_by_the_officer_who_made_it_is_stored(api_as, officer, body):
    response = api_as(officer).post(URL, body(), format="json", headers={"X-Nforce-Officer": str(officer.pk)})
    assert response.status_code == 201
    assert Detection.objects.get().officer == officer


def test_the_same_uuid_with_another_body_is_409_naming_client_uuid(api_as, officer, body):
    sent = body()
    api_as(officer).post(URL, sent, format="json")
    response = api_as(officer).post(URL, sent | {"notes": "changed"}, format="json")
    assert response.status_code == 409
    assert response.json()["errors"] == [
        {"field": "client_uuid", "message": "This client_uuid was already used for a different detection."}
    ]


@pytest.mark.parametrize(
    "missing", ["client_uuid", "observed_at", "latitude", "longitude", "accuracy_m", "outcome"]
)
def test_a_missing_required_field_is_400_naming_it(api_as, officer, body, missing):
    sent = body()
    del sent[missing]
    response = api_as(officer).post(URL, sent, format="json")
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == [missing]
    assert not Detection.objects.exists()


def test_an_unknown_outcome_is_400_naming_outcome(api_as, officer, body):
    response = api_as(officer).post(URL, body(outcome="maybe"), format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "outcome"


def test_a_position_outside_malaysia_is_400_with_a_clear_message(api_as, officer, body):
    response = api_as(officer).post(URL, body(latitude=1.29, longitude=103.85), format="json")  # Singapore
    problem = response.json()
    assert response.status_code == 400
    assert [error["field"] for error in problem["errors"]] == ["latitude", "longitude"]
    assert "1.29000, 103.85000) is outside Malaysia" in problem["detail"]


def test_a_position_may_be_sent_as_lat_and_lon_and_replays_as_the_same_body(api_as, officer, body):
    spelled = body()
    short = {key: value for key, value in spelled.items() if key not in {"latitude", "longitude"}}
    short |= {"lat": spelled["latitude"], "lon": spelled["longitude"]}
    first = api_as(officer).post(URL, short, format="json")
    again = api_as(officer).post(URL, spelled, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert (first.json()["longitude"], first.json()["latitude"]) == pytest.approx(KLANG)


def test_a_latitude_beyond_90_is_400_naming_latitude(api_as, officer, body):
    response = api_as(officer).post(URL, body(latitude=91), format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "latitude"


def test_a_photo_sent_as_multipart_is_stored_small(api_as, officer, body):
    sent = body(workers_seen=2) | {"photo": jpeg(3000, 2000)}
    response = api_as(officer).post(URL, sent, format="multipart")
    assert response.status_code == 201
    stored = Detection.objects.get().photo
    with Image.open(stored.path) as image:
        assert max(image.size) == 1280
    assert response.json()["photo"].endswith(".jpg")


def test_a_photo_replayed_with_the_same_body_is_200(api_as, officer, body):
    sent = body()
    api_as(officer).post(URL, sent | {"photo": jpeg()}, format="multipart")
    again = api_as(officer).post(URL, sent | {"photo": jpeg()}, format="multipart")
    assert again.status_code == 200
    assert Detection.objects.count() == 1


def test_a_file_that_is_not_an_image_is_400_naming_photo(api_as, officer, body):
    text = BytesIO(b"not a picture")
    text.name = "signboard.jpg"
    response = api_as(officer).post(URL, body() | {"photo": text}, format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "photo"


def test_an_anonymous_caller_cannot_record(body, db):
    assert APIClient().post(URL, body(), format="json").status_code in (401, 403)


def test_staff_without_a_role_cannot_record(api_as, body, db):
    assert api_as(UserFactory()).post(URL, body(), format="json").status_code == 403


def test_a_session_post_without_the_csrf_header_is_refused(officer, body):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(officer)
    assert client.post(URL, body(), format="json").status_code == 403
    client.cookies["csrftoken"] = "a" * 32
    assert client.post(URL, body(), format="json", HTTP_X_CSRFTOKEN="a" * 32).status_code == 201


# --- GET /api/v1/detections/mine --------------------------------------------------------------


def test_mine_is_geojson_of_the_officers_own_detections_today(api_as, officer, other_officer):
    DetectionFactory(officer=officer, premises_name="Kedai Hari Ini")
    DetectionFactory(officer=officer, observed_at=timezone.now() - timedelta(days=3))
    DetectionFactory(officer=other_officer)
    response = api_as(officer).get(MINE_URL)
    collection = response.json()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    assert collection["type"] == "FeatureCollection"
    [feature] = collection["features"]
    assert feature["geometry"]["type"] == "Point"
    assert feature["geometry"]["coordinates"] == pytest.approx(list(KLANG))
    assert feature["properties"]["label"] == "Kedai Hari Ini"
    assert feature["properties"]["outcome_label"] == "unregistered"


def test_mine_for_the_last_7_days_includes_older_detections(api_as, officer):
    DetectionFactory(officer=officer)
    DetectionFactory(officer=officer, observed_at=timezone.now() - timedelta(days=3))
    assert len(api_as(officer).get(MINE_URL, {"days": 7}).json()["features"]) == 2


def test_mine_refuses_a_bad_number_of_days_naming_days(api_as, officer):
    response = api_as(officer).get(MINE_URL, {"days": 0})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "days"


def test_mine_never_carries_a_workers_id_or_name(api_as, officer, body):
    api_as(officer).post(
        URL, body(outcome="unregistered", id_number="900101-10-1235", premises_name=""), format="json"
    )
    text = api_as(officer).get(MINE_URL).content.decode()
    assert "900101" not in text
    assert '"label": "a worker"' in text or '"label":"a worker"' in text


def test_mine_takes_the_same_queries_for_2_or_20_detections(api_as, officer, django_assert_num_queries):
    client = api_as(officer)
    DetectionFactory.create_batch(2, officer=officer, premises=None)
    client.get(MINE_URL)  # roles cached on the user from here on
    with django_assert_num_queries(1):
        assert len(client.get(MINE_URL).json()["features"]) == 2
    DetectionFactory.create_batch(18, officer=officer, premises=None)
    with django_assert_num_queries(1):
        assert len(client.get(MINE_URL).json()["features"]) == 20


def test_detections_joined_to_a_premises_say_how_in_mine(api_as, officer, other_officer, body):
    api_as(officer).post(URL, body(premises_name="Kedai Runcit Ah Seng"), format="json")
    lon, lat = moved(*KLANG, north_m=15)
    api_as(other_officer).post(
        URL, body(premises_name="Kedai Runcit Ah Sen", latitude=lat, longitude=lon), format="json"
    )
    [feature] = api_as(other_officer).get(MINE_URL).json()["features"]
    assert feature["properties"]["premises_match"].startswith("joined: 15 m, name ")
    assert Premises.objects.count() == 1


# --- schema -----------------------------------------------------------------------------------


def test_the_schema_of_the_detection_api_builds_without_warnings():
    GENERATOR_STATS.reset()
    generator = SchemaGenerator(patterns=[path("api/v1/", include("detection.api_urls"))])
    schema = generator.get_schema(request=None, public=True)
    assert set(schema["paths"]) == {URL, MINE_URL, "/api/v1/operations"}
    assert not GENERATOR_STATS._warn_cache
    assert not GENERATOR_STATS._error_cache
