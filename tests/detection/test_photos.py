from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from detection.photos import MAX_UPLOAD_BYTES, NotAPhoto, digest_of, shrink

ORIENTATION = 0x0112
MAKE = 0x010F


def phone_photo(width: int, height: int, *, orientation: int = 1) -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[MAKE] = "PhoneMaker"
    data = BytesIO()
    Image.new("RGB", (width, height), (30, 120, 200)).save(data, format="JPEG", exif=exif.tobytes())
    return SimpleUploadedFile("IMG_0001.jpg", data.getvalue(), content_type="image/jpeg")


def opened(content) -> Image.Image:
    return Image.open(BytesIO(content.read()))


def test_a_large_photo_is_made_at_most_1280_px_on_its_longer_side():
    image = opened(shrink(phone_photo(4000, 3000), name="x.jpg"))
    assert image.size == (1280, 960)
    assert image.format == "JPEG"


def test_a_small_photo_is_not_enlarged():
    assert opened(shrink(phone_photo(640, 480), name="x.jpg")).size == (640, 480)


def test_the_photo_keeps_no_exif_metadata():
    image = opened(shrink(phone_photo(2000, 1000), name="x.jpg"))
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info


def test_a_photo_taken_with_the_phone_on_its_side_is_turned_upright():
    # Orientation 6: the sensor's landscape pixels are shown rotated to portrait.
    assert opened(shrink(phone_photo(2000, 1000, orientation=6), name="x.jpg")).size == (640, 1280)


def test_a_file_that_is_not_an_image_is_refused():
    with pytest.raises(NotAPhoto):
        shrink(SimpleUploadedFile("x.jpg", b"plain text"), name="x.jpg")


def test_a_file_over_15_mb_is_refused_before_it_is_read():
    huge = SimpleUploadedFile("x.jpg", b"0" * (MAX_UPLOAD_BYTES + 1))
    with pytest.raises(NotAPhoto, match="too_large"):
        shrink(huge, name="x.jpg")


def test_the_same_photo_has_the_same_digest_and_can_be_read_again():
    photo = phone_photo(100, 100)
    assert digest_of(photo) == digest_of(phone_photo(100, 100))
    assert photo.read(2) == b"\xff\xd8"
