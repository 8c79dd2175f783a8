"""Signals other parts connect to. Detection never imports them: dispatch imports detection.

premises_stored(sender=Premises, premises_id: int, created: bool)
    Sent after the transaction that stored a detection of an unregistered premises has
    committed: `created` is True for a new premises, False when the detection joined one.
    Dispatch connects here to enqueue its assignment task (ids only; re-read in the task).

premises_changed(sender=Premises, premises_ids: list[int], why: str)
    Sent after commit when premises changed other than by a sighting: `why` is "placed" (their
    area was recomputed after areas were imported or edited: detection.placing), or a
    supervisor's data-quality decision, "merged", "excluded" or "split" (detection.quality).
    Dispatch runs again (it places, moves or closes their cases); the dashboard recomputes the
    days they count on.
"""

from django.dispatch import Signal

premises_stored = Signal()
premises_changed = Signal()
