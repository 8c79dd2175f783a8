"""Signboard photos: made small and anonymous on upload.

A phone photo is 3-12 MB with EXIF metadata (the phone's model and serial, often the position
and time again). Only the picture is kept: at most 1280 px on its longer side, JPEG, no EXIF.
"""

import hashlib
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_SIDE_PX = 1280
MAX_UPLOAD_BYTES = 15 * 1024 * 1024
JPEG_QUALITY = 82
# Decompression bombs: a small file that unpacks into a huge bitmap. 50 megapixels is more
# than any phone camera takes. Pillow only warns between this and twice this: shrink() refuses
# anything over it itself, from the header, before a pixel is decoded.
MAX_PIXELS = 50_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class NotAPhoto(ValueError):
    pass


def check_size(upload: UploadedFile) -> None:
    """Refuse an upload over MAX_UPLOAD_BYTES before anything reads it (a hash, an image parser)."""
    if upload.size is None or upload.size > MAX_UPLOAD_BYTES:
        raise NotAPhoto("too_large")


def digest_of(upload: UploadedFile) -> str:
    """SHA-256 of the upload as sent: the same photo sent twice has the same digest."""
    check_size(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def shrink(upload: UploadedFile, *, name: str) -> ContentFile:
    """The photo as a small JPEG without metadata, turned upright as the phone held it."""
    check_size(upload)
    try:
        return _shrunk(upload, name=name)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError) as error:
        raise NotAPhoto("unreadable") from error


def _shrunk(upload: UploadedFile, *, name: str) -> ContentFile:
    with Image.open(upload) as image:  # reads the header only
        if image.width * image.height > MAX_PIXELS:
            raise NotAPhoto("too_many_pixels")
        upright = ImageOps.exif_transpose(image)
        upright.thumbnail((MAX_SIDE_PX, MAX_SIDE_PX), Image.Resampling.LANCZOS)
        pixels = upright.convert("RGB")
    out = BytesIO()
    # A fresh RGB image carries no EXIF, ICC or XMP: nothing of the original file but pixels.
    pixels.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return ContentFile(out.getvalue(), name=name)
