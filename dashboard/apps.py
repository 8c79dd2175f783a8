from django.utils.translation import gettext_lazy as _

from nforce.apps import AppOnTheGroundFloor


class DashboardConfig(AppOnTheGroundFloor):
    name = "dashboard"
    verbose_name = _("Dashboard")

    def connect_receivers(self) -> None:
        from . import signals

        signals.connect()
