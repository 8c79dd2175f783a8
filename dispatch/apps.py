from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispatchConfig(AppConfig):
    name = "dispatch"
    verbose_name = _("Dispatch")

    def ready(self) -> None:
        from detection.models import Premises
        from detection.signals import premises_changed, premises_stored
        from nforce import access, navigation

        from . import scopes  # noqa: F401 - its @scope and @widen decorators register its scopes
        from .access import ENDPOINTS, NAVIGATION
        from .receivers import dispatch_changed_premises, dispatch_stored_premises

        access.register(*ENDPOINTS)
        navigation.register(*NAVIGATION)

        premises_stored.connect(
            dispatch_stored_premises, sender=Premises, dispatch_uid="dispatch-stored-premises"
        )
        premises_changed.connect(
            dispatch_changed_premises, sender=Premises, dispatch_uid="dispatch-changed-premises"
        )
