"""Bounds on a detection's time and photo (issue 16, item 13)."""

import struct
import zlib
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from detection.models import Detection
from detection.photos import MAX_UPLOAD_BYTES, NotAPhoto, digest_of, shrink
from tests.detection.conftest import _iso

URL = "/api/v1/detections"


@pytest.mark.parametrize(
    ("offset", "said"),
    [(timedelta(minutes=10), "5 minutes ahead"), (-timedelta(days=8), "more than 7 days ago")],
)
@override_settings(DETECTION_MAX_AGE_DAYS=7)
def test_an_observed_at_outside_the_allowed_span_is_refused_naming_it(api_as, officer, body, offset, said):
    response = api_as(officer).post(URL, body(observed_at=_iso(timezone.now() + offset)), format="json")
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "observed_at" and said in error["message"]
    assert not Detection.objects.exists()


def test_an_observed_at_a_little_fast_or_days_old_is_recorded(api_as, officer, body):
    for offset in (timedelta(minutes=4), -timedelta(days=6)):
        sent = body(observed_at=_iso(timezone.now() + offset))
        assert api_as(officer).post(URL, sent, format="json").status_code == 201


class _Unreadable(SimpleUploadedFile):
    def chunks(self, chunk_size=None):
        raise AssertionError("the body was read")

    def read(self, *args):
        raise AssertionError("the body was read")


def test_an_oversized_photo_is_refused_before_its_body_is_hashed():
    huge = _Unreadable("x.jpg", b"", content_type="image/jpeg")
    huge.size = MAX_UPLOAD_BYTES + 1
    with pytest.raises(NotAPhoto, match="too_large"):
        digest_of(huge)


def test_an_oversized_photo_sent_to_the_api_is_a_problem_naming_photo(api_as, officer, body):
    huge = SimpleUploadedFile("x.jpg", b"\xff\xd8" + b"0" * MAX_UPLOAD_BYTES, content_type="image/jpeg")
    response = api_as(officer).post(URL, body() | {"photo": huge}, format="multipart")
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "photo" and "15 MB" in error["message"]


def _png_header(width: int, height: int) -> bytes:
    """A PNG that declares width x height pixels and holds none: Pillow opens it from its header."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def test_a_photo_over_50_megapixels_is_refused_where_pillow_would_only_warn():
    bomb = SimpleUploadedFile("x.png", _png_header(8000, 7000), content_type="image/png")  # 56 Mpx
    with pytest.raises(NotAPhoto, match="too_many_pixels"):
        shrink(bomb, name="x.jpg")
