from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NforceConfig(AppConfig):
    name = "nforce"
    verbose_name = _("Nforce")

    def ready(self) -> None:
        # Importing tokens and login_backoff connects their receivers (and the token's schema);
        # importing scopes registers the scopes of the ground floor's models (its @scope decorators).
        from . import access, login_backoff, navigation, scopes, tokens  # noqa: F401

        access.register(*access.ENDPOINTS)
        navigation.register(*navigation.ENTRIES)
