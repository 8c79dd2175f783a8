from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DetectionConfig(AppConfig):
    name = "detection"
    verbose_name = _("Detection")

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

        from registry.packs import add_area_source
        from registry.signals import lookup_made

        from .counting import lookup_made as count_the_check
        from .operations import areas_of_operations_for

        lookup_made.connect(count_the_check, dispatch_uid="detection-every-check-counts")
        add_area_source("detection.operations", areas_of_operations_for)
