from importlib import import_module

from django.apps import AppConfig
from django.utils.module_loading import module_has_submodule
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


class AppOnTheGroundFloor(AppConfig):
    """The config of an app: when it is ready, it registers with the ground floor what the app
    declares, then connects the app's receivers.

    The ground floor names no app: the app's own modules, found by its name, say what it adds:
    `<app>/access.py` its rows of the access matrix (ENDPOINTS) and its navigation entries
    (NAVIGATION); `<app>/scopes.py`, where the app has models, their object scopes (its @scope and
    @widen decorators register them as it is imported).
    """

    default = False  # a base, never an app of its own: INSTALLED_APPS names each app's config

    def ready(self) -> None:
        from . import access, navigation

        declared = import_module(f"{self.name}.access")
        access.register(*declared.ENDPOINTS)
        navigation.register(*declared.NAVIGATION)
        if module_has_submodule(self.module, "scopes"):
            import_module(f"{self.name}.scopes")
        self.connect_receivers()

    def connect_receivers(self) -> None:
        """The app's signal receivers, connected once every model is loaded; none unless it says."""
