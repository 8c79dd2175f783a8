"""The app's icons, drawn with Pillow: a white map pin on the brand blue.

Regenerate with `manage.py make_pwa_icons` (the PNGs are committed under static/icons/).
"maskable" icons fill the whole square and keep the pin inside the central safe circle
(80% of the width), since launchers cut them to a circle, a squircle or a rounded square.
"""

from pathlib import Path

from PIL import Image, ImageDraw

BRAND_BLUE = (11, 61, 145, 255)
WHITE = (255, 255, 255, 255)
SUPERSAMPLE = 4  # drawn 4x larger, then reduced: smooth edges without an anti-aliasing API

ICONS = (
    # file name, size in px, maskable
    ("icon-192.png", 192, False),
    ("icon-512.png", 512, False),
    ("icon-maskable-192.png", 192, True),
    ("icon-maskable-512.png", 512, True),
    ("apple-touch-icon.png", 180, True),  # iOS rounds the corners itself and wants no transparency
)


def draw_icon(size: int, *, maskable: bool) -> Image.Image:
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle((0, 0, big, big), fill=BRAND_BLUE)
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 0.18, fill=BRAND_BLUE)
    _pin(draw, big, scale=0.8 if maskable else 1.0)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def _pin(draw: ImageDraw.ImageDraw, big: int, *, scale: float) -> None:
    centre_x, head_y = big / 2, big * (0.5 - 0.1 * scale)
    radius = big * 0.2 * scale
    tip_y = big * (0.5 + 0.3 * scale)
    draw.ellipse((centre_x - radius, head_y - radius, centre_x + radius, head_y + radius), fill=WHITE)
    shoulder = radius * 0.8
    draw.polygon(
        [
            (centre_x - shoulder, head_y + radius * 0.6),
            (centre_x + shoulder, head_y + radius * 0.6),
            (centre_x, tip_y),
        ],
        fill=WHITE,
    )
    hole = radius * 0.42
    draw.ellipse((centre_x - hole, head_y - hole, centre_x + hole, head_y + hole), fill=BRAND_BLUE)


def write_icons(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, size, maskable in ICONS:
        path = directory / name
        icon = draw_icon(size, maskable=maskable)
        (icon.convert("RGB") if maskable else icon).save(path, format="PNG", optimize=True)
        written.append(path)
    return written
