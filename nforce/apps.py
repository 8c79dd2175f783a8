from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NforceConfig(AppConfig):
    name = "nforce"
    verbose_name = _("Nforce")

    def ready(self) -> None:
        # Dashboards sit on top of detection, dispatch and registry: imported here, once every
        # app is loaded, never from nforce.models (the base every app imports).
        from .dashboard import signals

        signals.connect()
