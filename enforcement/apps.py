from django.utils.translation import gettext_lazy as _

from nforce.apps import AppOnTheGroundFloor


class EnforcementConfig(AppOnTheGroundFloor):
    name = "enforcement"
    verbose_name = _("Enforcement")

    def connect_receivers(self) -> None:
        from detection.models import Detection
        from detection.signals import detection_recorded

        from .findings import detection_recorded as record_findings

        detection_recorded.connect(record_findings, sender=Detection, dispatch_uid="enforcement-findings")
