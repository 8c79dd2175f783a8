"""Maps that are never blank, in a real Chromium: the built-in base map with no tile server, the
areas kept for use offline, and the tiles of the user's areas kept within the cap when a tile
server is set."""

import copy
import io
import math
import random
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.gis.geos import Point
from PIL import Image

from tests.browser.conftest import service_worker_ready, wait_until
from tests.factories import KLANG, AreaFactory, InspectorFactory, OfficeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEA = (0xC9, 0xDF, 0xEB)  # the map's background (static/js/basemap.js)
AREA = (0x0B, 0x3D, 0x91)


@pytest.fixture
def klang_inspector(db):
    office = OfficeFactory(code="KLG", name="Klang", location=Point(*KLANG, srid=4326))
    OfficeFactory(code="IPH", name="Ipoh", location=Point(101.0901, 4.5975, srid=4326))
    area = AreaFactory(code="KLG-1", name="Klang Pusat", office=office)
    return InspectorFactory(areas=[area]).user


def _only_live_server(context, live_server) -> list[str]:
    """Refuses every request that is not to the live server; returns what it refused."""
    refused: list[str] = []

    def route(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    return refused


def _pixels(png: bytes) -> list[tuple[int, int, int]]:
    return list(Image.open(io.BytesIO(png)).convert("RGB").get_flattened_data())


def _near(pixel, colour, tolerance=24) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))


def test_with_no_tile_server_the_map_shows_land_areas_and_towns(
    phone, live_server, log_in, klang_inspector, shoot
):
    refused = _only_live_server(phone, live_server)
    log_in(phone, klang_inspector)
    page = phone.new_page()
    page.goto("/dispatch/")
    page.wait_for_selector("#premises-map[data-basemap=ready]")
    page.wait_for_timeout(300)  # the labels of the first redraw
    shoot(page, "my-premises-map")

    pixels = _pixels(page.locator("#premises-map").screenshot())
    background = sum(_near(p, SEA, 4) for p in pixels)
    assert background < 0.8 * len(pixels), "the map is (nearly) all sea: no land drawn"
    assert sum(_near(p, AREA, 40) for p in pixels) > 200, "no area outline drawn"
    labels = set(page.locator("#premises-map .map-label").all_text_contents())
    assert {"Klang", "Ipoh"} <= labels  # the office towns
    assert labels - {"Klang", "Ipoh", "Klang Pusat"}, "no other town named"
    assert "Natural Earth" in page.locator(".leaflet-control-attribution").inner_text()
    assert not refused, refused


def test_the_areas_of_the_map_are_kept_for_use_offline(phone, live_server, log_in, klang_inspector):
    log_in(phone, klang_inspector)
    page = phone.new_page()
    page.goto("/")
    service_worker_ready(page)
    page.goto("/dispatch/")
    page.wait_for_selector("#premises-map[data-basemap=ready]")
    phone.set_offline(True)
    layer = page.evaluate("fetch('/maps/base.geojson').then(r => r.json())")
    areas = [f["properties"]["code"] for f in layer["features"] if f["properties"]["kind"] == "area"]
    assert areas == ["KLG-1"]
    land = page.evaluate("fetch('/static/basemap/land.geojson').then(r => r.json())")
    assert "Malaysia" in {f["properties"]["name"] for f in land["features"]}


class _Tiles(BaseHTTPRequestHandler):
    """A tile server on the loopback: each tile an incompressible 256 x 256 PNG (about 200 kB)."""

    served: list[str] = []

    def do_GET(self):  # the http.server API
        self.served.append(self.path)
        noise = random.Random(self.path).randbytes(256 * 256 * 3)
        body = io.BytesIO()
        Image.frombytes("RGB", (256, 256), noise).save(body, "PNG")
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Content-Length", str(body.tell()))
        self.end_headers()
        self.wfile.write(body.getvalue())

    def log_message(self, *args):
        pass


@pytest.fixture
def tile_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Tiles)
    _Tiles.served = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_with_a_tile_server_the_tiles_of_the_users_areas_are_kept_within_the_cap(
    phone, log_in, klang_inspector, tile_server, settings
):
    settings.MAP_TILE_URL = tile_server + "/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© Test Tiles"
    settings.MAP_OFFLINE_ZOOMS = (11, 14)
    settings.MAP_OFFLINE_TILES_MB = 1
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    for directive in ("img-src", "connect-src"):
        policy["DIRECTIVES"][directive].append(tile_server)
    settings.CONTENT_SECURITY_POLICY = policy

    log_in(phone, klang_inspector)
    page = phone.new_page()
    page.goto("/")
    service_worker_ready(page)
    page.goto("/dispatch/")  # a page load asks the worker to warm up: pages, then tiles
    kept = "caches.open('nforce-tiles').then(c => c.match('/__nforce/tiles-state')).then(r => r && r.json())"
    wait_until(page, lambda: (page.evaluate(kept) or {}).get("complete"), seconds=30)
    state = page.evaluate(kept)
    assert state["full"] and 0 < state["bytes"] <= 1024 * 1024
    urls = page.evaluate("caches.open('nforce-tiles').then(c => c.keys()).then(ks => ks.map(k => k.url))")
    tiles = [url.removesuffix(".png").split("/")[-3:] for url in urls if url.startswith(tile_server)]
    assert len(tiles) == state["tiles"] >= 1
    # Lowest zoom first, and only tiles over Klang's area (the 10 km square round the town).
    assert min(int(z) for z, _x, _y in tiles) == 11 and all(_over_klang(*map(int, t)) for t in tiles)
    assert page.locator(".leaflet-control-attribution").inner_text().count("© Test Tiles") == 1

    # A kept tile comes from the worker: the tile server is not asked again.
    z, x, y = tiles[0]
    before = len(_Tiles.served)
    size = f"fetch('{tile_server}/{z}/{x}/{y}.png', {{mode: 'cors'}}).then(r => r.blob()).then(b => b.size)"
    png = page.evaluate(size)
    assert png > 0 and len(_Tiles.served) == before


def _over_klang(z: int, x: int, y: int) -> bool:
    """Does the tile overlap the area (AreaFactory: a 10 km square round Klang)?"""
    n = 2**z

    def lat(row: int) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / n))))

    west, east, north, south = x / n * 360 - 180, (x + 1) / n * 360 - 180, lat(y), lat(y + 1)
    lon, lat_ = KLANG
    return west <= lon + 0.05 and lon - 0.05 <= east and south <= lat_ + 0.05 and lat_ - 0.05 <= north
