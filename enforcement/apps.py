from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "enforcement"
    verbose_name = _("Enforcement")

    def ready(self) -> None:
        from detection import signals as detection_signals
        from detection.models import Detection
        from nforce import access, navigation

        from . import (
            findings,
            scopes,  # noqa: F401 - its @scope decorators register the scopes of this app
        )
        from .access import ENDPOINTS, NAVIGATION

        access.register(*ENDPOINTS)
        navigation.register(*NAVIGATION)
        detection_signals.detection_recorded.connect(
            findings.detection_recorded, sender=Detection, dispatch_uid="enforcement-findings"
        )
