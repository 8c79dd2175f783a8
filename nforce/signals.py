"""Signals of the ground floor; the apps above connect to them in their AppConfig.ready().

areas_changed(sender=Area, area_ids: list[int], actor: User | None)
    Sent after the transaction that created, edited or deleted enforcement areas has committed
    (the admin site; dispatch's area import). Detection places again the premises that are
    outside every area or in a changed one (detection.placing).
"""

from django.dispatch import Signal

areas_changed = Signal()
