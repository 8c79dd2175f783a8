from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from .navigation import entries_for
from .roles import roles_of

# Where the built-in base layer's data comes from (docs/maps.md): shown on every map.
BASE_ATTRIBUTION = "Natural Earth · GeoNames (CC BY 4.0)"


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {
        "nav_entries": entries_for(user),
        "user_roles": [role.label for role in sorted(roles_of(user))],
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "map_config": map_config(),
    }


def map_config() -> dict:
    """What static/js/basemap.js needs, for the pages' {{ map_config|json_script }}."""
    tiles = {"url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}
    return {
        "land": static("basemap/land.geojson"),
        "towns": static("basemap/towns.geojson"),
        "layer": reverse("map-base-layer"),
        "attribution": BASE_ATTRIBUTION,
        "tiles": tiles if settings.MAP_TILE_URL else None,
    }
