from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Installed for its management commands (seed_demo, demo_logins); it has no models."""

    name = "demo"
