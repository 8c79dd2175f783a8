from nforce.apps import AppOnTheGroundFloor


class RegistryConfig(AppOnTheGroundFloor):
    name = "registry"
