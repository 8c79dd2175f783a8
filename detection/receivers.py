"""Receivers of the ground floor's signals, connected in DetectionConfig.ready()."""

from .placing import place_premises_again


def place_premises_of_changed_areas(sender, area_ids: list[int], actor=None, **kwargs) -> None:
    """nforce sends areas_changed after commit: the premises they concern are placed again now."""
    place_premises_again(area_ids=area_ids, actor=actor)
