import pytest

from detection.malaysia import in_malaysia

# (longitude, latitude) of places on each side of the outline, border towns included.
IN_MALAYSIA = {
    "Kuala Lumpur": (101.6869, 3.1390),
    "Port Klang": (101.39, 3.00),
    "Pulau Ketam": (101.25, 3.02),
    "George Town": (100.3354, 5.4141),
    "Kuah, Langkawi": (99.85, 6.32),
    "Kangar": (100.20, 6.44),
    "Padang Besar": (100.31, 6.65),
    "Bukit Kayu Hitam": (100.42, 6.51),
    "Pengkalan Hulu": (100.99, 5.70),
    "Rantau Panjang": (101.98, 6.02),
    "Kota Bharu": (102.24, 6.13),
    "Perhentian": (102.74, 5.91),
    "Kuantan": (103.33, 3.81),
    "Tioman": (104.16, 2.79),
    "Johor Bahru": (103.7578, 1.4655),
    "Tanjung Piai": (103.51, 1.27),
    "Pengerang": (104.20, 1.37),
    "Melaka": (102.25, 2.19),
    "Kuching": (110.3444, 1.5533),
    "Sematan": (109.77, 1.80),
    "Tebedu": (110.37, 1.03),
    "Sibu": (111.82, 2.29),
    "Miri": (113.99, 4.39),
    "Limbang": (115.00, 4.75),
    "Lawas": (115.41, 4.85),
    "Labuan": (115.24, 5.28),
    "Kota Kinabalu": (116.0724, 5.9804),
    "Kudat": (116.84, 6.88),
    "Sandakan": (118.07, 5.84),
    "Tawau": (117.89, 4.24),
    "Semporna": (118.61, 4.48),
    "Bario": (115.48, 3.73),
}
NOT_IN_MALAYSIA = {
    "null island (a phone with no fix)": (0.0, 0.0),
    "Singapore": (103.85, 1.29),
    "Woodlands, Singapore": (103.786, 1.436),
    "Batam": (104.03, 1.13),
    "Bandar Seri Begawan": (114.94, 4.89),
    "Bangar, Temburong": (115.07, 4.71),
    "Kuala Belait": (114.19, 4.58),
    "Hat Yai": (100.47, 7.00),
    "Betong": (101.07, 5.77),
    "Ko Tarutao": (99.65, 6.60),
    "Medan": (98.67, 3.59),
    "Dumai": (101.45, 1.67),
    "Pontianak": (109.34, -0.03),
    "Nunukan": (117.67, 4.13),
    "Entikong": (110.35, 0.98),
    "Manila": (120.98, 14.60),
}


@pytest.mark.parametrize("place", IN_MALAYSIA)
def test_places_in_malaysia_are_inside_the_outline(place):
    lon, lat = IN_MALAYSIA[place]
    assert in_malaysia(longitude=lon, latitude=lat)


@pytest.mark.parametrize("place", NOT_IN_MALAYSIA)
def test_places_outside_malaysia_are_outside_the_outline(place):
    lon, lat = NOT_IN_MALAYSIA[place]
    assert not in_malaysia(longitude=lon, latitude=lat)
