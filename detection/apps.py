from django.apps import AppConfig


class DetectionConfig(AppConfig):
    name = "detection"

    def ready(self) -> None:
        from nforce import access, navigation
        from nforce.models import Area
        from nforce.signals import areas_changed

        from . import scopes  # noqa: F401 - its @scope decorators register the scopes of this app
        from .access import ENDPOINTS, NAVIGATION
        from .receivers import place_premises_of_changed_areas

        access.register(*ENDPOINTS)
        navigation.register(*NAVIGATION)
        areas_changed.connect(
            place_premises_of_changed_areas, sender=Area, dispatch_uid="detection-place-premises"
        )
