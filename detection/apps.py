from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DetectionConfig(AppConfig):
    name = "detection"
    verbose_name = _("Detection")

    def ready(self) -> None:
        from nforce import access, navigation

        from . import scopes  # noqa: F401 - its @scope decorators register the scopes of this app
        from .access import ENDPOINTS, NAVIGATION

        access.register(*ENDPOINTS)
        navigation.register(*NAVIGATION)

        from registry.signals import lookup_made

        from .checks import lookup_made as count_the_check

        lookup_made.connect(count_the_check, dispatch_uid="detection-every-check-counts")
