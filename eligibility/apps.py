from django.apps import AppConfig


class EligibilityConfig(AppConfig):
    name = "eligibility"

    def ready(self) -> None:
        from nforce import access, navigation

        # No scopes: eligibility has no model of its own (it reads the registry's).
        from .access import ENDPOINTS, NAVIGATION

        access.register(*ENDPOINTS)
        navigation.register(*NAVIGATION)
