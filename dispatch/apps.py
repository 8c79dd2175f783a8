from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispatchConfig(AppConfig):
    name = "dispatch"
    verbose_name = _("Dispatch")

    def ready(self) -> None:
        from detection.models import Premises
        from detection.signals import premises_stored

        from .receivers import dispatch_stored_premises

        premises_stored.connect(
            dispatch_stored_premises, sender=Premises, dispatch_uid="dispatch-stored-premises"
        )
