from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("Dashboard")

    def ready(self) -> None:
        from nforce import access, navigation

        # Importing scopes registers the scopes of this app's models (its @scope decorators).
        from . import scopes, signals  # noqa: F401
        from .access import ENDPOINTS, NAVIGATION

        access.register(*ENDPOINTS)
        navigation.register(*NAVIGATION)
        signals.connect()
