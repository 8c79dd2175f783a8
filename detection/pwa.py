"""The installable app: web manifest and service worker, both served from the site root.

Scope "/" needs the service worker at /sw.js (a worker controls only the paths under its own),
so nforce/urls.py routes the two root paths here. The worker's code is static/js/sw.js; this
view puts its configuration (version, what to precache) in front of it.
"""

import hashlib
import json
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from nforce.offline import OFFLINE_HEADER, USER_HEADER

THEME_COLOUR = "#0b3d91"
BACKGROUND_COLOUR = "#ffffff"
SYNC_TAG = "nforce-outbox"
# Raise to make every phone drop its cached shell and fetch it again (the outbox stays).
SHELL_REVISION = "1"

# Static files of the app shell: whatever a cached page needs to work with no signal.
SHELL_STATIC = (
    "css/nforce.css",
    "js/app.js",
    "js/outbox.js",
    "js/sw-register.js",
    "js/detection-record.js",
    "js/offline-store.js",
    "js/offline-names.js",
    "js/offline-check.js",
    "js/check.js",
    "js/dispatch_kept.js",
    "vendor/htmx/htmx.min.js",
    "icons/icon-192.png",
    "icons/icon-512.png",
    "icons/icon-maskable-512.png",
    "icons/apple-touch-icon.png",
)
# What every map needs to draw the built-in base map with no signal (docs/maps.md). Never a file
# of SHELL_STATIC again: the service worker's cache.addAll() refuses a list with a duplicate.
MAP_STATIC = (
    "vendor/leaflet/leaflet.js",
    "vendor/leaflet/leaflet.css",
    "css/basemap.css",
    "js/basemap.js",
    "basemap/land.geojson",
    "basemap/towns.geojson",
)
# Never cached, never answered from a cache: registry and personal data, sessions, uploads.
NETWORK_ONLY_PREFIXES = ("/api/", "/admin/", "/accounts/", "/media/", "/i18n/")


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    body = {
        "id": "/",
        "name": "Nforce",
        "short_name": "Nforce",
        "description": _("Check registration in the field and record what you see, even without signal."),
        "lang": get_language(),
        "dir": "ltr",
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": _icons(),
        "shortcuts": [{"name": _("Record unregistered premises"), "url": reverse("detection:record")}],
    }
    response = JsonResponse(body, content_type="application/manifest+json")
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
    return response


def _icons() -> list[dict]:
    return [
        {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
        {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
        {
            "src": static("icons/icon-maskable-192.png"),
            "sizes": "192x192",
            "type": "image/png",
            "purpose": "maskable",
        },
        {
            "src": static("icons/icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
    ]


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    config = worker_config()
    head = f"self.NFORCE_SW = {json.dumps(config)};\nimportScripts({json.dumps(static('js/outbox.js'))});\n"
    response = HttpResponse(head + _source("js/sw.js"), content_type="application/javascript; charset=utf-8")
    # Phones check for a new worker on every visit; a cached copy would delay updates by a day.
    response["Cache-Control"] = "no-cache"
    return response


def worker_config() -> dict:
    offline_page = reverse("detection:offline")
    return {
        "version": shell_version(SHELL_REVISION),
        "precache": [static(path) for path in (*SHELL_STATIC, *MAP_STATIC)] + [offline_page],
        "offline_page": offline_page,
        "static_prefix": settings.STATIC_URL,  # not static(""): the manifest storage refuses ""
        "network_only": list(NETWORK_ONLY_PREFIXES),
        "offline_header": OFFLINE_HEADER,
        "user_header": USER_HEADER,
        # Kept at sign-in: the app opens on home; the maps' areas come with them. A page the
        # officer's roles cannot open is not kept.
        "pages": [
            reverse("home"),
            reverse("detection:record"),
            reverse("registry:check"),
            reverse("dispatch:kept"),
            reverse("map-base-layer"),
        ],
        # A page under the prefix, when neither the network nor a kept copy answers, is shown as
        # the kept page that works from the phone's own data ("My premises" -> its offline twin).
        "fallbacks": [[reverse("dispatch:mine"), reverse("dispatch:kept")]],
        "outbox_url": reverse("detection-api:detections"),
        "sync_tag": SYNC_TAG,
        "maps": map_config(),
    }


def map_config() -> dict:
    """The worker's part of the maps: the base layer it keeps per user, and the tiles it keeps
    when there is a tile server (MAP_TILE_URL): those of the user's areas, within a cap."""
    low, high = settings.MAP_OFFLINE_ZOOMS
    return {
        "layer_url": reverse("map-base-layer"),
        "tile_url": settings.MAP_TILE_URL,
        "zooms": [low, high],
        "cap_bytes": settings.MAP_OFFLINE_TILES_MB * 1024 * 1024,
    }


@cache
def shell_version(revision: str) -> str:
    """Changes whenever a shell file or the worker changes: the browser then installs the new
    worker, which replaces the caches (never the outbox, which lives in IndexedDB)."""
    digest = hashlib.sha256(revision.encode())
    for path in (*SHELL_STATIC, *MAP_STATIC, "js/sw.js"):
        digest.update(_source_bytes(path))
    return digest.hexdigest()[:16]


def _source(path: str) -> str:
    return _source_bytes(path).decode()


def _source_bytes(path: str) -> bytes:
    found = finders.find(path)
    if not found:
        raise FileNotFoundError(f"static file {path} is missing")
    with open(found, "rb") as source:
        return source.read()
