from django.conf import settings

from .navigation import entries_for
from .roles import roles_of


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {
        "nav_entries": entries_for(user),
        "user_roles": [role.label for role in sorted(roles_of(user))],
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
