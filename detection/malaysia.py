"""Is a position in Malaysia? A coarse outline, checked in memory (no query, no network).

The outline is hand-drawn from the coastlines and land borders, with the sea out to about the
territorial limit so that islands (Langkawi, Tioman, Labuan, Sipadan) are in. Land borders follow
the border towns to within a few kilometres, so a fix taken on a Malaysian border street may fall
just outside (and one across the border just inside): it refuses positions that are plainly
elsewhere (a phone reporting 0,0, a spoofed fix, Singapore, Batam, Brunei, Kalimantan, southern
Thailand), it is not a legal boundary. Coordinates are (longitude, latitude), WGS84.
"""

from functools import cache

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point, Polygon

PENINSULA = (
    (99.55, 6.12),  # west of Langkawi
    (99.55, 6.47),
    (100.05, 6.47),  # between Langkawi and Tarutao (Thailand)
    (100.12, 6.76),  # Perlis, Wang Kelian
    (100.26, 6.75),
    (100.36, 6.70),  # Padang Besar
    (100.45, 6.52),  # Bukit Kayu Hitam
    (100.80, 6.45),
    (101.05, 6.22),
    (101.00, 5.80),  # round the Betong salient (Thailand), west of Pengkalan Hulu
    (101.08, 5.62),
    (101.20, 5.65),
    (101.30, 5.78),
    (101.58, 5.88),
    (101.85, 5.88),
    (102.00, 6.08),  # Rantau Panjang, along the Golok river
    (102.10, 6.27),  # Pengkalan Kubor
    (102.35, 6.45),
    (103.15, 5.95),  # off Perhentian and Redang
    (103.80, 4.80),  # off Tenggol
    (103.75, 3.60),
    (104.35, 3.05),  # east of Tioman
    (104.70, 2.60),  # Pulau Aur
    (104.70, 2.25),
    (104.45, 1.55),
    (104.40, 1.32),
    (104.12, 1.33),  # Pengerang
    (104.10, 1.44),  # north of Pulau Tekong (Singapore)
    (104.00, 1.436),
    (103.90, 1.432),  # Johor Strait, Pasir Gudang / Punggol
    (103.80, 1.455),  # the Causeway: Johor Bahru / Woodlands
    (103.72, 1.455),
    (103.66, 1.41),
    (103.63, 1.36),  # the Second Link
    (103.55, 1.26),
    (103.48, 1.22),  # south of Tanjung Piai
    (103.30, 1.28),  # north of Karimun (Indonesia)
    (102.60, 1.75),  # Strait of Malacca, between Muar and Bengkalis
    (101.60, 2.55),  # north of Rupat (Indonesia)
    (100.60, 3.20),
    (100.20, 4.00),
    (99.95, 5.20),
    (99.85, 6.00),
    (99.55, 6.12),
)

BORNEO = (
    (109.55, 2.15),  # Tanjung Datu
    (109.62, 1.98),
    (109.72, 1.70),  # west of Sematan
    (110.05, 1.45),
    (110.25, 1.15),
    (110.36, 1.005),  # Tebedu / Entikong
    (110.60, 0.93),
    (111.20, 0.90),
    (111.80, 1.00),  # Lubok Antu
    (112.30, 1.25),
    (113.00, 1.22),
    (113.60, 1.32),
    (114.30, 1.50),
    (114.70, 2.15),
    (115.10, 2.65),
    (115.35, 3.15),
    (115.55, 3.60),  # Bario
    (115.70, 4.00),  # Ba Kelalan
    (115.85, 4.33),
    (116.50, 4.35),
    (117.20, 4.33),
    (117.60, 4.20),
    (118.00, 4.15),  # Sebatik, split along 4°10'N
    (118.70, 3.95),  # south of Sipadan and Ligitan
    (119.30, 4.40),
    (119.35, 5.40),  # Dent peninsula
    (118.50, 6.05),
    (118.40, 6.25),  # Turtle Islands
    (117.90, 6.50),
    (117.60, 6.80),
    (117.40, 7.40),  # Banggi
    (116.80, 7.45),
    (116.50, 7.00),  # Kudat
    (115.90, 6.40),
    (115.00, 5.50),  # off Labuan
    (114.60, 5.10),
    (113.80, 4.70),
    (112.90, 3.40),  # Bintulu
    (111.90, 3.00),
    (111.20, 2.60),
    (110.50, 1.95),
    (109.80, 2.20),
    (109.55, 2.15),
)

# Brunei: two parts, cut out of BORNEO. Limbang (Sarawak) lies between them.
BRUNEI_WEST = (
    (114.08, 4.59),
    (114.65, 4.85),
    (114.95, 4.96),
    (115.00, 4.88),
    (114.96, 4.78),
    (114.90, 4.60),
    (114.85, 4.30),
    (114.75, 4.02),
    (114.60, 4.05),
    (114.45, 4.25),
    (114.30, 4.30),
    (114.15, 4.45),
    (114.08, 4.59),
)
BRUNEI_TEMBURONG = (
    (115.04, 4.96),
    (115.15, 4.96),
    (115.35, 4.80),
    (115.35, 4.40),
    (115.20, 4.30),
    (115.10, 4.45),
    (115.04, 4.65),
    (115.04, 4.96),
)


@cache
def _outline() -> GEOSGeometry:
    brunei = MultiPolygon(Polygon(BRUNEI_WEST), Polygon(BRUNEI_TEMBURONG))
    land_and_sea = MultiPolygon(Polygon(PENINSULA), Polygon(BORNEO))
    outline = land_and_sea.difference(brunei)
    outline.srid = 4326
    outline.prepared  # noqa: B018 - built once here, then every contains() is fast
    return outline


def in_malaysia(*, longitude: float, latitude: float) -> bool:
    return _outline().prepared.contains(Point(longitude, latitude, srid=4326))
