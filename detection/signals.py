"""Signals other parts connect to. Detection never imports them: dispatch and enforcement import
detection.

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
detection_recorded(sender=Detection, detection_id: int)
    Sent after the transaction that stored a detection with a completed outcome has committed
    (a new record, or a lookup's "checked" record completed by the officer's tap); not for a
    "checked" record, nor for a replay. Its workers (DetectionWorker) are stored by then.
    Enforcement connects here: a non-compliant outcome (detection.outcomes.NON_COMPLIANT) opens
    or updates the premises' case.
"""

from django.dispatch import Signal

premises_stored = Signal()
premises_changed = Signal()
detection_recorded = Signal()
