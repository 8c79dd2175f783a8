"""Signals other parts connect to. Detection never imports them: dispatch and enforcement import
detection.

premises_stored(sender=Premises, premises_id: int, created: bool)
    Sent after the transaction that stored a detection of an unregistered premises has
    committed: `created` is True for a new premises, False when the detection joined one.
    Dispatch connects here to enqueue its assignment task (ids only; re-read in the task).

detection_recorded(sender=Detection, detection_id: int)
    Sent after the transaction that stored a detection with a completed outcome has committed
    (a new record, or a lookup's "checked" record completed by the officer's tap); not for a
    "checked" record, nor for a replay. Its workers (DetectionWorker) are stored by then.
    Enforcement connects here: a non-compliant outcome (detection.outcomes.NON_COMPLIANT) opens
    or updates the premises' case.
"""

from django.dispatch import Signal

premises_stored = Signal()
detection_recorded = Signal()
