from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NforceConfig(AppConfig):
    name = "nforce"
    verbose_name = _("Nforce")
