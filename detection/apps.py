from django.utils.translation import gettext_lazy as _

from nforce.apps import AppOnTheGroundFloor


class DetectionConfig(AppOnTheGroundFloor):
    name = "detection"
    verbose_name = _("Detection")

    def connect_receivers(self) -> None:
        from nforce.models import Area
        from nforce.signals import areas_changed
        from registry.packs import add_area_source
        from registry.signals import lookup_made

        from .counting import lookup_made as count_the_check
        from .operations import areas_of_operations_for
        from .receivers import place_premises_of_changed_areas

        areas_changed.connect(
            place_premises_of_changed_areas, sender=Area, dispatch_uid="detection-place-premises"
        )
        lookup_made.connect(count_the_check, dispatch_uid="detection-every-check-counts")
        add_area_source("detection.operations", areas_of_operations_for)
