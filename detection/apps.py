from django.apps import AppConfig


class DetectionConfig(AppConfig):
    name = "detection"

    def ready(self) -> None:
        from nforce import access, navigation

        from . import scopes  # noqa: F401 - its @scope decorators register the scopes of this app
        from .access import ENDPOINTS, NAVIGATION

        access.register(*ENDPOINTS)
        navigation.register(*NAVIGATION)
