from django.utils.translation import gettext_lazy as _

from nforce.apps import AppOnTheGroundFloor


class DispatchConfig(AppOnTheGroundFloor):
    name = "dispatch"
    verbose_name = _("Dispatch")

    def connect_receivers(self) -> None:
        from detection.models import Premises
        from detection.signals import premises_changed, premises_stored
        from enforcement.models import Case
        from enforcement.signals import case_changed

        from .receivers import dispatch_changed_premises, dispatch_stored_premises, hand_opened_case

        premises_stored.connect(
            dispatch_stored_premises, sender=Premises, dispatch_uid="dispatch-stored-premises"
        )
        premises_changed.connect(
            dispatch_changed_premises, sender=Premises, dispatch_uid="dispatch-changed-premises"
        )
        case_changed.connect(hand_opened_case, sender=Case, dispatch_uid="dispatch-hand-opened-case")
