from nforce.apps import AppOnTheGroundFloor


class EligibilityConfig(AppOnTheGroundFloor):
    """No scopes: eligibility has no model of its own (it reads the registry's)."""

    name = "eligibility"
